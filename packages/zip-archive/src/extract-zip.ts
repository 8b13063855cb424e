// Extraction that refuses what would land outside the target directory: entries with `..`,
// absolute names or NUL bytes (zip-slip), symlinks pointing outside, and entries that would be
// written through a symlinked directory extracted earlier. Nothing is written for a refused entry.
import { createWriteStream } from "node:fs";
import { chmod, mkdir, realpath, symlink } from "node:fs/promises";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { unsafeEntryName } from "./entry-names.js";
import { openZip, type ZipEntry, type ZipReader } from "./read-zip.js";
import { describe, ZipArchiveError } from "./zip-archive-error.js";

const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;
const S_IFDIR = 0o040000;

function inside(root: string, candidate: string): boolean {
  const rel = path.relative(root, candidate);
  return rel === "" || (!rel.startsWith(`..${path.sep}`) && rel !== ".." && !path.isAbsolute(rel));
}

/**
 * Extracts `zipFile` into `targetDir` (created). Throws ZipArchiveError("unsafe-entry") naming the
 * first entry that would land outside `targetDir`, directly or through a symlink, and
 * ZipArchiveError("unreadable") when the archive cannot be read.
 */
export async function extractZip(zipFile: string, targetDir: string): Promise<void> {
  await mkdir(targetDir, { recursive: true });
  const root = await realpath(targetDir);
  const refuse = (name: string, why: string): ZipArchiveError =>
    new ZipArchiveError("unsafe-entry", zipFile, `${zipFile}: refused to extract entry "${name}": it ${why}, so it would be written outside ${targetDir}. Rebuild the archive without it.`, { entry: name });
  const zip = await openZip(zipFile);
  try {
    for (const entry of zip.entries) await extractEntry(zip, entry, root, refuse);
  } catch (error) {
    if (error instanceof ZipArchiveError) throw error;
    throw new ZipArchiveError("unreadable", zipFile, `${zipFile}: extraction failed (${describe(error)}).`, { cause: error });
  } finally {
    zip.close();
  }
}

async function extractEntry(zip: ZipReader, entry: ZipEntry, root: string, refuse: (name: string, why: string) => ZipArchiveError): Promise<void> {
  const { name } = entry;
  const why = unsafeEntryName(name);
  if (why !== undefined) throw refuse(name, why);
  const destination = path.resolve(root, name);
  if (!inside(root, destination)) throw refuse(name, "resolves outside the target directory");
  if (entry.isDirectory || (entry.mode & S_IFMT) === S_IFDIR) {
    await mkdir(destination, { recursive: true });
    await checkRealParent(destination, root, name, refuse);
    return;
  }
  await mkdir(path.dirname(destination), { recursive: true });
  // A symlink extracted earlier could redirect this entry's directory: check where it really is.
  await checkRealParent(path.dirname(destination), root, name, refuse);
  if ((entry.mode & S_IFMT) === S_IFLNK) {
    const target = (await zip.read(entry)).toString("utf8");
    const resolved = path.resolve(path.dirname(destination), target);
    if (path.isAbsolute(target) || !inside(root, resolved)) throw refuse(name, `is a symlink to ${target}, outside the archive`);
    await symlink(target, destination);
    return;
  }
  await pipeline(await zip.stream(entry), createWriteStream(destination, { flags: "wx" }));
  const permissions = entry.mode & 0o777;
  if (permissions !== 0) await chmod(destination, permissions);
}

async function checkRealParent(dir: string, root: string, name: string, refuse: (name: string, why: string) => ZipArchiveError): Promise<void> {
  const real = await realpath(dir);
  if (!inside(root, real)) throw refuse(name, `goes through a symlinked directory that points to ${real}`);
}
