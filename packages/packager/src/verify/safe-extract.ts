// Zip extraction for verify and inspect, through the shared zip layer: entries that would escape
// the target directory (`..`, absolute names, symlinks pointing outside) are refused. Flink's own
// extraction checks entry names the same way (CompressionUtils), but follows symlink entries
// wherever they point; a bundle that relies on that is refused here before it ships.
import { extractZip } from "@pyflink-devkit/zip-archive";
import { asPackError } from "../archive/zip-errors.js";

/** Extracts `zipFile` into `targetDir`; a PackError names the first entry refused and why. */
export function extractZipSafely(zipFile: string, targetDir: string): Promise<void> {
  return asPackError(() => extractZip(zipFile, targetDir), "Pack the bundle again.");
}
