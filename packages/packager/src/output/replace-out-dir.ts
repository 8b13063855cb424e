// When pack may replace --out as a whole: when it is absent, empty, or a previous bundle with
// nothing else in it. A lock file alone does not make a directory ours: every file in it must be
// one that lock lists (its artifacts and the lock itself), or a thesis.tex beside an old bundle
// would be deleted with it.
import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { LOCK_FILE_NAME } from "../lock-file.js";
import { PackError } from "../pack-error.js";

const SHOWN = 5;

/** The files below `dir` (links included, directories not), `/`-separated and sorted. */
async function filesBelow(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => !entry.isDirectory())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join("/"))
    .sort();
}

/** The artifact paths a lock file lists, or a sentence saying why it cannot be read. */
function artifactsOfLock(text: string): readonly string[] | string {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return `it is not valid JSON (${(error as Error).message})`;
  }
  const artifacts = typeof json === "object" && json !== null && "artifacts" in json ? json.artifacts : undefined;
  if (!Array.isArray(artifacts)) return "it lists no artifacts";
  const paths: string[] = [];
  for (const artifact of artifacts as unknown[]) {
    const p = typeof artifact === "object" && artifact !== null && "path" in artifact ? artifact.path : undefined;
    if (typeof p !== "string") return "an artifact has no path";
    paths.push(p.split(path.sep).join("/"));
  }
  return paths;
}

/**
 * Throws PackError("config") unless pack may replace `outDir` as a whole: absent, an empty
 * directory, or a previous bundle whose every file its lock lists. The message names the strangers.
 */
export async function checkOutDirReplaceable(outDir: string): Promise<void> {
  const info = await stat(outDir).catch(() => undefined);
  if (info === undefined) return;
  if (!info.isDirectory()) throw new PackError("config", `--out ${outDir} is a file. Choose a new or empty directory; the packager replaces --out as a whole.`);
  const files = await filesBelow(outDir);
  if (files.length === 0) return;
  if (!files.includes(LOCK_FILE_NAME)) {
    throw new PackError("config", `--out ${outDir} exists and is not a pyflink-pack bundle (no ${LOCK_FILE_NAME}; it holds ${describe(files)}). Choose a new or empty directory; the packager replaces --out as a whole.`);
  }
  const lockFile = path.join(outDir, LOCK_FILE_NAME);
  const listed = artifactsOfLock(await readFile(lockFile, "utf8"));
  if (typeof listed === "string") {
    throw new PackError("config", `--out ${outDir}: ${LOCK_FILE_NAME} cannot be read (${listed}), so which files are the old bundle's is unknown. Choose a new or empty directory, or delete ${outDir} yourself if nothing in it is needed.`);
  }
  const ours = new Set([LOCK_FILE_NAME, ...listed]);
  const strangers = files.filter((file) => !ours.has(file));
  if (strangers.length > 0) {
    throw new PackError(
      "config",
      `--out ${outDir} holds a previous bundle plus ${strangers.length} file(s) its lock does not list: ${describe(strangers)}. The packager replaces --out as a whole and would delete them. Move them out of ${outDir}, or choose another --out.`,
    );
  }
}

function describe(files: readonly string[]): string {
  return `${files.slice(0, SHOWN).join(", ")}${files.length > SHOWN ? `, … (${files.length - SHOWN} more)` : ""}`;
}
