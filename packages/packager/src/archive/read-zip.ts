// Reads every file entry of a zip (a wheel) into memory with yauzl.
import yauzl from "yauzl";

export interface ZipEntryData {
  readonly name: string;
  readonly data: Buffer;
  /** Unix mode from the external attributes (0 when the zip was written on a system without them). */
  readonly mode: number;
}

export async function readZipEntries(file: string): Promise<ZipEntryData[]> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true, autoClose: true, strictFileNames: false, validateEntrySizes: true }, (error, zipfile) => {
      if (error !== null) reject(error);
      else resolve(zipfile);
    });
  });
  return new Promise<ZipEntryData[]>((resolve, reject) => {
    const out: ZipEntryData[] = [];
    zip.on("error", reject);
    zip.on("end", () => {
      resolve(out);
    });
    zip.on("entry", (entry: yauzl.Entry) => {
      if (entry.fileName.endsWith("/")) {
        zip.readEntry();
        return;
      }
      readEntryData(zip, entry).then((data) => {
        out.push({ name: entry.fileName, data, mode: (entry.externalFileAttributes >>> 16) & 0o177777 });
        zip.readEntry();
      }, reject);
    });
    zip.readEntry();
  });
}

/** One entry's bytes, decompressed (yauzl streams them; this collects the stream). */
export function readEntryData(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<Buffer> {
  return new Promise<Buffer>((resolve, reject) => {
    zip.openReadStream(entry, (error, stream) => {
      if (error !== null) {
        reject(error);
        return;
      }
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("error", reject);
      stream.on("end", () => {
        resolve(Buffer.concat(chunks));
      });
    });
  });
}
