import { randomBytes } from "node:crypto";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { CodegenError } from "./codegen-error.js";

export interface OutputFile {
  /** Absolute path. */
  readonly path: string;
  readonly content: string;
}

/**
 * Writes every file or none: all contents go to temporary files beside their targets first
 * (same directory, so the rename cannot cross file systems), and only when all of them are on
 * disk are they renamed over the targets. If a rename fails midway, the targets already replaced
 * get their previous content back, so a failed run leaves what was there before.
 */
export async function writeFilesAtomically(files: readonly OutputFile[]): Promise<void> {
  const staged: { readonly target: string; readonly temp: string; readonly previous: string | undefined }[] = [];
  let current: string | undefined;
  try {
    for (const file of files) {
      current = file.path;
      await mkdir(path.dirname(file.path), { recursive: true });
      const temp = path.join(path.dirname(file.path), `.${path.basename(file.path)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
      const previous = await readFile(file.path, "utf8").catch(() => undefined);
      staged.push({ target: file.path, temp, previous });
      await writeFile(temp, file.content, "utf8");
    }
  } catch (error) {
    await Promise.all(staged.map((s) => rm(s.temp, { force: true })));
    throw new CodegenError(`could not write ${describeFailure(error, current)}; nothing was changed. ${fixFor(error)}`, { cause: error });
  }

  const renamed: typeof staged = [];
  try {
    for (const s of staged) {
      await rename(s.temp, s.target);
      renamed.push(s);
    }
  } catch (error) {
    for (const s of renamed.reverse()) {
      if (s.previous === undefined) await rm(s.target, { force: true });
      else await writeFile(s.target, s.previous, "utf8");
    }
    await Promise.all(staged.map((s) => rm(s.temp, { force: true })));
    throw new CodegenError(`could not move ${describeFailure(error, undefined)} into place; the previous files were restored. ${fixFor(error)}`, { cause: error });
  }
}

// The fix for a failed write, by errno: data, read by fixFor.
const FIXES: Readonly<Record<string, string>> = {
  ENOSPC: "The disk is full: free space on it (or write the output elsewhere) and run again.",
  EDQUOT: "Your disk quota is used up: free space and run again.",
  EROFS: "That file system is read-only: write the output to a writable directory.",
  EACCES: "Check that the output directories are writable by you.",
  EPERM: "Check that the output directories are writable by you.",
  ENOTDIR: "A part of the output path is a file, not a directory: point the output option at a directory.",
  EISDIR: "A directory stands where a generated file goes: remove it or choose another output directory.",
};

function fixFor(error: unknown): string {
  const code = error instanceof Error && "code" in error && typeof error.code === "string" ? error.code : undefined;
  return (code === undefined ? undefined : FIXES[code]) ?? "Check that the output directories are writable.";
}

/** The file and the system's words; a failed write(2) (ENOSPC) names no path itself, so `target` does. */
function describeFailure(error: unknown, target: string | undefined): string {
  const message = error instanceof Error ? error.message : String(error);
  if (target !== undefined) return `${target} (${message})`;
  if (error instanceof Error && "path" in error && typeof error.path === "string") return `${error.path} (${message})`;
  return message;
}
