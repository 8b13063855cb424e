// Recreates, in a scratch directory, what a Flink TaskManager builds for the Python worker
// (AbstractPythonEnvironmentManager, docs/packaging-facts.md A27-A30):
//   python-files/<n>/<name>    each python.files entry: a .py puts its directory on PYTHONPATH,
//                              a .zip is extracted to <n>/<stem> and that goes on PYTHONPATH,
//                              anything else (.whl, .egg, a directory) goes on PYTHONPATH as is;
//   python-archives/<target>/  each python.archives entry extracted under its file name or #alias;
//                              this directory is the worker's working directory, and a relative
//                              python.executable resolves against it.
import { copyFile, mkdir, stat, symlink } from "node:fs/promises";
import path from "node:path";
import type { WorkerSpec } from "../targets/target.js";
import { PackError } from "../pack-error.js";
import { extractZipSafely } from "./safe-extract.js";

export interface WorkerLayout {
  readonly dir: string;
  /** The workers' PYTHONPATH entries, in python.files order. */
  readonly pythonPath: readonly string[];
  /**
   * The directory of a script entry (`-py main.py`, MSF `python`): the client runs the script
   * with it first on sys.path, workers do not have it.
   */
  readonly clientPath: string | undefined;
  /** The worker's working directory (python-archives) when there are archives. */
  readonly workingDir: string | undefined;
  /** python.executable resolved inside the layout, when it is relative and exists there. */
  readonly executable: string | undefined;
  /** Layout problems that fail verification on their own (a missing file, an unusable archive). */
  readonly problems: readonly string[];
  readonly notes: readonly string[];
}

const ZIP_ARCHIVE = /\.(zip|jar|whl|egg)$/i;
const TAR_ARCHIVE = /\.(tar|tar\.gz|tgz)$/i;

function inside(root: string, candidate: string): boolean {
  const rel = path.relative(root, candidate);
  return rel === "" || (!rel.startsWith("..") && !path.isAbsolute(rel));
}

export async function layOutWorker(spec: WorkerSpec, dir: string): Promise<WorkerLayout> {
  const problems: string[] = [];
  const notes: string[] = [];
  const pythonPath: string[] = [];
  await mkdir(dir, { recursive: true });
  const filesDir = path.join(dir, "python-files");
  const archivesDir = path.join(dir, "python-archives");

  for (const [index, file] of spec.pythonFiles.entries()) {
    const source = path.resolve(spec.base, file);
    const info = inside(spec.base, source) ? await stat(source).catch(() => undefined) : undefined;
    if (info === undefined) {
      problems.push(`python.files entry "${file}" is not in the bundle (looked for ${source}); the worker would start without it and imports from it fail. Fix the path in the deploy config or pack again.`);
      continue;
    }
    // Flink keeps each file under its distributed-cache name and restores the original name below it.
    const cacheDir = path.join(filesDir, `file-${index}`);
    const name = path.basename(source);
    await mkdir(cacheDir, { recursive: true });
    if (info.isFile() && name.endsWith(".py")) {
      await copyFile(source, path.join(cacheDir, name));
      pythonPath.push(cacheDir);
    } else if (info.isFile() && /\.zip$/i.test(name)) {
      const extracted = path.join(cacheDir, name.replace(/\.zip$/i, ""));
      if (await extractOrReport(source, extracted, problems)) pythonPath.push(extracted);
    } else {
      await symlink(source, path.join(cacheDir, name));
      pythonPath.push(path.join(cacheDir, name));
    }
  }

  // `-py main.py` / MSF's `python`: the client runs the script with its directory first on
  // sys.path; workers only see python.files (UDFs defined in the script travel pickled).
  const entry = spec.entry;
  let clientPath: string | undefined;
  if (entry?.kind === "script" && !spec.pythonFiles.includes(entry.path)) {
    const source = path.resolve(spec.base, entry.path);
    const info = inside(spec.base, source) ? await stat(source).catch(() => undefined) : undefined;
    if (!info?.isFile()) problems.push(`the entry script "${entry.path}" is not in the bundle (looked for ${source}). Fix the entry in the deploy config or pack again.`);
    else clientPath = path.dirname(source);
  }

  let workingDir: string | undefined;
  if (spec.archives.length > 0) {
    workingDir = archivesDir;
    await mkdir(archivesDir, { recursive: true });
    for (const archive of spec.archives) {
      const source = path.resolve(spec.base, archive.path);
      const target = path.resolve(archivesDir, archive.target);
      if (!inside(archivesDir, target) || target === archivesDir) {
        problems.push(`python.archives entry "${archive.path}#${archive.target}": the target directory name leaves the working directory. Use a plain name after '#'.`);
        continue;
      }
      const info = inside(spec.base, source) ? await stat(source).catch(() => undefined) : undefined;
      if (!info?.isFile()) {
        problems.push(`python.archives entry "${archive.path}" is not in the bundle (looked for ${source}). Fix the path in the deploy config or pack again.`);
        continue;
      }
      if (ZIP_ARCHIVE.test(archive.path)) await extractOrReport(source, target, problems);
      else if (TAR_ARCHIVE.test(archive.path)) notes.push(`python.archives entry ${archive.path} is a tar archive; verify extracts zip archives only, so its contents were not checked`);
      else problems.push(`python.archives entry "${archive.path}" is neither a zip nor a tar archive (A3: zip, jar, whl, egg, tar, tar.gz, tgz). Ship it as a zip.`);
    }
  }

  let executable: string | undefined;
  if (spec.executable !== undefined && !path.isAbsolute(spec.executable) && spec.executable.includes("/")) {
    const resolved = path.resolve(workingDir ?? archivesDir, spec.executable);
    const info = await stat(resolved).catch(() => undefined);
    if (workingDir === undefined) problems.push(`python.executable "${spec.executable}" is relative, but there are no python.archives to resolve it in (A30). Ship the environment as an archive or use an absolute path.`);
    else if (!info?.isFile()) problems.push(`python.executable "${spec.executable}" does not exist after extracting the archives (looked for ${resolved}). Check the archive's directory layout: the path starts with the archive name or #alias.`);
    else executable = resolved;
  } else if (spec.executable !== undefined) {
    notes.push(`python.executable ${spec.executable} is a path on the workers; verify used an interpreter of the target's Python version instead`);
  }
  return { dir, pythonPath, clientPath, workingDir, executable, problems, notes };
}

/** Extraction problems (zip-slip, symlinks out, a damaged zip) fail verification; they do not abort it. */
async function extractOrReport(source: string, target: string, problems: string[]): Promise<boolean> {
  try {
    await extractZipSafely(source, target);
    return true;
  } catch (error) {
    if (!(error instanceof PackError)) throw error;
    problems.push(error.message);
    return false;
  }
}
