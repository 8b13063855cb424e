// The warm pytest worker against `python -m pytest` itself, on a copy of a real Flink checkout with
// Flink's tests environment: the dev loop shows the worker's answer, so it must be pytest's.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { CHECKS, installEnvironments, readProject, type CheckContext, type CheckDefinition } from "@pyflink-devkit/lint-python";
import { copyFixture, fixtureAvailable, requirement, skipNow, skipUnless, valueOf, type FixtureCopy } from "@pyflink-devkit/reference-tools";
import { run } from "@pyflink-devkit/runner";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { descendantsOf, isAlive } from "../bench/dev-harness.js";
import { findingLines, flinkPython } from "./flink-python-support.js";
import { WarmPytest } from "../src/index.js";

const python = flinkPython;
const PROTO = "pyflink/proto/flink-fn-execution.proto";
const problems = findingLines;

describe("the warm pytest worker on a copy of Flink's flink-python", skipUnless(fixtureAvailable("flink-checkout"), requirement(python !== undefined, "python:3.10-3.12", "interpreter", "no Python 3.10-3.12 found")), () => {
  let copy: FixtureCopy | undefined;
  let project = "";
  let command: { file: string; args: readonly string[]; env: Readonly<Record<string, string>> } | undefined;
  let warm: WarmPytest | undefined;
  let envMissing: string | undefined;
  const found = CHECKS.find((definition) => definition.name === "tests");
  if (found === undefined) throw new Error("lint-python's table has no tests check");
  const tests: CheckDefinition = found;

  beforeAll(async () => {
    copy = valueOf(await copyFixture("flink-checkout"));
    project = path.join(copy.dir, "flink-python");
    const installed = await installEnvironments({ projectDir: project, pythons: [python ?? "3.11"], checks: ["tests"] });
    const env = installed.environments.find((candidate) => candidate.purpose === "tests");
    if (env?.status !== "ready" || env.dir === undefined) {
      envMissing = `Flink's tests environment could not be built: ${env?.message ?? "not built"}`;
      return;
    }
    const context: CheckContext = { project: await readProject(project), python: path.join(env.dir, "bin", "python"), changedFiles: undefined, scratchDir: path.join(copy.dir, "scratch"), mode: "direct", toxEnvs: [], tox: undefined, interpreterDirs: [] };
    // Exactly the command lint:python runs for Flink without its Java build: the bindings' sync test.
    const table = tests.command(context);
    if (table.kind !== "run") throw new Error(`the tests check skipped: ${table.reason}`);
    command = table;
    warm = new WarmPytest({ python: table.file, cwd: project, workDir: path.join(copy.dir, "work"), learnedFile: path.join(copy.dir, "work", "learned.json") });
  }, 900_000);

  afterAll(async () => {
    await warm?.close();
    await copy?.remove();
  });

  const cold = async (): Promise<{ exitCode: number; problems: string[] }> => {
    if (command === undefined) throw new Error("no command");
    const result = await run(command.file, command.args, { cwd: project, env: command.env, reject: false });
    return { exitCode: result.exitCode, problems: problems(`${result.stdout}\n${result.stderr}`, tests) };
  };
  const warmRun = async (name: string): Promise<{ exitCode: number; problems: string[] }> => {
    if (command === undefined || warm === undefined) throw new Error("no command");
    expect(command.args.slice(0, 2)).toEqual(["-m", "pytest"]);
    const result = await warm.run(command.args.slice(2), command.env, new AbortController().signal, path.join(copy?.dir ?? "", `${name}.log`));
    return { exitCode: result.exitCode, problems: problems(result.output, tests) };
  };

  it("a proto whose bindings are stale fails Flink's sync test in the worker as in pytest itself, and both pass again once the proto is back; a learned (preloaded) run answers the same", async (test) => {
    if (envMissing !== undefined || command === undefined) return skipNow(test, "env:tests", "pypi", envMissing ?? "no command");
    const proto = path.join(project, PROTO);
    const original = readFileSync(proto, "utf8");
    writeFileSync(proto, `${original}\nmessage StaleProbe {\n  int64 id = 1;\n}\n`);
    const stale = await cold();
    expect(stale.exitCode).toBe(1);
    expect(stale.problems).toEqual([expect.stringMatching(/^FAILED pyflink\/fn_execution\/tests\/test_flink_fn_execution_pb2\.py::FlinkFnExecutionTests::test_flink_fn_execution_pb2_synced/)]);
    expect(await warmRun("stale-1")).toEqual(stale);
    // The second run forks from an interpreter that preloaded what the first imported (apache_beam, grpc_tools, …).
    expect(await warmRun("stale-2")).toEqual(stale);

    writeFileSync(proto, original);
    const synced = await cold();
    expect(synced).toEqual({ exitCode: 0, problems: [] });
    expect(await warmRun("synced")).toEqual(synced);
  }, 900_000);

  it("a cancelled run kills its fork, and close() leaves no process", async (test) => {
    if (envMissing !== undefined || command === undefined || warm === undefined) return skipNow(test, "env:tests", "pypi", envMissing ?? "no command");
    const abort = new AbortController();
    const running = warm.run(command.args.slice(2), command.env, abort.signal, path.join(copy?.dir ?? "", "cancelled.log"));
    setTimeout(() => { abort.abort(); }, 300);
    expect((await running).cancelled).toBe(true);
    const children = descendantsOf(process.pid).filter((child) => child.command.includes("warm_pytest.py"));
    expect(children.length).toBeGreaterThan(0);
    await warm.close();
    expect(children.filter((child) => isAlive(child.pid))).toEqual([]);
  }, 300_000);
});
