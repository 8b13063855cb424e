// Opens input jars through the shared zip reader and keeps them open, so the writer can stream each
// kept entry straight from its source jar instead of holding every jar in memory.
import path from "node:path";
import type { Readable } from "node:stream";
import { openZip, unsafeEntryName, ZipArchiveError, type ZipEntry, type ZipReader } from "@pyflink-devkit/zip-archive";
import { FatJarError } from "./fat-jar-error.js";

export interface JarEntry {
  readonly name: string;
  readonly crc32: number;
  readonly size: number;
  readonly isDirectory: boolean;
  readonly jar: OpenJar;
  readonly zipEntry: ZipEntry;
}

export interface OpenJar {
  readonly path: string;
  readonly fileName: string;
  readonly entries: readonly JarEntry[];
  openStream(entry: JarEntry): Promise<Readable>;
  read(entry: JarEntry): Promise<Buffer>;
  close(): void;
}

const why = (error: unknown): string => {
  const inner = error instanceof ZipArchiveError && error.cause !== undefined ? error.cause : error;
  return inner instanceof Error ? inner.message : String(inner);
};

export async function openJar(file: string): Promise<OpenJar> {
  let zip: ZipReader;
  try {
    zip = await openZip(file);
  } catch (error) {
    throw new FatJarError(file, `${file}: cannot open it as a jar (${why(error)}). Check the path, and that the file is a complete jar (a failed download leaves an HTML page or a partial file).`, { cause: error });
  }
  // An absolute or `..` name would write outside any classpath root of whoever unpacks the result.
  for (const entry of zip.entries) {
    const unsafe = unsafeEntryName(entry.name);
    if (unsafe === undefined) continue;
    zip.close();
    throw new FatJarError(file, `${file}: entry "${entry.name}" ${unsafe}. The jar is corrupt or crafted; do not ship it.`);
  }
  const readError = (entry: JarEntry, error: unknown): FatJarError => new FatJarError(file, `${file}: cannot read ${entry.name} (${why(error)}). The jar is corrupt; download it again.`, { cause: error });
  const entries: JarEntry[] = [];
  const jar: OpenJar = {
    path: file,
    fileName: path.basename(file),
    entries,
    openStream: (entry) => zip.stream(entry.zipEntry).catch((error: unknown) => Promise.reject(readError(entry, error))),
    read: (entry) => zip.read(entry.zipEntry).catch((error: unknown) => Promise.reject(readError(entry, error))),
    close: () => {
      zip.close();
    },
  };
  for (const zipEntry of zip.entries) entries.push({ name: zipEntry.name, crc32: zipEntry.crc32, size: zipEntry.size, isDirectory: zipEntry.isDirectory, jar, zipEntry });
  return jar;
}
