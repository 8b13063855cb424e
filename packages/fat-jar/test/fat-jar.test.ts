import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { skipUnless, systemTool, systemTools } from "@pyflink-devkit/reference-tools";
import { buildFatJar, FatJarError } from "../src/index.js";
import { buildJar, signJar, tempDir } from "./helpers.js";

const sha = (file: string): string => createHash("sha256").update(readFileSync(file)).digest("hex");

describe("two real jars with the same services file (skipped: needs javac, jar, java, keytool, jarsigner, unzip)", skipUnless(systemTools("javac", "jar", "java", "keytool", "jarsigner", "unzip")), () => {
  const work = tempDir();
  const api = { "api/Greeter.java": "package api; public interface Greeter { String greet(); }\n" };
  const jarA = buildJar(
    work,
    "greeter-a.jar",
    {
      ...api,
      "a/AGreeter.java": 'package a; public class AGreeter implements api.Greeter { public String greet() { return "hello from a"; } }\n',
      "shared/Dup.java": 'package shared; public class Dup { public static String who() { return "dup from a"; } }\n',
      "app/Main.java":
        "package app; public class Main { public static void main(String[] args) { for (api.Greeter g : java.util.ServiceLoader.load(api.Greeter.class)) System.out.println(g.greet()); System.out.println(shared.Dup.who()); } }\n",
    },
    { "META-INF/services/api.Greeter": "# providers of a\na.AGreeter\n" },
  );
  signJar(work, jarA);
  const jarB = buildJar(
    work,
    "greeter-b.jar",
    {
      "b/BGreeter.java": 'package b; public class BGreeter implements api.Greeter { public String greet() { return "hello from b"; } }\n',
      "shared/Dup.java": 'package shared; public class Dup { public static String who() { return "dup from b"; } }\n',
    },
    { "META-INF/services/api.Greeter": "b.BGreeter\na.AGreeter\n" },
    [jarA],
  );

  it("jarsigner really signed the first jar (the input the test relies on)", () => {
    const names = execFileSync("unzip", ["-Z1", jarA], { encoding: "utf8" }).split("\n");
    expect(names).toContain("META-INF/VENDOR.SF");
    expect(names).toContain("META-INF/VENDOR.RSA");
  });

  it("merges the services file, drops the signature, lists the duplicate class, and the JVM runs it", async () => {
    const output = path.join(work, "out", "job-deps.jar");
    const result = await buildFatJar({ jars: [jarA, jarB], output, mainClass: "app.Main" });

    const names = execFileSync("unzip", ["-Z1", output], { encoding: "utf8" }).trim().split("\n");
    expect(names.slice(0, 2)).toEqual(["META-INF/", "META-INF/MANIFEST.MF"]);
    expect(names.filter((name) => /\.(SF|RSA|DSA|EC)$/.test(name))).toEqual([]);
    expect([...names.slice(2)].sort()).toEqual(names.slice(2));
    expect(execFileSync("unzip", ["-p", output, "META-INF/services/api.Greeter"], { encoding: "utf8" })).toBe("a.AGreeter\nb.BGreeter\n");

    expect(result.dropped.filter((entry) => entry.reason === "signature").map((entry) => entry.path).sort()).toEqual(["META-INF/VENDOR.RSA", "META-INF/VENDOR.SF"]);
    expect(result.duplicateClasses).toEqual([{ path: "shared/Dup.class", kept: "greeter-a.jar", ignored: ["greeter-b.jar"], identical: false }]);

    // The real JVM: a leftover signature would fail with SecurityException, a lost provider would not greet.
    const ran = execFileSync("java", ["-jar", output], { encoding: "utf8" });
    expect(ran.trim().split("\n")).toEqual(["hello from a", "hello from b", "dup from a"]);
  });

  it("writes the same bytes for the same inputs", async () => {
    const first = await buildFatJar({ jars: [jarA, jarB], output: path.join(work, "one.jar") });
    const second = await buildFatJar({ jars: [jarA, jarB], output: path.join(work, "two.jar") });
    expect(sha(first.output)).toBe(sha(second.output));
    expect(first.sha256).toBe(sha(first.output));
  });

  it("refuses a file that is not a jar, naming it", async () => {
    const bogus = path.join(work, "download.jar");
    execFileSync("sh", ["-c", `echo '<html>not found</html>' > '${bogus}'`]);
    await expect(buildFatJar({ jars: [jarA, bogus], output: path.join(work, "x.jar") })).rejects.toThrow(FatJarError);
    await expect(buildFatJar({ jars: [jarA, bogus], output: path.join(work, "x.jar") })).rejects.toThrow(/download\.jar: cannot open it as a jar/);
  });
});

describe("Flink connector versions against the target (skipped: needs the JDK's jar)", skipUnless(systemTool("jar")), () => {
  const work = tempDir();

  it("warns about flink-sql-connector-kinesis-1.15.2 on a Flink 1.20 profile, naming both versions", async () => {
    const kinesis = buildJar(work, "flink-sql-connector-kinesis-1.15.2.jar", {}, { "org/example/kinesis.txt": "x" });
    const kafka = buildJar(work, "flink-sql-connector-kafka-3.3.0-1.20.jar", {}, { "org/example/kafka.txt": "x" });
    const result = await buildFatJar({ jars: [kinesis, kafka], output: path.join(work, "deps.jar"), flinkVersion: "1.20" });
    expect(result.warnings).toHaveLength(1);
    expect(result.warnings[0]?.jar).toBe("flink-sql-connector-kinesis-1.15.2.jar");
    expect(result.warnings[0]?.message).toMatch(/built for Flink 1\.15, but the target runs Flink 1\.20/);
  });

  it("reads the version from META-INF/maven pom.properties when the file was renamed", async () => {
    const renamed = buildJar(work, "kafka.jar", {}, {
      "META-INF/maven/org.apache.flink/flink-connector-kafka/pom.properties": "#Created by Apache Maven 3.8.6\ngroupId=org.apache.flink\nartifactId=flink-connector-kafka\nversion=3.2.0-1.19\n",
    });
    const result = await buildFatJar({ jars: [renamed], output: path.join(work, "deps2.jar"), flinkVersion: "1.20.0" });
    expect(result.warnings.map((warning) => warning.message)).toEqual([expect.stringMatching(/flink-connector-kafka 3\.2\.0-1\.19, built for Flink 1\.19, but the target runs Flink 1\.20/)]);
  });

  it("warns when a jar carries Flink's own runtime classes", async () => {
    const python = buildJar(work, "flink-python-1.20.0.jar", {}, { "org/apache/flink/python/x.txt": "x" });
    const result = await buildFatJar({ jars: [python], output: path.join(work, "deps3.jar"), flinkVersion: "1.20" });
    expect(result.warnings.map((warning) => warning.kind)).toEqual(["runtime-provided"]);
  });
});
