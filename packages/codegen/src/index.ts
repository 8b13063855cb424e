// Public API of @pyflink-devkit/codegen: regenerate Python (pb2/pyi) and TypeScript (ts-proto)
// bindings from .proto files with buf, atomically, doing nothing when nothing changed.
export { CodegenError } from "./codegen-error.js";
export type { ProtoDiagnostic } from "./codegen-error.js";
export { generateProtos, defaultStateDir } from "./gen-protos.js";
export type { GenerateOptions, GenerateResult, FileOutcome, OutputKind } from "./gen-protos.js";
export { resolveTarget, repositoryRoot, invocationDirectory, REPOSITORY_LAYOUT, FLINK_LAYOUT } from "./targets.js";
export type { GenerationTarget, GenProtosFlags } from "./targets.js";
export { FLINK_LICENSE_HEADER, prependLicenseHeader } from "./license-header.js";
export { compareText, describeComparison } from "./diff-summary.js";
export { describeResult } from "./describe-result.js";
export type { FileComparison, DiffHunk } from "./diff-summary.js";
export { writeFilesAtomically } from "./write-files-atomically.js";
export type { OutputFile } from "./write-files-atomically.js";
export { TS_PROTO_PARAMETER } from "./typescript-bindings.js";
