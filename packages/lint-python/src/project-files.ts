import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { glob } from "tinyglobby";

// Never inputs: VCS data, tool caches, build output and virtualenvs inside the project.
const IGNORED = [
  "**/.git/**",
  "**/.tox/**",
  "**/.nox/**",
  "**/node_modules/**",
  "**/__pycache__/**",
  "**/.mypy_cache/**",
  "**/.pytest_cache/**",
  "**/.ruff_cache/**",
  "**/*.egg-info/**",
  "**/.eggs/**",
  "**/build/**",
  "**/dist/**",
  "**/_build/**",
  "**/.venv/**",
  "**/venv/**",
  "**/*.pyc",
] as const;

/** The project's files (relative, sorted) with a content hash each. */
export type FileHashes = ReadonlyMap<string, string>;

/**
 * Hashes every file of the project by content. Content, not mtime: a `git checkout` or a touch
 * that changes nothing must not invalidate results, and a small project hashes in milliseconds.
 */
export async function hashProjectFiles(dir: string): Promise<FileHashes> {
  const files = (await glob("**/*", { cwd: dir, dot: true, ignore: [...IGNORED], onlyFiles: true, followSymbolicLinks: false })).sort();
  const hashes = await Promise.all(
    files.map(async (file) => {
      const content = await readFile(path.join(dir, file)).catch(() => undefined);
      return [file, content === undefined ? "unreadable" : createHash("sha256").update(content).digest("hex")] as const;
    }),
  );
  return new Map(hashes);
}

/** One hash over the given files' paths and content hashes. */
export function hashFiles(hashes: FileHashes, include: (file: string) => boolean): string {
  const digest = createHash("sha256");
  for (const [file, hash] of hashes) {
    if (include(file)) digest.update(`${file}\0${hash}\n`);
  }
  return digest.digest("hex");
}
