// pack → inspect → verify on a real bundle: wheels built by real pip + gcc (the pack tests'
// fixtures), the real CLI, hashes by sha256sum, tags from pip's own wheel file names.
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { skipUnless } from "@pyflink-devkit/reference-tools";
import { buildWheelhouses, makeJob, runCli, sha256sum, SKIP_REASON, SKIP_REF, tempDir, wheelNames, type Wheelhouses } from "./helpers.js";

interface InspectJson {
  runtime: { profileId: string; flink: string };
  artifacts: { path: string; bytes: number; sha256: string; role: string; contents: { name: string; kind: string }[] }[];
  distributions: { name: string; version: string; tags: string[]; location: string; zipSafe?: boolean }[];
  jars: { path: string; flinkArtifacts: string[] }[];
  worker: { pythonFiles: string[]; archives: { path: string; target: string }[]; entry?: { kind: string; path?: string } };
  warnings: string[];
}

const skip = SKIP_REASON !== undefined;
let wheels: Wheelhouses;
let out: string;
let deployConfigFile: string;

beforeAll(async () => {
  if (skip) return;
  wheels = await buildWheelhouses();
  const cacheDir = await tempDir("pyflink-pack-cache-");
  const project = await makeJob({ findLinks: wheels.manylinux, requirements: ["pfdemo", "pfnative"] });
  out = path.join(await tempDir("pyflink-pack-out-"), "bundle");
  const packed = runCli(["--project", project, "--target", "flink", "--flink", "1.20", "--python", "3.11", "--out", out, "--json", "--cache-dir", cacheDir]);
  if (packed.status !== 0) throw new Error(`pack failed:\n${packed.stderr}`);
  deployConfigFile = path.join(path.dirname(out), "pack.json");
  await writeFile(deployConfigFile, packed.stdout);
});

/** `pfnative-0.1.0-cp311-cp311-manylinux2014_x86_64.whl` → `cp311-cp311-manylinux2014_x86_64`, as pip named it. */
function tagFromWheelName(name: string): string {
  return name.replace(/\.whl$/, "").split("-").slice(-3).join("-");
}

describe(`inspect and verify a bundle pack wrote (skipped: ${SKIP_REASON ?? ""})`, skipUnless(SKIP_REF), () => {
  it("inspect --json lists every artifact with its role and a sha256 that sha256sum agrees with", () => {
    const result = runCli(["inspect", out, "--json"]);
    expect(result.status).toBe(0);
    const report = JSON.parse(result.stdout) as InspectJson;
    expect(report.runtime.profileId).toBe("flink-1.20-py3.11-x86_64");
    const roles = Object.fromEntries(report.artifacts.map((artifact) => [artifact.path, artifact.role]));
    expect(roles).toEqual({
      "data.zip": "python.archives",
      "deps.zip": "python.files",
      "job.zip": "python.files",
      "lib/flink-sql-connector-kafka-3.2.0-1.19.jar": "jar",
      "main.py": "entry script",
      "pyflink-pack.deploy.json": "deploy config (pyflink-pack)",
      "pyflink-pack.lock.json": "lock file",
    });
    for (const artifact of report.artifacts) expect(artifact.sha256).toBe(sha256sum(path.join(out, artifact.path)));
  });

  it("shows each shipped package with the tags pip gave its wheel, and the lock's zip-safety", async () => {
    const report = JSON.parse(runCli(["inspect", out, "--json"]).stdout) as InspectJson;
    const byName = Object.fromEntries(report.distributions.map((dist) => [dist.name, dist]));
    for (const wheel of await wheelNames(wheels.manylinux)) {
      const name = wheel.split("-")[0] ?? "";
      expect(byName[name]?.tags).toEqual([tagFromWheelName(wheel)]);
      expect(byName[name]?.location).toBe("deps.zip");
    }
    // six comes with apache-flink (python-dateutil needs it): provided, not shipped.
    expect(byName.six).toBeUndefined();
    // pfdemo reads words.txt beside its __file__ (see its fixture source): not zip-safe.
    expect(byName.pfdemo?.zipSafe).toBe(false);
    const deps = report.artifacts.find((artifact) => artifact.path === "deps.zip");
    expect(deps?.contents.map((item) => item.name).sort()).toEqual(["pfdemo", "pfnative"]);
  });

  it("warns that the 1.19 Kafka connector does not match the Flink 1.20 runtime", () => {
    const report = JSON.parse(runCli(["inspect", out, "--json"]).stdout) as InspectJson;
    expect(report.jars).toEqual([{ path: "lib/flink-sql-connector-kafka-3.2.0-1.19.jar", bytes: expect.any(Number) as number, flinkArtifacts: ["flink-sql-connector-kafka 3.2.0-1.19 (Flink 1.19)"] }]);
    expect(report.warnings.join("\n")).toMatch(/built for Flink 1\.19, but the target runs Flink 1\.20/);
  });

  it("prints tables for people", () => {
    const result = runCli(["inspect", out]);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^ARTIFACT\s+SIZE\s+ROLE\s+SHA256$/m);
    expect(result.stdout).toMatch(/^pfnative\s+0\.1\.0\s+cp311-cp311-manylinux2014_x86_64/m);
  });

  it("verify passes the bundle: layout from the deploy config, every package imports with CPython 3.11", () => {
    const result = runCli(["verify", out, "--deploy-config", deployConfigFile, "--json"]);
    const report = JSON.parse(result.stdout) as { ok: boolean; problems: string[]; imports: { module: string; ok: boolean }[]; pythonPath: string[] };
    expect(report.problems).toEqual([]);
    expect(result.status).toBe(0);
    expect(report.imports.map((check) => check.module)).toEqual(["main", "pfdemo", "pfnative"]);
    expect(report.pythonPath).toEqual(["python-files/file-0/job", "python-files/file-1/deps"]);
  });

  it("inspect shows the deploy config pack printed, read from the bundle with its real directory", async () => {
    const report = JSON.parse(runCli(["inspect", out, "--json"]).stdout) as InspectJson & { deployConfig: unknown };
    const packed = JSON.parse(await readFile(deployConfigFile, "utf8")) as { deployConfig: { workingDirectory: string } };
    expect(packed.deployConfig.workingDirectory).toBe(out);
    expect(report.deployConfig).toEqual(packed.deployConfig);
  });

  it("verify needs no --deploy-config: the bundle carries its layout", () => {
    const result = runCli(["verify", out, "--json"]);
    const report = JSON.parse(result.stdout) as { problems: string[]; imports: { module: string }[]; pythonPath: string[]; notes: string[] };
    expect(report.problems).toEqual([]);
    expect(result.status).toBe(0);
    expect(report.notes.join("\n")).toContain("layout from the flink deploy config (python.files, python.archives, python.executable, -py/-pym), read from pyflink-pack.deploy.json");
    expect(report.pythonPath).toEqual(["python-files/file-0/job", "python-files/file-1/deps"]);
  });

  it("inspect refuses a path that is not a bundle, naming it", () => {
    const result = runCli(["inspect", path.join(out, "no-such-bundle")]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("no-such-bundle: no such bundle");
  });
});
