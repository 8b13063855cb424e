// The one zip reader: the central directory up front (names and sizes, nothing decompressed), then
// any entry's bytes, first bytes or stream on demand, while the archive stays open. Names are
// decoded as written, without yauzl's validation, so a caller can name a bad entry in its message;
// refusing one is the caller's decision (see entry-names.ts).
import type { Readable } from "node:stream";
import yauzl from "yauzl";
import { describe, ZipArchiveError } from "./zip-archive-error.js";

export interface ZipEntry {
  readonly name: string;
  readonly isDirectory: boolean;
  readonly size: number;
  readonly compressedSize: number;
  readonly crc32: number;
  /** Unix mode from the external attributes (0 when the zip was written without them). */
  readonly mode: number;
}

export interface ZipReader {
  /** The archive's path, or the label given for a buffer. */
  readonly file: string;
  /** Every entry, directories included, in central-directory order. */
  readonly entries: readonly ZipEntry[];
  read(entry: ZipEntry): Promise<Buffer>;
  /** The first `bytes` of the entry (fewer when it is shorter), without inflating the rest. */
  head(entry: ZipEntry, bytes: number): Promise<Buffer>;
  stream(entry: ZipEntry): Promise<Readable>;
  close(): void;
}

/** A zip file, or one held in memory (a zip inside a zip) with a label for messages. */
export type ZipSource = string | { readonly buffer: Buffer; readonly label: string };

const OPTIONS: yauzl.Options = { lazyEntries: true, autoClose: false, decodeStrings: false, validateEntrySizes: true };

function openRaw(source: ZipSource): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    const done = (error: Error | null, zip: yauzl.ZipFile): void => {
      if (error !== null) reject(error);
      else resolve(zip);
    };
    if (typeof source === "string") yauzl.open(source, OPTIONS, done);
    else yauzl.fromBuffer(source.buffer, OPTIONS, done);
  });
}

/** Opens a zip and reads its central directory. Throws ZipArchiveError("unreadable") for anything that is not a readable zip. */
export async function openZip(source: ZipSource): Promise<ZipReader> {
  const file = typeof source === "string" ? source : source.label;
  const unreadable = (error: unknown): ZipArchiveError => new ZipArchiveError("unreadable", file, `${file}: cannot read it as a zip (${describe(error)}).`, { cause: error });
  let zip: yauzl.ZipFile;
  try {
    zip = await openRaw(source);
  } catch (error) {
    throw unreadable(error);
  }
  const raw = new Map<ZipEntry, yauzl.Entry>();
  const entries: ZipEntry[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      zip.on("error", reject);
      zip.on("end", () => {
        resolve();
      });
      zip.on("entry", (entry: yauzl.Entry) => {
        const name = yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, entry.fileNameRaw, entry.extraFields, false);
        const item: ZipEntry = {
          name,
          isDirectory: name.endsWith("/"),
          size: entry.uncompressedSize,
          compressedSize: entry.compressedSize,
          crc32: entry.crc32,
          mode: (entry.externalFileAttributes >>> 16) & 0xffff,
        };
        raw.set(item, entry);
        entries.push(item);
        zip.readEntry();
      });
      zip.readEntry();
    });
  } catch (error) {
    zip.close();
    throw unreadable(error);
  }

  const stream = (entry: ZipEntry): Promise<Readable> =>
    new Promise((resolve, reject) => {
      const handle = raw.get(entry);
      if (handle === undefined) {
        reject(new ZipArchiveError("unreadable", file, `${file}: ${entry.name} is not an entry of this archive. Read entries from the reader that listed them.`));
        return;
      }
      zip.openReadStream(handle, (error, opened) => {
        if (error !== null) reject(new ZipArchiveError("unreadable", file, `${file}: cannot read ${entry.name} (${describe(error)}).`, { cause: error, entry: entry.name }));
        else resolve(opened);
      });
    });

  const read = async (entry: ZipEntry): Promise<Buffer> => {
    const chunks: Buffer[] = [];
    try {
      for await (const chunk of await stream(entry)) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string));
    } catch (error) {
      if (error instanceof ZipArchiveError) throw error;
      throw new ZipArchiveError("unreadable", file, `${file}: ${entry.name} is damaged (${describe(error)}).`, { cause: error, entry: entry.name });
    }
    return Buffer.concat(chunks);
  };

  const head = async (entry: ZipEntry, bytes: number): Promise<Buffer> => {
    const source = await stream(entry);
    const chunks: Buffer[] = [];
    let length = 0;
    return new Promise((resolve, reject) => {
      const finish = (): void => {
        source.removeAllListeners("data");
        resolve(Buffer.concat(chunks).subarray(0, bytes));
      };
      source.on("data", (chunk: Buffer) => {
        chunks.push(chunk);
        length += chunk.length;
        if (length >= bytes) {
          source.destroy();
          finish();
        }
      });
      source.on("end", finish);
      source.on("error", reject);
    });
  };

  return {
    file,
    entries,
    read,
    head,
    stream,
    close: () => {
      zip.close();
    },
  };
}

/** Opens a zip, hands it to `use`, and closes it whatever happens. */
export async function withZip<T>(source: ZipSource, use: (zip: ZipReader) => Promise<T>): Promise<T> {
  const zip = await openZip(source);
  try {
    return await use(zip);
  } finally {
    zip.close();
  }
}
