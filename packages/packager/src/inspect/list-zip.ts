// A zip's central directory (names and sizes, nothing decompressed) plus the text of the few
// entries asked for (RECORD, WHEEL, METADATA): enough to break a bundle down without unpacking it.
import { unsafeEntryName, withZip } from "@pyflink-devkit/zip-archive";
import { asPackError } from "../archive/zip-errors.js";

export interface ZipListing {
  readonly name: string;
  readonly compressedSize: number;
  readonly uncompressedSize: number;
}

export interface ListedZip {
  readonly entries: readonly ZipListing[];
  /** Entries (directories too) whose names would land outside an extraction directory, and why. */
  readonly unsafe: readonly { readonly name: string; readonly why: string }[];
  /** Text of the entries `wanted` selected, by name. */
  readonly texts: ReadonlyMap<string, string>;
}

export function listZip(file: string, wanted: (name: string) => boolean = () => false): Promise<ListedZip> {
  return asPackError(
    () =>
      withZip(file, async (zip) => {
        const files = zip.entries.filter((entry) => !entry.isDirectory);
        const texts = new Map<string, string>();
        for (const entry of files.filter((item) => wanted(item.name))) texts.set(entry.name, (await zip.read(entry)).toString("utf8"));
        const unsafe = zip.entries.flatMap((entry) => {
          const why = unsafeEntryName(entry.name);
          return why === undefined ? [] : [{ name: entry.name, why }];
        });
        return { unsafe, entries: files.map((entry) => ({ name: entry.name, compressedSize: entry.compressedSize, uncompressedSize: entry.size })), texts };
      }),
    "Pack the bundle again.",
  );
}
