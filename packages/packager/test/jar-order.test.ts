// Jar order decides which duplicate class wins: the order of "jars" in pyflink-pack.json, first
// wins, in MSF's merged jar (and pipeline.jars); pack's report names the differing classes and
// the jar that won. Real jars from javac + jar; the merged jar is run with java.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { skipUnless, systemTools } from "@pyflink-devkit/reference-tools";
import { makeJob, removeTempDirs, runCli, tempDir } from "./helpers.js";

afterAll(removeTempDirs);

/** A jar of `shared.Dup` saying `who`, plus a Main printing it; compiled with javac, packed with jar. */
function dupJar(dir: string, name: string, who: string): void {
  const work = mkdtempSync(path.join(os.tmpdir(), "jar-order-src-"));
  mkdirSync(path.join(work, "src", "shared"), { recursive: true });
  mkdirSync(path.join(work, "classes"));
  writeFileSync(path.join(work, "src", "shared", "Dup.java"), `package shared; public class Dup { public static void main(String[] a) { System.out.println("${who}"); } }\n`);
  execFileSync("javac", ["-d", path.join(work, "classes"), path.join(work, "src", "shared", "Dup.java")]);
  execFileSync("jar", ["--create", "--file", path.join(dir, name), "-C", path.join(work, "classes"), "."]);
}

async function packWith(config: Record<string, unknown> | undefined): Promise<{ who: string; warnings: string[] }> {
  const project = await makeJob({ jar: false, ...(config === undefined ? {} : { config }) });
  mkdirSync(path.join(project, "lib"));
  dupJar(path.join(project, "lib"), "a-base.jar", "base");
  dupJar(path.join(project, "lib"), "z-override.jar", "override");
  const out = path.join(await tempDir("pyflink-pack-out-"), "bundle");
  const packed = runCli(["--project", project, "--target", "msf", "--flink", "1.20", "--out", out, "--json", "--no-cache"]);
  expect(packed.status, packed.stderr).toBe(0);
  const extracted = await tempDir("pyflink-pack-app-");
  execFileSync("unzip", ["-q", path.join(out, "demo-job.zip"), "lib/pyflink-dependencies.jar", "-d", extracted]);
  const who = execFileSync("java", ["-cp", path.join(extracted, "lib", "pyflink-dependencies.jar"), "shared.Dup"], { encoding: "utf8" }).trim();
  return { who, warnings: (JSON.parse(packed.stdout) as { warnings: string[] }).warnings };
}

describe("jar order decides the duplicate class (skipped: needs javac, jar, java, unzip)", skipUnless(systemTools("javac", "jar", "java", "unzip")), () => {
  it('"jars": ["lib/z-override.jar", "lib"] puts the override first: its class wins and the report says which jar won', async () => {
    const { who, warnings } = await packWith({ jars: ["lib/z-override.jar", "lib"] });
    expect(who).toBe("override");
    const text = warnings.join("\n");
    expect(text).toContain("merged lib/z-override.jar, lib/a-base.jar into lib/pyflink-dependencies.jar, in that order");
    expect(text).toContain("shared/Dup.class from lib/z-override.jar (not lib/a-base.jar)");
  });

  it("without a jars order the project's jars merge alphabetically, and the report says so", async () => {
    const { who, warnings } = await packWith(undefined);
    expect(who).toBe("base");
    expect(warnings.join("\n")).toContain("shared/Dup.class from lib/a-base.jar (not lib/z-override.jar)");
  });
});
