// Public API of @pyflink-devkit/zip-archive: the one zip layer of the packager, fat-jar and native-audit.
export { openZip, withZip } from "./read-zip.js";
export type { ZipEntry, ZipReader, ZipSource } from "./read-zip.js";
export { writeZip, zipToBuffer } from "./write-zip.js";
export type { WrittenZip, ZipWriteEntry } from "./write-zip.js";
export { extractZip } from "./extract-zip.js";
export { unsafeEntryName } from "./entry-names.js";
export { ZipArchiveError } from "./zip-archive-error.js";
export type { ZipArchiveErrorCode } from "./zip-archive-error.js";
