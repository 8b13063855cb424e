export { verifyBundle } from "./verify-bundle.js";
export type { ImportCheck, VerifyOptions, VerifyReport } from "./verify-bundle.js";
export { formatVerifyReport } from "./format-verify-report.js";
export { extractZipSafely, unsafeEntryName } from "./safe-extract.js";
export { layOutWorker } from "./worker-layout.js";
export type { WorkerLayout } from "./worker-layout.js";
export { bundledDistributions, topLevelNames } from "./bundled-distributions.js";
export type { BundledDistribution } from "./bundled-distributions.js";
