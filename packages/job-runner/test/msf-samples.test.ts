// AWS's five MSF sample jobs (../shared/fixtures/msf-examples), laid out as their own assembly.xml
// zips them (main.py at the root, lib/pyflink-dependencies.jar from their pom), with the run
// options of their README, and run on the real PyFlink of their runtime: they read or write
// Kinesis / S3, so every one is planned, the connector factories coming from the Maven-built jar.
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { buildPomJars, PomBuildError } from "@pyflink-devkit/pom-build";
import { findExecutable } from "@pyflink-devkit/runner";
import { describe, expect, it } from "vitest";
import { checkJdk, JobRunnerError, msfLayout, runJob } from "../src/index.js";
import { apacheFlink, APACHE_FLINK_PINS, requirement, skipNow, skipNowUnless, skipUnless } from "@pyflink-devkit/reference-tools";

const SAMPLES = fileURLToPath(new URL("../../../../shared/fixtures/msf-examples/python/", import.meta.url));
const SKIP = !existsSync(SAMPLES) ? "../shared/fixtures/msf-examples is absent" : findExecutable("mvn") === undefined ? "no mvn on PATH" : undefined;
// MSF's Flink 1.20 runtime runs Python 3.11 (AWS's runtime table).
// The reference 1.20 release every package's tests share (reference-tools' apacheFlink()).
const RUNTIME = { pyflink: APACHE_FLINK_PINS.default, python: "3.11" } as const;

/** RUNTIME with its environment from reference-tools, as runJob takes it; skips (recorded) when it cannot be installed. */
async function flinkEnv(context: Parameters<typeof skipNowUnless>[0]): Promise<{ pyflink: string; python: string; environment: { python: string } }> {
  const ref = await apacheFlink(RUNTIME.pyflink, RUNTIME.python);
  skipNowUnless(context, ref);
  if (!ref.ok) throw new Error(ref.missing.reason);
  return { ...RUNTIME, environment: { python: ref.value.python } };
}
const CACHE = path.join(os.homedir(), ".cache", "pyflink-devkit");

// The Maven Central mirror our build machines reach lacks the SQL (shaded) Kinesis connector of
// 4.3.0-1.19; the same release's plain artifact is there, and a shaded build of it carries the same
// 'kinesis' table factory. Applied to the temp copy of the pom only.
const UNREACHABLE_ARTIFACTS: readonly { readonly from: string; readonly to: string }[] = [
  { from: "<artifactId>flink-sql-connector-kinesis</artifactId>", to: "<artifactId>flink-connector-kinesis</artifactId>" },
];

// Expected connectors: read from each sample's main.py DDL by hand.
const SAMPLE_TABLES: Record<string, string> = {
  GettingStarted: "output[kinesis], prices[kinesis]",
  S3Sink: "sensor_readings[datagen], sensors_out[filesystem]",
  UDF: "output[kinesis], sensor_readings[datagen], sensor_readings_fahrenheit[view]",
  PythonDependencies: "fun_facts[view], output[kinesis], random_numbers[datagen]",
  Windowing: "sensor_readings[datagen], sliding_event_time_out[kinesis], sliding_proc_time_out[kinesis], tumbling_event_time_out[kinesis], tumbling_proc_time_out[kinesis]",
};

const RUN_OPTIONS = { PropertyGroupId: "kinesis.analytics.flink.run.options", PropertyMap: { python: "main.py", jarfile: "lib/pyflink-dependencies.jar" } };

/** The application as AWS's assembly.xml zips it, extracted; the run options the README asks for added when the file lacks them. */
function layOut(sample: string, jar: string | undefined): { appDir: string; properties: string } {
  const appDir = mkdtempSync(path.join(os.tmpdir(), `msf-app-${sample}-`));
  copyFileSync(path.join(SAMPLES, sample, "main.py"), path.join(appDir, "main.py"));
  if (existsSync(path.join(SAMPLES, sample, "requirements.txt"))) copyFileSync(path.join(SAMPLES, sample, "requirements.txt"), path.join(appDir, "requirements.txt"));
  if (jar !== undefined) {
    mkdirSync(path.join(appDir, "lib"));
    copyFileSync(jar, path.join(appDir, "lib", "pyflink-dependencies.jar"));
  }
  const groups = JSON.parse(readFileSync(path.join(SAMPLES, sample, "application_properties.json"), "utf8")) as { PropertyGroupId: string }[];
  const withOptions = groups.some((g) => g.PropertyGroupId === RUN_OPTIONS.PropertyGroupId) ? groups : [RUN_OPTIONS, ...groups];
  const properties = path.join(mkdtempSync(path.join(os.tmpdir(), "msf-props-")), "application_properties.json");
  writeFileSync(properties, JSON.stringify(withOptions));
  return { appDir, properties };
}

async function buildSampleJar(sample: string): Promise<string> {
  const project = mkdtempSync(path.join(os.tmpdir(), `msf-pom-${sample}-`));
  cpSync(path.join(SAMPLES, sample), project, { recursive: true });
  let pom = readFileSync(path.join(project, "pom.xml"), "utf8");
  for (const { from, to } of UNREACHABLE_ARTIFACTS) pom = pom.replaceAll(from, to);
  writeFileSync(path.join(project, "pom.xml"), pom);
  return (await buildPomJars({ projectDir: project, cacheDir: CACHE })).jar;
}

describe(`the five MSF samples on PyFlink ${RUNTIME.pyflink} (skipped: ${SKIP ?? ""})`, skipUnless(requirement(existsSync(SAMPLES), "fixture:msf-examples", "fixture", SKIP ?? ""), requirement(SKIP === undefined || !existsSync(SAMPLES), "debian:maven", "debian", SKIP ?? "")), () => {
  for (const sample of Object.keys(SAMPLE_TABLES)) {
    it(
      `${sample}: planned with the connector factories of its Maven-built jar`,
      async (context) => {
        const flink = await flinkEnv(context);
        const jdk = await checkJdk(RUNTIME.pyflink);
        if (jdk.problem !== undefined) return skipNow(context, "debian:java", "debian", jdk.problem);
        let jar: string;
        try {
          jar = await buildSampleJar(sample);
        } catch (error) {
          // GettingStarted's flink-connector-aws-kinesis-streams 5.0.0-1.20 is not on every mirror:
          // the failure must name it; the run itself cannot happen then.
          if (error instanceof PomBuildError && /Could not (find|resolve)/.test(error.message)) {
            expect(error.message).toMatch(/org\.apache\.flink:[\w-]+:[\w.-]+/);
            return skipNow(context, "maven:msf-sample-connector", "maven", `Maven cannot resolve the sample's connector here: ${error.message.split(". The pom")[0] ?? ""}`);
          }
          throw error;
        }
        const { appDir, properties } = layOut(sample, jar);
        const outcome = await runJob({ ...flink, layout: await msfLayout(appDir, properties) });
        expect(outcome, `${outcome.detail}\n${outcome.output}`).toMatchObject({ status: "passed", mode: "planned", flink: RUNTIME.pyflink });
        expect(outcome.submissions.length).toBeGreaterThan(0);
        expect(outcome.submissions[0]?.tables).toBe(SAMPLE_TABLES[sample]);
        expect(outcome.submissions[0]?.plan).toMatch(/== Optimized Execution Plan ==/);
      },
      900_000,
    );
  }

  it("a dangling jarfile (the README's run options, no jar in the application) is an error naming it", async () => {
    const { appDir, properties } = layOut("UDF", undefined);
    await expect(msfLayout(appDir, properties)).rejects.toThrow(JobRunnerError);
    await expect(msfLayout(appDir, properties)).rejects.toThrow(/"jarfile": "lib\/pyflink-dependencies\.jar".*not in the application/);
  });

  it(
    "the connector jar missing from the application fails planning naming the factory",
    async (context) => {
      const flink = await flinkEnv(context);
      const { appDir, properties } = layOut("UDF", undefined);
      const layout = await msfLayout(appDir, path.join(path.dirname(properties), "none.json")).catch(() => undefined);
      expect(layout).toBeUndefined();
      const groups = JSON.parse(readFileSync(properties, "utf8")) as { PropertyGroupId: string; PropertyMap: Record<string, string> }[];
      const noJar = groups.map((g) => (g.PropertyGroupId === RUN_OPTIONS.PropertyGroupId ? { ...g, PropertyMap: { python: "main.py" } } : g));
      writeFileSync(properties, JSON.stringify(noJar));
      const outcome = await runJob({ ...flink, layout: await msfLayout(appDir, properties) });
      expect(outcome).toMatchObject({ status: "failed", mode: "planned" });
      expect(outcome.detail).toContain("Could not find any factory for identifier 'kinesis'");
    },
    900_000,
  );
});
