// What `pack` itself now checks: jars merged into one fat jar for MSF's single jarfile, and the
// native audit failing a bundle before it reaches --out. Real CLI; jars and listings by the JDK
// and Info-ZIP.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { skipUnless, systemTools } from "@pyflink-devkit/reference-tools";
import { pack, PackError } from "../src/index.js";
import { makeJob, runCli, tempDir } from "./helpers.js";

/** A jar built by the JDK's `jar` with one service provider line. */
function serviceJar(dir: string, name: string, provider: string): string {
  const classes = path.join(dir, `${name}-classes`);
  mkdirSync(path.join(classes, "META-INF", "services"), { recursive: true });
  writeFileSync(path.join(classes, "META-INF", "services", "org.apache.flink.table.factories.Factory"), `${provider}\n`);
  const jar = path.join(dir, name);
  execFileSync("jar", ["--create", "--file", jar, "-C", classes, "."]);
  return jar;
}

describe("pack merges jars for MSF (skipped: needs the JDK's jar and unzip)", skipUnless(systemTools("jar", "unzip")), () => {
  it("two connector jars become lib/pyflink-dependencies.jar with both service lines, named in jarfile", async () => {
    const project = await makeJob({ jar: false });
    mkdirSync(path.join(project, "lib"), { recursive: true });
    serviceJar(path.join(project, "lib"), "flink-sql-connector-kinesis-5.0.0-1.20.jar", "org.example.KinesisFactory");
    serviceJar(path.join(project, "lib"), "flink-sql-connector-kafka-3.2.0-1.19.jar", "org.example.KafkaFactory");
    const out = path.join(await tempDir("pyflink-pack-out-"), "bundle");
    const result = runCli(["--project", project, "--target", "msf", "--flink", "1.20", "--out", out, "--json", "--no-cache"]);
    expect(result.stderr).not.toContain("exactly one jarfile");
    expect(result.status).toBe(0);
    const report = JSON.parse(result.stdout) as { deployConfig: { PropertyGroupId: string; PropertyMap: Record<string, string> }[]; warnings: string[] };
    const runOptions = report.deployConfig.find((group) => group.PropertyGroupId === "kinesis.analytics.flink.run.options");
    expect(runOptions?.PropertyMap.jarfile).toBe("lib/pyflink-dependencies.jar");
    expect(report.warnings.join("\n")).toMatch(/merged lib\/flink-sql-connector-kafka-3\.2\.0-1\.19\.jar, lib\/flink-sql-connector-kinesis-5\.0\.0-1\.20\.jar into lib\/pyflink-dependencies\.jar/);
    expect(report.warnings.join("\n")).toMatch(/flink-sql-connector-kafka-3\.2\.0-1\.19\.jar .* built for Flink 1\.19, but the target runs Flink 1\.20/);

    const appZip = path.join(out, "demo-job.zip");
    const inner = path.join(path.dirname(out), "fat.jar");
    writeFileSync(inner, execFileSync("unzip", ["-p", appZip, "lib/pyflink-dependencies.jar"]));
    const services = execFileSync("unzip", ["-p", inner, "META-INF/services/org.apache.flink.table.factories.Factory"], { encoding: "utf8" });
    expect(services.trim().split("\n").sort()).toEqual(["org.example.KafkaFactory", "org.example.KinesisFactory"]);
  });
});

/** The fixture job with a 64-bit arm64 Mach-O header (MH_MAGIC_64, CPU_TYPE_ARM64) posing as a CPython extension. */
async function jobWithMachO(): Promise<string> {
  const project = await makeJob({ jar: false });
  const macho = Buffer.alloc(64);
  macho.writeUInt32LE(0xfeedfacf, 0);
  macho.writeUInt32LE(0x0100000c, 4);
  writeFileSync(path.join(project, "mypkg", "_speedups.cpython-311-darwin.so"), macho);
  return project;
}

describe("pack runs the native audit on the staged bundle", () => {
  it("refuses a job whose own package carries a macOS .so, and leaves --out absent", async () => {
    const project = await jobWithMachO();
    const out = path.join(await tempDir("pyflink-pack-out-"), "bundle");
    const result = runCli(["--project", project, "--target", "flink", "--flink", "1.20", "--python", "3.11", "--out", out, "--no-cache"]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("cannot load on flink-1.20-py3.11-x86_64");
    expect(result.stderr).toContain("job.zip!mypkg/_speedups.cpython-311-darwin.so is a macOS Mach-O arm64");
    expect(existsSync(out)).toBe(false);
  });

  it("fails with its own error code, native-abi, not the generic layout code", async () => {
    const project = await jobWithMachO();
    const out = path.join(await tempDir("pyflink-pack-out-"), "bundle");
    const failure = await pack({ projectDir: project, outDir: out, flags: { target: "flink", flink: "1.20", python: "3.11" }, cacheDir: false }).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(PackError);
    expect(failure).toMatchObject({ code: "native-abi" });
    expect((failure as PackError).details.join("\n")).toContain("job.zip!mypkg/_speedups.cpython-311-darwin.so is a macOS Mach-O arm64");
    expect(existsSync(out)).toBe(false);
  });
});
