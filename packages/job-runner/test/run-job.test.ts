// Runs real jobs on real PyFlink releases (apache-flink from the pip index, in python-env's cache)
// with a real JDK; the connector jar is built by Maven from Maven Central. Skips, saying why, when
// one of those is missing.
import { cpSync, mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { buildPomJars } from "@pyflink-devkit/pom-build";
import { findExecutable, run } from "@pyflink-devkit/runner";
import { describe, expect, it } from "vitest";
import { checkJdk, javaMajor, JobRunnerError, runJob, type JobRunOutcome } from "../src/index.js";
import { apacheFlink, APACHE_FLINK_PINS, requirement, skipNow, skipNowUnless, skipUnless } from "@pyflink-devkit/reference-tools";

const FIXTURES = fileURLToPath(new URL("./fixtures/", import.meta.url));
const RUN_TIMEOUT = 900_000;

/** A copy of a fixture job, so runs never write into the repository. */
function copyFixture(name: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), `job-runner-${name}-`));
  cpSync(path.join(FIXTURES, name), dir, { recursive: true });
  return dir;
}

/** semver installed for the runtime's Python into a directory shipped as python.files, as a bundle's deps are. */
async function semverDir(python: string): Promise<string> {
  const target = mkdtempSync(path.join(os.tmpdir(), "job-runner-deps-"));
  await run(python, ["-m", "pip", "install", "--quiet", "--no-deps", "--target", target, "semver==3.0.4"], { timeoutMs: 600_000 });
  return target;
}

/** The rows Flink's print sink wrote ("2> +I[1, 10]" → "+I[1, 10]"), sorted. */
function printedRows(outcome: JobRunOutcome): string[] {
  return outcome.output
    .split("\n")
    .map((line) => /^(?:\d+> )?([+-][IUD]\[.*\])$/.exec(line.trim())?.[1])
    .filter((row): row is string => row !== undefined)
    .sort();
}

describe("javaMajor (the version strings Java releases print)", () => {
  it("reads Java 8's 1.x scheme and the JEP 223 scheme", () => {
    expect(javaMajor('openjdk version "1.8.0_392"')).toBe(8);
    expect(javaMajor('openjdk version "17.0.15" 2025-04-15')).toBe(17);
    expect(javaMajor('java version "21" 2023-09-19')).toBe(21);
  });
});

describe("checkJdk", () => {
  it("says what is missing and how to fix it when there is no Java", async () => {
    const check = await checkJdk("1.20.0", { PATH: "/nonexistent", JAVA_HOME: "" });
    expect(check.java).toBeUndefined();
    expect(check.problem).toMatch(/no Java found.*install a JDK/);
  });
  it("refuses Java 8 for Flink 2.x, which dropped it", async (context) => {
    const java = findExecutable("java");
    if (java === undefined) skipNow(context, "debian:java", "debian", "no java on PATH");
    const check = await checkJdk("2.2.0");
    if (check.major === 8) expect(check.problem).toMatch(/supports Java 11, 17, 21/);
    else expect(check.problem).toBeUndefined();
  });
});

describe("runJob input errors", () => {
  it("a jar the layout names but that is not there is an error naming it", async () => {
    const job = copyFixture("semver-udf-job");
    await expect(
      runJob({ layout: { entry: { script: path.join(job, "main.py") }, pythonFiles: [], archives: [], jars: [path.join(job, "lib/missing.jar")] }, pyflink: "1.20.0", python: "3.11" }),
    ).rejects.toThrow(JobRunnerError);
  });
});

// apache-flink releases and the Python each is run with (both publish cp311 wheels on PyPI): the
// reference 1.20 release every package's tests share, and a 2.x one.
const RUNTIMES = [
  { pyflink: APACHE_FLINK_PINS.default, python: "3.11" },
  { pyflink: "2.2.0", python: "3.11" },
] as const;

type Skippable = Parameters<typeof skipNowUnless>[0];

/** apache-flink from reference-tools (one cached install the tests of every package share), as runJob's environment. */
async function flinkEnv(context: Skippable, runtime: { readonly pyflink: string; readonly python: string }): Promise<{ pyflink: string; python: string; environment: { python: string } }> {
  const ref = await apacheFlink(runtime.pyflink, runtime.python);
  skipNowUnless(context, ref);
  if (!ref.ok) throw new Error(ref.missing.reason);
  return { pyflink: runtime.pyflink, python: runtime.python, environment: { python: ref.value.python } };
}

for (const runtime of RUNTIMES) {
  describe(`a bounded job with a Python UDF on PyFlink ${runtime.pyflink}`, () => {
    it(
      "is executed on the local mini cluster, the UDF importing the shipped semver in a real worker",
      async (context) => {
        const flink = await flinkEnv(context, runtime);
        const jdk = await checkJdk(runtime.pyflink);
        if (jdk.problem !== undefined) return skipNow(context, "debian:java", "debian", jdk.problem);
        // The runtime environment holds apache-flink and its own requirements, but not semver.
        const probe = await run(flink.environment.python, ["-c", "import semver"], { reject: false });
        expect(probe.exitCode).not.toBe(0);
        const job = copyFixture("semver-udf-job");
        const deps = await semverDir(flink.environment.python);
        const outcome = await runJob({ ...flink, layout: { entry: { script: path.join(job, "main.py") }, pythonFiles: [deps], archives: [], jars: [] } });
        expect(outcome, outcome.detail).toMatchObject({ status: "passed", mode: "executed", flink: runtime.pyflink });
        expect(outcome.python.startsWith(runtime.python)).toBe(true);
        // datagen's sequence 1..5; semver's major bump of n.0.0 is n+1 (semver.org, rule 8).
        expect(printedRows(outcome)).toEqual(["+I[1, 2]", "+I[2, 3]", "+I[3, 4]", "+I[4, 5]", "+I[5, 6]"]);
      },
      RUN_TIMEOUT,
    );
  });
}

describe("planted defects", () => {
  it(
    "a dependency missing from the bundle fails the executed job with the worker's ModuleNotFoundError",
    async (context) => {
      const flink = await flinkEnv(context, RUNTIMES[0]);
      const jdk = await checkJdk(RUNTIMES[0].pyflink);
      if (jdk.problem !== undefined) return skipNow(context, "debian:java", "debian", jdk.problem);
      const job = copyFixture("semver-udf-job");
      const outcome = await runJob({ ...flink, layout: { entry: { script: path.join(job, "main.py") }, pythonFiles: [], archives: [], jars: [] } });
      expect(outcome).toMatchObject({ status: "failed", mode: "executed" });
      expect(outcome.detail).toContain("No module named 'semver'");
    },
    RUN_TIMEOUT,
  );

  describe("a Kinesis job", skipUnless(requirement(findExecutable("mvn") !== undefined, "debian:maven", "debian", "no mvn on PATH (Debian package maven)")), () => {
    it(
      "is planned with the connector jar Maven builds, and fails naming the missing factory without it",
      async (context) => {
        const flink = await flinkEnv(context, RUNTIMES[0]);
        const jdk = await checkJdk(RUNTIMES[0].pyflink);
        if (jdk.problem !== undefined) return skipNow(context, "debian:java", "debian", jdk.problem);
        const built = await buildPomJars({ projectDir: copyFixture("kinesis-connector"), cacheDir: path.join(os.homedir(), ".cache", "pyflink-devkit") });
        const job = copyFixture("kinesis-job");
        const entry = { script: path.join(job, "main.py") };
        const planned = await runJob({ ...flink, layout: { entry, pythonFiles: [], archives: [], jars: [built.jar] } });
        expect(planned, planned.detail).toMatchObject({ status: "passed", mode: "planned" });
        // The plan reads the source and writes the sink the DDL declared.
        expect(planned.submissions[0]?.plan).toMatch(/TableSourceScan\(table=\[\[default_catalog, default_database, prices\]\]/);
        expect(planned.submissions[0]?.tables).toBe("output[kinesis], prices[kinesis]");

        const missing = await runJob({ ...flink, layout: { entry, pythonFiles: [], archives: [], jars: [] } });
        expect(missing).toMatchObject({ status: "failed", mode: "planned" });
        expect(missing.detail).toContain("Could not find any factory for identifier 'kinesis'");
      },
      RUN_TIMEOUT,
    );
  });
});

describe("a compiled dependency built for another CPython", () => {
  it(
    "fails the executed job, and the detail says which file is built for which Python",
    async (context) => {
      const flink = await flinkEnv(context, RUNTIMES[0]);
      const jdk = await checkJdk(RUNTIMES[0].pyflink);
      if (jdk.problem !== undefined) return skipNow(context, "debian:java", "debian", jdk.problem);
      // ujson's cp312 wheel, as a pack for the wrong Python would ship it.
      const deps = mkdtempSync(path.join(os.tmpdir(), "job-runner-cp312-"));
      await run(
        flink.environment.python,
        ["-m", "pip", "install", "--quiet", "--no-deps", "--only-binary=:all:", "--python-version", "3.12", "--implementation", "cp", "--abi", "cp312", "--platform", "manylinux2014_x86_64", "--target", deps, "ujson==5.10.0"],
        { timeoutMs: 600_000 },
      );
      const job = copyFixture("ujson-udf-job");
      const outcome = await runJob({ ...flink, layout: { entry: { script: path.join(job, "main.py") }, pythonFiles: [deps], archives: [], jars: [] } });
      expect(outcome).toMatchObject({ status: "failed", mode: "executed" });
      expect(outcome.detail).toContain("No module named 'ujson'");
      expect(outcome.detail).toMatch(/ujson\.cpython-312-x86_64-linux-gnu\.so is built for CPython 3\.12, the runtime runs Python 3\.11/);
    },
    RUN_TIMEOUT,
  );
});
