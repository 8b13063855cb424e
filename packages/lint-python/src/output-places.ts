// Where lint-python writes (the cache directory, --json, --junit), checked before any check runs:
// a run of minutes should not end on a raw EROFS, and a --cache-dir that is a file is a usage
// mistake, not a failed check per environment.
import { access, constants, mkdir, stat } from "node:fs/promises";
import path from "node:path";
import { defaultCacheDir } from "@pyflink-devkit/python-env";
import { LintPythonError } from "./lint-python-error.js";

/** The fix for a failed write, by errno. */
const FIXES: Readonly<Record<string, string>> = {
  EROFS: "it is on a read-only file system: choose a directory on a writable one",
  EACCES: "you may not write there: choose a directory you own, or fix its permissions",
  EPERM: "you may not write there: choose a directory you own, or fix its permissions",
  ENOTDIR: "a part of the path is a file, not a directory: choose another path",
  ENOSPC: "the disk is full: free space on it, or choose a directory on another disk",
  EDQUOT: "your disk quota is used up: free space, or choose a directory on another disk",
};

function codeOf(error: unknown): string {
  return error instanceof Error && "code" in error && typeof error.code === "string" ? error.code : "unknown error";
}

function fixFor(code: string): string {
  return FIXES[code] ?? "choose a directory you can write to";
}

/**
 * The cache directory, made when missing. `source` says where it came from ("--cache-dir",
 * "$PYFLINK_DEVKIT_CACHE", ...), so the message names what the user has to change.
 */
export async function prepareCacheDir(dir: string, source: string): Promise<void> {
  const found = await stat(dir).catch(() => undefined);
  if (found !== undefined && !found.isDirectory()) {
    throw new LintPythonError(`${source} ${dir} is a file, not a directory. Pass a directory (it is created when missing).`, { exitCode: 2 });
  }
  try {
    await mkdir(dir, { recursive: true });
    await access(dir, constants.W_OK);
  } catch (error) {
    const code = codeOf(error);
    throw new LintPythonError(`${source} ${dir} cannot be used for environments and results (${code}): ${fixFor(code)}.`, { exitCode: 2, cause: error });
  }
}

/** A report file (--json, --junit): not a directory, and its directory can be made and written. */
export async function checkReportPlace(file: string, option: string): Promise<void> {
  if ((await stat(file).catch(() => undefined))?.isDirectory() === true) {
    throw new LintPythonError(`${option} ${file} is a directory. Pass the path of the report file to write.`, { exitCode: 2 });
  }
  const dir = path.dirname(path.resolve(file));
  try {
    await mkdir(dir, { recursive: true });
    await access(dir, constants.W_OK);
  } catch (error) {
    const code = codeOf(error);
    throw new LintPythonError(`${option} ${file} cannot be written (${code} in ${dir}): ${fixFor(code)}. Nothing was run.`, { exitCode: 2, cause: error });
  }
}

/** A report write that failed after the run: the file, the errno and the fix, not a temp name. */
export function reportWriteError(file: string, option: string, error: unknown): LintPythonError {
  const code = codeOf(error);
  return new LintPythonError(`${option} ${file} could not be written (${code}): ${fixFor(code)}. The results are in the table above and in the cache.`, { cause: error });
}

/** Everything a run writes to, checked before it starts; `cacheDir` undefined means the default. */
export async function checkOutputPlaces(places: { readonly cacheDir: string | undefined; readonly json: string | undefined; readonly junit: string | undefined }, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const source = places.cacheDir !== undefined ? "--cache-dir" : env.PYFLINK_DEVKIT_CACHE ? "$PYFLINK_DEVKIT_CACHE" : "the cache directory";
  await prepareCacheDir(places.cacheDir ?? defaultCacheDir(env), source);
  if (places.json !== undefined && places.json !== "-") await checkReportPlace(places.json, "--json");
  if (places.junit !== undefined) await checkReportPlace(places.junit, "--junit");
}
