// Zip extraction for verify and inspect that refuses what would escape the target directory:
// entries with `..` or absolute names (zip-slip), and symlinks whose target lies outside.
// Flink's own extraction checks entry names the same way (CompressionUtils), but follows symlink
// entries wherever they point; a bundle that relies on that is refused here before it ships.
import { createWriteStream } from "node:fs";
import { chmod, mkdir, realpath, symlink } from "node:fs/promises";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import yauzl from "yauzl";
import { PackError } from "../pack-error.js";

const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;
const S_IFDIR = 0o040000;

function inside(root: string, candidate: string): boolean {
  const rel = path.relative(root, candidate);
  return rel === "" || (!rel.startsWith(`..${path.sep}`) && rel !== ".." && !path.isAbsolute(rel));
}

function openZip(file: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    // Names are decoded and checked by us (below), so the message can say which entry and why:
    // with decodeStrings yauzl would stop at the first bad name with a bare "invalid relative path".
    yauzl.open(file, { lazyEntries: true, autoClose: false, decodeStrings: false, validateEntrySizes: true }, (error, zip) => {
      if (error !== null) reject(error);
      else resolve(zip);
    });
  });
}

function openStream(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<NodeJS.ReadableStream> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (error, stream) => {
      if (error !== null) reject(error);
      else resolve(stream);
    });
  });
}

async function readText(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return Buffer.concat(chunks).toString("utf8");
}

/** An entry name that must not be extracted, and why; undefined when it is safe. */
export function unsafeEntryName(name: string): string | undefined {
  if (name.includes("\0")) return "contains a NUL byte";
  if (name.startsWith("/") || /^[A-Za-z]:/.test(name) || name.startsWith("\\")) return "is an absolute path";
  if (name.split(/[/\\]/).includes("..")) return "climbs out with '..'";
  return undefined;
}

/**
 * Extracts `zipFile` into `targetDir` (created). Throws PackError naming the first entry that
 * would land outside `targetDir`, directly or through a symlink; nothing is written for it.
 */
export async function extractZipSafely(zipFile: string, targetDir: string): Promise<void> {
  await mkdir(targetDir, { recursive: true });
  const root = await realpath(targetDir);
  let zip: yauzl.ZipFile;
  try {
    zip = await openZip(zipFile);
  } catch (error) {
    throw new PackError("io", `${zipFile}: cannot read it as a zip (${(error as Error).message}). Pack the bundle again.`, { cause: error });
  }
  const refuse = (name: string, why: string): PackError =>
    new PackError("layout", `${zipFile}: refused to extract entry "${name}": it ${why}, so it would be written outside ${targetDir}. Rebuild the archive without it; Flink workers refuse or mis-place such entries too.`);
  try {
    await new Promise<void>((resolve, reject) => {
      zip.on("error", reject);
      zip.on("end", () => { resolve(); });
      zip.on("entry", (entry: yauzl.Entry) => {
        extractEntry(zip, entry, root, refuse).then(() => { zip.readEntry(); }, reject);
      });
      zip.readEntry();
    });
  } catch (error) {
    if (error instanceof PackError) throw error;
    throw new PackError("io", `${zipFile}: extraction failed (${(error as Error).message}). Pack the bundle again.`, { cause: error });
  } finally {
    zip.close();
  }
}

async function extractEntry(zip: yauzl.ZipFile, entry: yauzl.Entry, root: string, refuse: (name: string, why: string) => PackError): Promise<void> {
  const name = yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, entry.fileNameRaw, entry.extraFields, false);
  const why = unsafeEntryName(name);
  if (why !== undefined) throw refuse(name, why);
  const destination = path.resolve(root, name);
  if (!inside(root, destination)) throw refuse(name, "resolves outside the target directory");
  const mode = (entry.externalFileAttributes >>> 16) & 0xffff;
  const isDirectory = name.endsWith("/") || (mode & S_IFMT) === S_IFDIR;
  if (isDirectory) {
    await mkdir(destination, { recursive: true });
    await checkRealParent(destination, root, name, refuse);
    return;
  }
  await mkdir(path.dirname(destination), { recursive: true });
  // A symlink extracted earlier could redirect this entry's directory: check where it really is.
  await checkRealParent(path.dirname(destination), root, name, refuse);
  if ((mode & S_IFMT) === S_IFLNK) {
    const target = await readText(await openStream(zip, entry));
    const resolved = path.resolve(path.dirname(destination), target);
    if (path.isAbsolute(target) || !inside(root, resolved)) throw refuse(name, `is a symlink to ${target}, outside the archive`);
    await symlink(target, destination);
    return;
  }
  await pipeline(await openStream(zip, entry), createWriteStream(destination, { flags: "wx" }));
  const permissions = mode & 0o777;
  if (permissions !== 0) await chmod(destination, permissions);
}

async function checkRealParent(dir: string, root: string, name: string, refuse: (name: string, why: string) => PackError): Promise<void> {
  const real = await realpath(dir);
  if (!inside(root, real)) throw refuse(name, `goes through a symlinked directory that points to ${real}`);
}
