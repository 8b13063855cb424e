// Promise wrappers around yauzl for walking a zip (a bundle, a wheel, a python.files zip) entry by
// entry without holding it in memory.
import yauzl from "yauzl";

export interface ZipEntryHandle {
  readonly name: string;
  readonly size: number;
  readonly isDirectory: boolean;
  /** The first `bytes` of the entry (fewer when the entry is shorter). */
  head(bytes: number): Promise<Uint8Array>;
  /** The whole entry. */
  read(): Promise<Buffer>;
}

type Source = { readonly path: string } | { readonly buffer: Buffer };

function openZip(source: Source): Promise<yauzl.ZipFile> {
  // Names are decoded by us, without yauzl's validation: a `../` entry is still audited (by its
  // name as written); refusing to extract it is the extractor's job, not the audit's.
  const options: yauzl.Options = { lazyEntries: true, autoClose: false, decodeStrings: false };
  return new Promise((resolve, reject) => {
    const done = (error: Error | null, zip?: yauzl.ZipFile): void => {
      if (error) reject(error);
      else if (zip) resolve(zip);
      else reject(new Error("yauzl returned no zip file"));
    };
    if ("path" in source) yauzl.open(source.path, options, done);
    else yauzl.fromBuffer(source.buffer, options, done);
  });
}

function openStream(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<NodeJS.ReadableStream & { destroy(): void }> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (error, stream) => {
      if (error) reject(error);
      else resolve(stream);
    });
  });
}

async function readHead(zip: yauzl.ZipFile, entry: yauzl.Entry, bytes: number): Promise<Uint8Array> {
  const stream = await openStream(zip, entry);
  const chunks: Buffer[] = [];
  let length = 0;
  return new Promise((resolve, reject) => {
    const finish = (): void => {
      stream.removeAllListeners("data");
      resolve(Buffer.concat(chunks).subarray(0, bytes));
    };
    stream.on("data", (chunk: Buffer) => {
      chunks.push(chunk);
      length += chunk.length;
      if (length >= bytes) {
        stream.destroy();
        finish();
      }
    });
    stream.on("end", finish);
    stream.on("error", reject);
  });
}

async function readAll(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<Buffer> {
  const stream = await openStream(zip, entry);
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return Buffer.concat(chunks);
}

/** Calls `visit` for every entry of a zip, one at a time, in central-directory order. */
export async function walkZip(source: Source, visit: (entry: ZipEntryHandle) => Promise<void>): Promise<void> {
  const zip = await openZip(source);
  try {
    await new Promise<void>((resolve, reject) => {
      zip.on("entry", (entry: yauzl.Entry) => {
        const name = yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, entry.fileNameRaw, entry.extraFields, false);
        const handle: ZipEntryHandle = {
          name,
          size: entry.uncompressedSize,
          isDirectory: name.endsWith("/"),
          head: (bytes) => readHead(zip, entry, bytes),
          read: () => readAll(zip, entry),
        };
        visit(handle).then(() => { zip.readEntry(); }, reject);
      });
      zip.on("end", () => { resolve(); });
      zip.on("error", reject);
      zip.readEntry();
    });
  } finally {
    zip.close();
  }
}
