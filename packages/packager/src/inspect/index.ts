export { inspectBundle } from "./inspect-bundle.js";
export type { InspectReport, InspectedArtifact, InspectedDistribution, InspectedJar } from "./inspect-bundle.js";
export { formatInspectReport } from "./format-inspect-report.js";
export { openBundle, parseArchiveSpec, workerSpecFromDeployConfig } from "./read-bundle.js";
export type { BundleFile, BundleLock, BundleOverrides, BundleRuntime, OpenBundle, WorkerEntry, WorkerSpec } from "./read-bundle.js";
export { listZip } from "./list-zip.js";
export type { ListedZip, ZipListing } from "./list-zip.js";
