// Reads the real MSF samples' poms and builds one with the real Maven against Maven Central.
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { findExecutable, run } from "@pyflink-devkit/runner";
import { describe, expect, it } from "vitest";
import { buildPomJars, PomBuildError, readPomCoordinates, shippedCoordinates } from "../src/index.js";
import { requirement, skipUnless } from "@pyflink-devkit/reference-tools";


const SAMPLES = fileURLToPath(new URL("../../../../shared/fixtures/msf-examples/python/", import.meta.url));
const HAVE_SAMPLES = existsSync(SAMPLES);
const HAVE_MVN = findExecutable("mvn") !== undefined;
const HAVE_UNZIP = findExecutable("unzip") !== undefined;
const SAMPLES_REF = requirement(HAVE_SAMPLES, "fixture:msf-examples", "fixture", "../shared/fixtures/msf-examples is absent");
const MVN_REF = requirement(HAVE_MVN, "debian:maven", "debian", "no mvn on PATH (Debian package maven)");

function copySample(name: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), `pom-build-${name}-`));
  cpSync(path.join(SAMPLES, name), dir, { recursive: true });
  return dir;
}

describe("readPomCoordinates on AWS's samples", skipUnless(SAMPLES_REF), () => {
  // Expected values read from each pom.xml by hand: the dependency with its ${...} version property.
  const EXPECTED: Record<string, string[]> = {
    GettingStarted: ["org.apache.flink:flink-connector-aws-kinesis-streams:5.0.0-1.20"],
    S3Sink: ["org.apache.flink:flink-s3-fs-hadoop:1.20.0"],
    UDF: ["org.apache.flink:flink-sql-connector-kinesis:4.3.0-1.19"],
    Windowing: ["org.apache.flink:flink-sql-connector-kinesis:4.3.0-1.19"],
    PythonDependencies: ["org.apache.flink:flink-sql-connector-kinesis:4.3.0-1.19"],
  };
  for (const [sample, coordinates] of Object.entries(EXPECTED)) {
    it(`${sample}: ${coordinates.join(", ")}`, () => {
      const pom = path.join(SAMPLES, sample, "pom.xml");
      expect(shippedCoordinates(readPomCoordinates(readFileSync(pom, "utf8"), pom))).toEqual(coordinates);
    });
  }
});

describe("buildPomJars errors", () => {
  it("without Maven names the pom's coordinates and the command to run", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "pom-build-nomvn-"));
    writeFileSync(
      path.join(dir, "pom.xml"),
      "<project><modelVersion>4.0.0</modelVersion><groupId>g</groupId><artifactId>a</artifactId><version>1</version><properties><v>4.3.0-1.19</v></properties><dependencies><dependency><groupId>org.apache.flink</groupId><artifactId>flink-sql-connector-kinesis</artifactId><version>${v}</version></dependency></dependencies></project>",
    );
    const failure = buildPomJars({ projectDir: dir, mvn: "/nonexistent/mvn" });
    await expect(failure).rejects.toThrow(PomBuildError);
    await expect(failure).rejects.toThrow(/org\.apache\.flink:flink-sql-connector-kinesis:4\.3\.0-1\.19.*mvn -q package/);
  });

  it("a coordinate Maven cannot resolve fails naming it", { ...skipUnless(MVN_REF), timeout: 600_000 }, async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "pom-build-bad-"));
    writeFileSync(
      path.join(dir, "pom.xml"),
      "<project><modelVersion>4.0.0</modelVersion><groupId>g</groupId><artifactId>a</artifactId><version>1</version><dependencies><dependency><groupId>org.example.nonexistent</groupId><artifactId>no-such-connector</artifactId><version>0.0.1</version></dependency></dependencies></project>",
    );
    await expect(buildPomJars({ projectDir: dir })).rejects.toThrow(/org\.example\.nonexistent:no-such-connector:0\.0\.1/);
    expect(existsSync(path.join(dir, "target"))).toBe(false);
  });
});

describe("buildPomJars on the S3Sink sample", skipUnless(SAMPLES_REF, MVN_REF, requirement(HAVE_UNZIP, "debian:unzip", "debian", "no unzip on PATH (Debian package unzip)")), () => {
  it("takes the shaded jar, never shade's original-*.jar, and leaves the project without target/", async () => {
    const project = copySample("S3Sink");
    const result = await buildPomJars({ projectDir: project });
    expect(path.basename(result.jar)).toBe("pyflink-dependencies.jar");
    expect(result.leftOut.map((l) => l.name)).toContain(path.join("classes", "original-pyflink-dependencies.jar"));
    expect(existsSync(path.join(project, "target"))).toBe(false);
    // The S3 filesystem plugin's factory (flink-s3-fs-hadoop) is inside, read with unzip.
    const listing = await run("unzip", ["-l", result.jar]);
    expect(listing.stdout).toContain("org/apache/flink/fs/s3hadoop/S3FileSystemFactory.class");
  }, 900_000);
});
