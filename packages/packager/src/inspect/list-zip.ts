// A zip's central directory (names and sizes, nothing decompressed) plus the text of the few
// entries asked for (RECORD, WHEEL, METADATA): enough to break a bundle down without unpacking it.
import yauzl from "yauzl";
import { readEntryData } from "../archive/read-zip.js";
import { PackError } from "../pack-error.js";

export interface ZipListing {
  readonly name: string;
  readonly compressedSize: number;
  readonly uncompressedSize: number;
}

export interface ListedZip {
  readonly entries: readonly ZipListing[];
  /** Text of the entries `wanted` selected, by name. */
  readonly texts: ReadonlyMap<string, string>;
}

export async function listZip(file: string, wanted: (name: string) => boolean = () => false): Promise<ListedZip> {
  let zip: yauzl.ZipFile;
  try {
    zip = await new Promise<yauzl.ZipFile>((resolve, reject) => {
      yauzl.open(file, { lazyEntries: true, autoClose: false, decodeStrings: false }, (error, opened) => {
        if (error !== null) reject(error);
        else resolve(opened);
      });
    });
  } catch (error) {
    throw new PackError("io", `${file}: cannot read it as a zip (${(error as Error).message}). Pack the bundle again.`, { cause: error });
  }
  const entries: ZipListing[] = [];
  const texts = new Map<string, string>();
  try {
    await new Promise<void>((resolve, reject) => {
      zip.on("error", reject);
      zip.on("end", () => { resolve(); });
      zip.on("entry", (entry: yauzl.Entry) => {
        const name = yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, entry.fileNameRaw, entry.extraFields, false);
        if (!name.endsWith("/")) entries.push({ name, compressedSize: entry.compressedSize, uncompressedSize: entry.uncompressedSize });
        if (name.endsWith("/") || !wanted(name)) {
          zip.readEntry();
          return;
        }
        readEntryData(zip, entry).then((data) => {
          texts.set(name, data.toString("utf8"));
          zip.readEntry();
        }, reject);
      });
      zip.readEntry();
    });
  } catch (error) {
    throw new PackError("io", `${file}: the zip is damaged (${(error as Error).message}). Pack the bundle again.`, { cause: error });
  } finally {
    zip.close();
  }
  return { entries, texts };
}
