// Opens input jars with yauzl and keeps them open, so the writer can stream each kept entry
// straight from its source jar instead of holding every jar in memory.
import path from "node:path";
import type { Readable } from "node:stream";
import yauzl from "yauzl";
import { FatJarError } from "./fat-jar-error.js";

export interface JarEntry {
  readonly name: string;
  readonly crc32: number;
  readonly size: number;
  readonly isDirectory: boolean;
  readonly jar: OpenJar;
  readonly raw: yauzl.Entry;
}

export interface OpenJar {
  readonly path: string;
  readonly fileName: string;
  readonly entries: readonly JarEntry[];
  openStream(entry: JarEntry): Promise<Readable>;
  read(entry: JarEntry): Promise<Buffer>;
  close(): void;
}

export async function openJar(file: string): Promise<OpenJar> {
  let zip: yauzl.ZipFile;
  try {
    zip = await new Promise<yauzl.ZipFile>((resolve, reject) => {
      yauzl.open(file, { lazyEntries: true, autoClose: false, validateEntrySizes: true }, (error, zipfile) => {
        if (error !== null) reject(error);
        else resolve(zipfile);
      });
    });
  } catch (error) {
    throw new FatJarError(file, `${file}: cannot open it as a jar (${message(error)}). Check the path, and that the file is a complete jar (a failed download leaves an HTML page or a partial file).`, { cause: error });
  }

  const openStream = (entry: JarEntry): Promise<Readable> =>
    new Promise((resolve, reject) => {
      zip.openReadStream(entry.raw, (error, stream) => {
        if (error !== null) reject(new FatJarError(file, `${file}: cannot read ${entry.name} (${message(error)}). The jar is corrupt; download it again.`, { cause: error }));
        else resolve(stream);
      });
    });

  const entries: JarEntry[] = [];
  const jar: OpenJar = {
    path: file,
    fileName: path.basename(file),
    entries,
    openStream,
    read: async (entry) => {
      const chunks: Buffer[] = [];
      for await (const chunk of await openStream(entry)) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks);
    },
    close: () => {
      zip.close();
    },
  };
  try {
    await new Promise<void>((resolve, reject) => {
      zip.on("entry", (raw: yauzl.Entry) => {
        entries.push({ name: raw.fileName, crc32: raw.crc32, size: raw.uncompressedSize, isDirectory: raw.fileName.endsWith("/"), jar, raw });
        zip.readEntry();
      });
      zip.on("end", () => { resolve(); });
      zip.on("error", reject);
      zip.readEntry();
    });
  } catch (error) {
    zip.close();
    // yauzl refuses absolute names and `..` segments: such a jar would write outside any classpath root.
    throw new FatJarError(file, `${file}: ${message(error)}. The jar is corrupt or crafted; do not ship it.`, { cause: error });
  }
  return jar;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
