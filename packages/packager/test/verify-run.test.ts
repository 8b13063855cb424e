// pack → verify --run on real PyFlink (apache-flink from the pip index, a real JDK), through the
// real CLI. Skips, saying why, without java.
import { cpSync, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { findExecutable } from "@pyflink-devkit/runner";
import { describe, expect, it } from "vitest";
import { PACKAGE_DIR, runCli } from "./helpers.js";
import { requirement, skipUnless } from "@pyflink-devkit/reference-tools";

// The bounded semver-UDF job job-runner's tests run directly; here it is packed first.
const SEMVER_JOB = path.resolve(PACKAGE_DIR, "..", "job-runner", "test", "fixtures", "semver-udf-job");

const HAVE_JAVA = findExecutable("java") !== undefined || (process.env.JAVA_HOME ?? "") !== "";

/** A project of the semver job that declares semver, so pack ships it in deps.zip. */
function semverProject(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "verify-run-semver-"));
  cpSync(SEMVER_JOB, dir, { recursive: true });
  writeFileSync(path.join(dir, "requirements.txt"), "semver==3.0.4\n");
  return dir;
}

interface RunJson {
  readonly problems: readonly string[];
  readonly run?: { readonly mode: string; readonly status: string; readonly flink: string; readonly python: string; readonly detail: string; readonly output: string };
}

describe("verify --run", skipUnless(requirement(HAVE_JAVA, "debian:java", "debian", "no java on PATH and no JAVA_HOME (Debian package openjdk-17-jdk-headless)")), () => {
  it(
    "executes a packed bounded job on the MSF 1.20 runtime's apache-flink (1.20.x): the UDF imports semver from deps.zip in a real worker",
    () => {
      const project = semverProject();
      const out = path.join(mkdtempSync(path.join(os.tmpdir(), "verify-run-out-")), "bundle");
      const packed = runCli(["--project", project, "--target", "flink", "--flink", "1.20", "--python", "3.11", "--out", out, "--quiet"]);
      expect(packed.status, packed.stderr).toBe(0);
      const verified = runCli(["verify", out, "--run", "--json"]);
      const report = JSON.parse(verified.stdout) as RunJson;
      if (report.run?.status === "skipped") return;
      expect(report.run, JSON.stringify(report.problems)).toMatchObject({ mode: "executed", status: "passed" });
      expect(report.run?.flink).toMatch(/^1\.20\.\d+$/);
      expect(verified.status).toBe(0);
      // datagen's sequence 1..5; semver's major bump of n.0.0 is n+1 (semver.org, rule 8).
      const rows = (report.run?.output ?? "").split("\n").map((l) => /([+-][IUD]\[.*\])$/.exec(l.trim())?.[1]).filter((r): r is string => r !== undefined).sort();
      expect(rows).toEqual(["+I[1, 2]", "+I[2, 3]", "+I[3, 4]", "+I[4, 5]", "+I[5, 6]"]);
    },
    1_200_000,
  );
});

describe("MSF jarfile without a jar", () => {
  it("pack refuses a user jarfile run option when the project has no jar to put there", () => {
    const project = semverProject();
    writeFileSync(
      path.join(project, "application_properties.json"),
      JSON.stringify([{ PropertyGroupId: "kinesis.analytics.flink.run.options", PropertyMap: { python: "main.py", jarfile: "lib/pyflink-dependencies.jar" } }]),
    );
    const out = path.join(mkdtempSync(path.join(os.tmpdir(), "verify-run-out-")), "bundle");
    const packed = runCli(["--project", project, "--target", "msf", "--flink", "1.20", "--out", out, "--quiet"]);
    expect(packed.status).toBe(1);
    expect(packed.stderr).toContain('sets "jarfile": "lib/pyflink-dependencies.jar", but the project has no jar');
  }, 600_000);
});
