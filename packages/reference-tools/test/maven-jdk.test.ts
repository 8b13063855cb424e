// Maven Central through Maven itself, and the JDK as the JVM reports it.
import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { artifactFileName, jdk, jdkForFlink, javaVersionsForFlink, mavenArtifact, parseCoordinates, parseJavaProperties, ReferenceToolsError, skipUnless, systemTools, valueOf } from "../src/index.js";

const java = await jdk();
const mvnAndUnzip = systemTools("mvn", "unzip");

describe("Maven coordinates", () => {
  it("parses group:artifact:version[:packaging[:classifier]] as Maven names files", () => {
    const c = parseCoordinates("org.apache.flink:flink-sql-connector-kafka:3.2.0-1.19");
    expect(c).toEqual({ groupId: "org.apache.flink", artifactId: "flink-sql-connector-kafka", version: "3.2.0-1.19", packaging: "jar", classifier: undefined });
    expect(artifactFileName(parseCoordinates("g:a:1.0:jar:tests"))).toBe("a-1.0-tests.jar");
  });

  it("refuses malformed coordinates with the expected form", () => {
    expect(() => parseCoordinates("flink-sql-connector-kafka")).toThrow(ReferenceToolsError);
    expect(() => parseCoordinates("a:b:c; rm -rf /")).toThrow(/group:artifact:version/);
  });
});

describe("mavenArtifact", skipUnless(mvnAndUnzip), () => {
  it("fetches a real connector jar from Maven Central, once, into the cache", { timeout: 600_000 }, async () => {
    const [first, second] = await Promise.all([
      mavenArtifact("org.apache.flink:flink-sql-connector-kafka:3.2.0-1.19"),
      mavenArtifact("org.apache.flink:flink-sql-connector-kafka:3.2.0-1.19"),
    ]);
    const jar = valueOf(first);
    expect(valueOf(second)).toBe(jar);
    expect(jar.endsWith("/org.apache.flink/flink-sql-connector-kafka/3.2.0-1.19/flink-sql-connector-kafka-3.2.0-1.19.jar")).toBe(true);
    const listing = execFileSync(valueOf(mvnAndUnzip).unzip ?? "unzip", ["-l", jar], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    expect(listing).toContain("META-INF/MANIFEST.MF");
    expect(listing).toContain("org/apache/flink/connector/kafka/");
  });

  it("reports an artifact Maven Central does not have as missing, with Maven's reason", { timeout: 600_000 }, async () => {
    const ref = await mavenArtifact("org.apache.flink:flink-sql-connector-kafka:0.0.0-no-such-version");
    expect(ref.ok).toBe(false);
    if (!ref.ok) expect(ref.missing.reason).toMatch(/could not fetch .*0\.0\.0-no-such-version/);
  });
});

describe("jdk", skipUnless(java), () => {
  it("reports the version `java -version` prints", () => {
    const stderr = execFileSync("sh", ["-c", `"${valueOf(java).java}" -version 2>&1`], { encoding: "utf8" });
    const first = /version "(\d+)(?:\.(\d+))?/.exec(stderr);
    const major = first?.[1] === "1" ? Number(first[2]) : Number(first?.[1]);
    expect(valueOf(java).major).toBe(major);
  });

  it("knows which Java each Flink line runs on", async () => {
    expect(javaVersionsForFlink("1.20.3")).toEqual([11, 17]);
    expect(javaVersionsForFlink("2.2.0")).toEqual([11, 17, 21]);
    const forFlink = await jdkForFlink("1.20.3");
    expect(forFlink.ok).toBe([11, 17].includes(valueOf(java).major));
  });
});

describe("parseJavaProperties", () => {
  it("reads Java 8's 1.8 specification version as 8", () => {
    expect(parseJavaProperties("    java.home = /usr/lib/jvm/j8\n    java.specification.version = 1.8\n    java.version = 1.8.0_392\n")).toEqual({ major: 8, version: "1.8.0_392", javaHome: "/usr/lib/jvm/j8" });
  });
});
