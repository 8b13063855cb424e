// Which Flink release a jar was built for, from its file name or its pom.properties, and the
// check of that against the runtime's Flink. A mismatch fails only at job start, as a
// NoSuchMethodError or ClassNotFoundException in the job log (packager/docs/packaging-facts.md E7, B9).

export interface FlinkArtifact {
  readonly artifactId: string;
  readonly version: string;
  /** The Flink `major.minor` the artifact is built for, when its version says so. */
  readonly flinkMinor: string | undefined;
  /** Where the coordinates came from: the jar's file name or a pom.properties path inside it. */
  readonly source: string;
}

export type JarWarningKind = "flink-version" | "runtime-provided";

export interface JarWarning {
  readonly jar: string;
  readonly kind: JarWarningKind;
  readonly message: string;
}

/**
 * Flink artifacts the runtime's own lib/ and opt/ already carry; a second copy in the user jar
 * fights the runtime's classes. Prefixes of org.apache.flink artifact ids.
 */
const RUNTIME_PROVIDED_PREFIXES: readonly string[] = [
  "flink-python",
  "flink-core",
  "flink-runtime",
  "flink-java",
  "flink-streaming-java",
  "flink-clients",
  "flink-table-api-java",
  "flink-table-planner",
  "flink-table-runtime",
  "flink-table-common",
  "flink-dist",
];

/** flink-shaded-* follows its own version line (e.g. 31.1-jre-17.0), not Flink's. */
const NOT_FLINK_VERSIONED = /^flink-shaded-/;

/**
 * The Flink minor a version string targets. Connectors released from their own repositories since
 * Flink 1.16 carry it as a suffix (`3.2.0-1.19`); older artifacts are versioned like Flink itself
 * (`1.15.2`).
 */
export function flinkMinorOf(version: string): string | undefined {
  const suffixed = /^\d+(?:\.\d+)*-(\d+\.\d+)$/.exec(version);
  if (suffixed) return suffixed[1];
  const plain = /^(1\.\d+)(?:\.\d+)*(?:-SNAPSHOT)?$/.exec(version);
  return plain?.[1];
}

/** `flink-sql-connector-kinesis-1.15.2.jar` → artifact and version; undefined when the name has no version. */
export function parseJarFileName(fileName: string): { artifactId: string; version: string } | undefined {
  const match = /^(.+?)-(\d+(?:\.\d+)*(?:-[\w.]+)*)\.jar$/.exec(fileName);
  if (!match?.[1] || !match[2]) return undefined;
  return { artifactId: match[1], version: match[2] };
}

/** Parses `key=value` lines of a Maven pom.properties file. */
export function parsePomProperties(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    if (line.startsWith("#") || !line.includes("=")) continue;
    const at = line.indexOf("=");
    out[line.slice(0, at).trim()] = line.slice(at + 1).trim();
  }
  return out;
}

/** The Flink artifacts a jar declares: its own pom.properties under org.apache.flink, else its file name. */
export function flinkArtifactsOf(fileName: string, pomFiles: readonly { path: string; text: string }[]): FlinkArtifact[] {
  const fromPoms: FlinkArtifact[] = [];
  for (const pom of pomFiles) {
    const props = parsePomProperties(pom.text);
    const { groupId, artifactId, version } = props;
    if (groupId !== "org.apache.flink" || artifactId === undefined || version === undefined) continue;
    if (!artifactId.startsWith("flink-") || NOT_FLINK_VERSIONED.test(artifactId)) continue;
    fromPoms.push({ artifactId, version, flinkMinor: flinkMinorOf(version), source: pom.path });
  }
  if (fromPoms.length > 0) return fromPoms;
  const parsed = parseJarFileName(fileName);
  if (parsed === undefined || !parsed.artifactId.startsWith("flink-") || NOT_FLINK_VERSIONED.test(parsed.artifactId)) return [];
  return [{ ...parsed, flinkMinor: flinkMinorOf(parsed.version), source: "file name" }];
}

/** Warnings for one jar against the runtime's Flink version (`1.20` or `1.20.0`). */
export function checkFlinkArtifacts(jar: string, artifacts: readonly FlinkArtifact[], flinkVersion: string): JarWarning[] {
  const runtimeMinor = flinkVersion.split(".").slice(0, 2).join(".");
  const warnings: JarWarning[] = [];
  const provided = artifacts.find((artifact) => RUNTIME_PROVIDED_PREFIXES.some((prefix) => artifact.artifactId === prefix || artifact.artifactId.startsWith(`${prefix}_`) || artifact.artifactId.startsWith(`${prefix}-`)));
  if (provided) {
    warnings.push({
      jar,
      kind: "runtime-provided",
      message: `${jar} contains ${provided.artifactId} ${provided.version}, which the Flink ${runtimeMinor} runtime already provides; two copies on the classpath clash. Remove it from the job's jars.`,
    });
  }
  // A shaded SQL connector carries the pom.properties of its non-SQL twin too; one warning per jar.
  const mismatch = artifacts.find((artifact) => artifact.flinkMinor !== undefined && artifact.flinkMinor !== runtimeMinor);
  if (mismatch?.flinkMinor !== undefined) {
    const name = mismatch.artifactId;
    warnings.push({
      jar,
      kind: "flink-version",
      message: `${jar} is ${name} ${mismatch.version}, built for Flink ${mismatch.flinkMinor}, but the target runs Flink ${runtimeMinor} (from ${mismatch.source}). Use the ${name} release built for Flink ${runtimeMinor} (its version ends in -${runtimeMinor} for externalized connectors, or is ${runtimeMinor}.x).`,
    });
  }
  return warnings;
}
