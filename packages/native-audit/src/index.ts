// Public API of @pyflink-devkit/native-audit: does every native file in a bundle load on the runtime?
export { auditBundle, auditBytes, highestGlibc, highestVersion } from "./audit-bundle.js";
export type { AuditOptions, AuditReport, FindingKind, NativeFinding } from "./audit-bundle.js";
export { ARCHES, compareVersions } from "./audit-target.js";
export type { AuditTarget, TargetArch } from "./audit-target.js";
export { detectBinaryFormat, HEAD_BYTES } from "./binary-format.js";
export type { BinaryFormat } from "./binary-format.js";
export { ElfFormatError, readElf, isElf } from "./elf-reader.js";
export type { ElfInfo, ElfVersionNeed } from "./elf-reader.js";
export { extensionSuffixMismatch } from "./extension-suffix.js";
export { formatAuditReport } from "./format-audit-report.js";
export { NativeAuditError } from "./native-audit-error.js";
export { formatTag, parseWheelFileNameTags, parseWheelFileTags, tagMismatch } from "./wheel-tags.js";
export type { WheelTag } from "./wheel-tags.js";
