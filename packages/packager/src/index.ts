// Public API of @pyflink-devkit/packager: build deployable PyFlink job bundles, then verify and
// inspect them. Re-exports only; internals are imported from their own modules.
export { pack } from "./pack.js";
export type { PackOptions, PackResult, Artifact } from "./pack.js";
export { PackError } from "./pack-error.js";
export type { PackErrorCode } from "./pack-error.js";
export { resolveProfile, listProfiles } from "./profiles.js";
export type { Profile, ProfileRequest } from "./profiles.js";
export type { ProvidedPackage } from "./runtime/flink-releases.js";
export { TARGETS } from "./targets/registry.js";
export type { TargetName, Deployment, DeployConfigs } from "./targets/registry.js";
export type { FlinkDeployConfig } from "./targets/flink.js";
export type { MsfDeployConfig, PropertyGroup } from "./targets/msf.js";
export type { VvpDeployConfig } from "./targets/vvp.js";
export type { BundleFile, SizeLimit, WorkerEntry, WorkerSpec } from "./targets/target.js";
export { parsePackConfig, loadPackConfig, CONFIG_FILE_NAME } from "./config.js";
export type { PackConfig } from "./config.js";
export { toJsonReport, formatSummary } from "./report.js";
export type { JsonReport } from "./report.js";
export { LOCK_FILE_NAME } from "./lock-file.js";
export { DEPLOY_FILE_NAME, BUNDLE_DIR_PLACEHOLDER, withBundleDir } from "./deploy-file.js";
// Reading a bundle back: open it, verify it before deploying, inspect it, check its size budgets.
export { openBundle } from "./inspect/read-bundle.js";
export type { OpenBundle, BundleOverrides, BundleRuntime, BundleLock } from "./inspect/read-bundle.js";
export { verifyBundle } from "./verify/verify-bundle.js";
export type { VerifyOptions, VerifyReport, ImportCheck } from "./verify/verify-bundle.js";
export { formatVerifyReport } from "./verify/format-verify-report.js";
export { inspectBundle } from "./inspect/inspect-bundle.js";
export type { InspectReport, InspectedArtifact, InspectedDistribution, InspectedJar } from "./inspect/inspect-bundle.js";
export { formatInspectReport } from "./inspect/format-inspect-report.js";
export { checkBudgets, formatBudgetReport } from "./budgets/size-budgets.js";
export type { BudgetInput, BudgetReport, BudgetFinding, ArtifactBudget, BudgetItem, BudgetItemKind } from "./budgets/size-budgets.js";
