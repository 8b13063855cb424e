// Public API of @pyflink-devkit/fat-jar: one deterministic jar from several, without Maven.
export { buildFatJar, mergeServiceLines } from "./build-fat-jar.js";
export type { DroppedEntry, DuplicateEntry, FatJarOptions, FatJarResult, MergedService } from "./build-fat-jar.js";
export { FatJarError } from "./fat-jar-error.js";
export { checkFlinkArtifacts, flinkArtifactsOf, flinkMinorOf, parseJarFileName, parsePomProperties } from "./flink-artifacts.js";
export type { FlinkArtifact, JarWarning, JarWarningKind } from "./flink-artifacts.js";
export { formatFatJarReport } from "./format-fat-jar-report.js";
export { renderManifest } from "./manifest.js";
export type { ManifestOptions } from "./manifest.js";
