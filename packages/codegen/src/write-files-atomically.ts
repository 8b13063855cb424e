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
  try {
    for (const file of files) {
      await mkdir(path.dirname(file.path), { recursive: true });
      const temp = path.join(path.dirname(file.path), `.${path.basename(file.path)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
      const previous = await readFile(file.path, "utf8").catch(() => undefined);
      staged.push({ target: file.path, temp, previous });
      await writeFile(temp, file.content, "utf8");
    }
  } catch (error) {
    await Promise.all(staged.map((s) => rm(s.temp, { force: true })));
    throw new CodegenError(`gen-protos could not write ${describeFailure(error)}; nothing was changed. Check that the output directories are writable.`, { cause: error });
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
    throw new CodegenError(`gen-protos could not move ${describeFailure(error)} into place; the previous files were restored. Check that the output directories are writable.`, { cause: error });
  }
}

function describeFailure(error: unknown): string {
  if (error instanceof Error && "path" in error && typeof error.path === "string") return `${error.path} (${error.message})`;
  return error instanceof Error ? error.message : String(error);
}
