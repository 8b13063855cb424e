// mypy's daemon (dmypy, from Flink's pinned mypy 1.5.1, with Flink's tox.ini) against mypy itself on a
// copy of a real Flink checkout: the dev loop shows the daemon's answer, so it must be mypy's.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { CHECKS, installEnvironments, readProject, type CheckContext, type CheckDefinition } from "@pyflink-devkit/lint-python";
import { copyFixture, fixtureAvailable, requirement, skipNow, skipUnless, valueOf, type FixtureCopy } from "@pyflink-devkit/reference-tools";
import { run } from "@pyflink-devkit/runner";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CheckDaemonHost } from "../src/index.js";
import { descendantsOf, isAlive } from "../bench/dev-harness.js";
import { findingLines, flinkPython } from "./flink-python-support.js";

const python = flinkPython;
const MODULE = "pyflink/common/configuration.py";
const findings = findingLines;

describe("mypy's daemon on a copy of Flink's flink-python", skipUnless(fixtureAvailable("flink-checkout"), requirement(python !== undefined, "python:3.10-3.12", "interpreter", "no Python 3.10-3.12 found")), () => {
  let copy: FixtureCopy | undefined;
  let project = "";
  let host: CheckDaemonHost | undefined;
  let context: (files: readonly string[]) => CheckContext;
  const found = CHECKS.find((definition) => definition.name === "mypy");
  if (found === undefined) throw new Error("lint-python's table has no mypy check");
  const mypy: CheckDefinition = found;
  let envMissing: string | undefined;

  beforeAll(async () => {
    copy = valueOf(await copyFixture("flink-checkout"));
    project = path.join(copy.dir, "flink-python");
    const installed = await installEnvironments({ projectDir: project, pythons: [python ?? "3.11"], checks: ["mypy"] });
    const env = installed.environments.find((candidate) => candidate.purpose === "mypy");
    if (env?.status !== "ready" || env.dir === undefined) {
      envMissing = `Flink's mypy environment could not be built: ${env?.message ?? "not built"}`;
      return;
    }
    const envPython = path.join(env.dir, "bin", "python");
    const pythonProject = await readProject(project);
    const scratchDir = path.join(copy.dir, "scratch");
    context = (files) => ({ project: pythonProject, python: envPython, changedFiles: files, scratchDir, mode: "direct", toxEnvs: [], tox: undefined, interpreterDirs: [] });
    const statusFile = path.join(copy.dir, "dmypy.json");
    const daemon = mypy.daemon?.(context([]), statusFile);
    if (daemon === undefined) throw new Error("lint-python's mypy check has no daemon");
    host = new CheckDaemonHost({ definition: mypy, spec: daemon, workDir: path.join(copy.dir, "work"), projectDir: project }, statusFile);
  }, 900_000);

  afterAll(async () => {
    await host?.close();
    await copy?.remove();
  });

  it("reports a seeded type error exactly as mypy does, drops the daemon-only findings (its forced local partial types) and passes when mypy passes", async (test) => {
    if (envMissing !== undefined || host === undefined) return skipNow(test, "env:mypy", "pypi", envMissing ?? "no host");
    const file = path.join(project, MODULE);
    const original = readFileSync(file, "utf8");
    writeFileSync(file, `${original}\nseeded: int = "not an int"\n`);
    const cold = mypy.command(context([MODULE]));
    if (cold.kind !== "run") throw new Error(`mypy skipped ${MODULE}`);
    const coldRun = await run(cold.file, cold.args, { cwd: project, env: cold.env, reject: false });
    const coldFindings = findings(`${coldRun.stdout}\n${coldRun.stderr}`, mypy);
    expect(coldRun.exitCode).toBe(1);
    expect(coldFindings).toEqual([expect.stringMatching(/^pyflink\/common\/configuration\.py:\d+: error: Incompatible types in assignment \(expression has type "str", variable has type "int"\)/)]);

    const answer = await host.check(context([MODULE]), new AbortController().signal, path.join(copy?.dir ?? "", "mypy.log"));
    if ("skip" in answer) throw new Error(answer.skip);
    expect(answer.exitCode).toBe(1);
    expect(findings(answer.output, mypy)).toEqual(coldFindings);
    // The raw daemon said more: Flink's module-level `x = None` assigned in functions (java_gateway.py:35).
    expect(answer.dropped).toBeGreaterThan(0);

    // Fixed again: both pass, and the daemon answers without another cold run (the verdicts are kept by content).
    writeFileSync(file, original);
    const fixed = await host.check(context([MODULE]), new AbortController().signal, path.join(copy?.dir ?? "", "mypy.log"));
    if ("skip" in fixed) throw new Error(fixed.skip);
    expect(fixed.exitCode).toBe(0);
    expect(fixed.confirmedCold).toBe(false);
    expect(findings(fixed.output, mypy)).toEqual([]);
  }, 900_000);

  it("a file outside tox.ini's [mypy] files is not sent to the daemon", async (test) => {
    if (envMissing !== undefined || host === undefined) return skipNow(test, "env:mypy", "pypi", envMissing ?? "no host");
    const answer = await host.check(context(["pyflink/fn_execution/coders.py"]), new AbortController().signal, path.join(copy?.dir ?? "", "mypy.log"));
    expect("skip" in answer ? answer.skip : "answered").toMatch(/no changed Python files within .*tox\.ini/);
  });

  it("a daemon that dies is started again on the next check, and close() leaves no process", async (test) => {
    if (envMissing !== undefined || host === undefined) return skipNow(test, "env:mypy", "pypi", envMissing ?? "no host");
    const servers = descendantsOf(process.pid).filter((child) => child.command.includes("mypy.dmypy") && child.command.includes(" daemon "));
    expect(servers).toHaveLength(1);
    for (const server of servers) process.kill(server.pid, "SIGKILL");
    await new Promise((resolve) => setTimeout(resolve, 200));
    const answer = await host.check(context([MODULE]), new AbortController().signal, path.join(copy?.dir ?? "", "mypy.log"));
    if ("skip" in answer) throw new Error(answer.skip);
    expect(answer.exitCode).toBe(0);
    const restarted = descendantsOf(process.pid).filter((child) => child.command.includes("mypy.dmypy"));
    expect(restarted.map((child) => child.pid)).not.toEqual(servers.map((server) => server.pid));
    await host.close();
    expect(restarted.filter((child) => isAlive(child.pid))).toEqual([]);
    expect(existsSync(path.join(project, ".mypy_cache"))).toBe(false);
  }, 900_000);
});
