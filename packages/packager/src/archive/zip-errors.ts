// The zip layer's errors in the packager's terms: which archive, what is wrong, and that packing
// again is the fix (a bundle or cached wheel is something this tool wrote or fetched).
import { ZipArchiveError } from "@pyflink-devkit/zip-archive";
import { PackError } from "../pack-error.js";

/** Runs `use`; a ZipArchiveError it throws becomes a PackError whose message ends with `fix`. */
export async function asPackError<T>(use: () => Promise<T>, fix: string): Promise<T> {
  try {
    return await use();
  } catch (error) {
    if (!(error instanceof ZipArchiveError)) throw error;
    throw new PackError(error.code === "unsafe-entry" ? "layout" : "io", `${error.message} ${fix}`, { cause: error });
  }
}
