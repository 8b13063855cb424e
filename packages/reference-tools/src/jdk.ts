import { existsSync } from "node:fs";
import path from "node:path";
import { run } from "@pyflink-devkit/runner";
import { disabled, override } from "./overrides.js";
import { FLINK_JAVA } from "./pins.js";
import { missing, present, type Reference } from "./reference.js";
import { systemTool } from "./system-tools.js";

export interface Jdk {
  readonly java: string;
  /** `java.home` as the JVM reports it. */
  readonly javaHome: string;
  /** The feature release: 17 for "17.0.15", 8 for "1.8.0_392". */
  readonly major: number;
  readonly version: string;
}

/** "java.specification.version = 17" / "java.version = 17.0.15" / "java.home = …" from -XshowSettings:properties. */
export function parseJavaProperties(output: string): { major: number; version: string; javaHome: string } | undefined {
  const prop = (name: string): string | undefined => new RegExp(`^\\s*${name.replace(".", "\\.")} = (.*)$`, "m").exec(output)?.[1]?.trim();
  const spec = prop("java.specification.version");
  const version = prop("java.version");
  const javaHome = prop("java.home");
  if (spec === undefined || version === undefined || javaHome === undefined) return undefined;
  const major = Number(spec.startsWith("1.") ? spec.slice(2) : spec);
  return Number.isInteger(major) ? { major, version, javaHome } : undefined;
}

/** The JDK: $PYFLINK_DEVKIT_REF_JAVA_HOME, else $JAVA_HOME, else java on PATH; asks the JVM its version. */
export async function jdk(): Promise<Reference<Jdk>> {
  if (disabled("java")) return missing("debian:java", "debian", "the JDK is disabled by PYFLINK_DEVKIT_REF_JAVA_HOME=none");
  const home = override("java") ?? process.env.JAVA_HOME;
  const fromHome = home === undefined ? undefined : path.join(home, "bin", "java");
  const javaRef = fromHome !== undefined && existsSync(fromHome) ? present(fromHome) : systemTool("java");
  if (!javaRef.ok) return javaRef;
  const result = await run(javaRef.value, ["-XshowSettings:properties", "-version"], { reject: false });
  const parsed = parseJavaProperties(result.stderr);
  if (parsed === undefined) return missing("debian:java", "debian", `${javaRef.value} -XshowSettings:properties -version did not report java.specification.version (exit ${result.exitCode})`);
  return present({ java: javaRef.value, ...parsed });
}

/** The Java versions a Flink release supports, or undefined for a line the table lacks. */
export function javaVersionsForFlink(flink: string): readonly number[] | undefined {
  return FLINK_JAVA.find((row) => row.flink.test(flink))?.java;
}

/** The JDK, when its version is one the Flink release supports. */
export async function jdkForFlink(flink: string): Promise<Reference<Jdk>> {
  const found = await jdk();
  if (!found.ok) return found;
  const wanted = javaVersionsForFlink(flink) ?? [];
  if (!wanted.includes(found.value.major)) {
    return missing(`debian:java-for-flink-${flink}`, "debian", `Flink ${flink} runs on Java ${wanted.join("/") || "(unknown)"}, but ${found.value.java} is Java ${found.value.major}; apt-get install openjdk-17-jdk-headless or set PYFLINK_DEVKIT_REF_JAVA_HOME`);
  }
  return found;
}
