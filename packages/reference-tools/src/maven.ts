import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, rename, rm } from "node:fs/promises";
import path from "node:path";
import { run } from "@pyflink-devkit/runner";
import { disabled, override, referenceCacheDir } from "./overrides.js";
import { missing, present, type Reference } from "./reference.js";
import { ReferenceToolsError } from "./reference-tools-error.js";
import { systemTool } from "./system-tools.js";

/** The plugin that copies one artifact by coordinates; pinned so every machine runs the same code. */
export const MAVEN_DEPENDENCY_PLUGIN = "org.apache.maven.plugins:maven-dependency-plugin:3.8.1";

export interface MavenCoordinates {
  readonly groupId: string;
  readonly artifactId: string;
  readonly version: string;
  readonly packaging: string;
  readonly classifier: string | undefined;
}

/** "group:artifact:version[:packaging[:classifier]]" (Maven's own order for dependency:copy -Dartifact). */
export function parseCoordinates(coordinates: string): MavenCoordinates {
  const parts = coordinates.split(":");
  const [groupId, artifactId, version, packaging = "jar", classifier] = parts;
  const valid = /^[A-Za-z0-9_.-]+$/;
  if (parts.length < 3 || parts.length > 5 || groupId === undefined || artifactId === undefined || version === undefined || ![groupId, artifactId, version, packaging, classifier ?? "x"].every((p) => valid.test(p))) {
    throw new ReferenceToolsError(`Maven coordinates "${coordinates}" are not group:artifact:version[:packaging[:classifier]]; e.g. org.apache.flink:flink-sql-connector-kafka:3.2.0-1.19.`);
  }
  return { groupId, artifactId, version, packaging, classifier };
}

/** The artifact's file name as Maven writes it: artifact-version[-classifier].packaging. */
export function artifactFileName(c: MavenCoordinates): string {
  return `${c.artifactId}-${c.version}${c.classifier === undefined ? "" : `-${c.classifier}`}.${c.packaging}`;
}

/**
 * An artifact from Maven Central (or whatever the user's ~/.m2/settings.xml mirrors), fetched with
 * Maven itself (`mvn dependency:copy`) into <cache>/maven/<group>/: copied into a temp dir beside it
 * and renamed into place, so a half-fetched file is never served.
 */
export async function mavenArtifact(coordinates: string): Promise<Reference<string>> {
  const c = parseCoordinates(coordinates);
  const reference = `maven:${coordinates}`;
  if (disabled("mvn")) return missing(reference, "maven", `Maven is disabled by PYFLINK_DEVKIT_REF_MVN=none (needed for ${coordinates})`);
  const dir = path.join(referenceCacheDir(), "maven", c.groupId, c.artifactId, c.version);
  const file = path.join(dir, artifactFileName(c));
  if (existsSync(file)) return present(file);
  const mvnRef = override("mvn") === undefined ? systemTool("mvn") : present(override("mvn") ?? "mvn");
  if (!mvnRef.ok) return missing(reference, "debian", `${mvnRef.missing.reason}; needed to fetch ${coordinates}`);
  await mkdir(path.dirname(dir), { recursive: true });
  const staging = await mkdtemp(path.join(path.dirname(dir), `.${c.version}-`));
  try {
    const result = await run(
      mvnRef.value,
      ["-B", "-q", "-Dstyle.color=never", `${MAVEN_DEPENDENCY_PLUGIN}:copy`, `-Dartifact=${coordinates}`, `-DoutputDirectory=${staging}`],
      { cwd: staging, reject: false, timeoutMs: 15 * 60_000 },
    );
    if (result.exitCode !== 0) {
      const why = `${result.stdout}\n${result.stderr}`.split("\n").find((l) => l.includes("[ERROR]"))?.replace("[ERROR] ", "").trim() ?? `exit ${result.exitCode}`;
      return missing(reference, "maven", `mvn dependency:copy could not fetch ${coordinates}: ${why.slice(0, 300)}`);
    }
    const fetched = await readdir(staging);
    if (!fetched.includes(artifactFileName(c))) return missing(reference, "maven", `mvn dependency:copy of ${coordinates} wrote ${fetched.join(", ") || "nothing"}, not ${artifactFileName(c)}`);
    try {
      await rename(staging, dir);
    } catch (error) {
      // Another process finished first: its copy is as good as ours.
      if (!existsSync(file)) throw error;
    }
    return present(file);
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}
