// The "nothing changed, do nothing" memory of gen-protos. A run hashes everything that can change
// its output — the .proto files, the options, the generators' versions — and records that hash
// with a hash of each file it wrote. The next run with the same input hash whose outputs are still
// on disk unchanged does nothing. `--check` never reads this state: it always regenerates.
import { createHash } from "node:crypto";
import { readdir, readFile, stat } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { writeFilesAtomically } from "./write-files-atomically.js";

export const STATE_FORMAT = 2;

export interface GenerationState {
  readonly format: number;
  readonly inputHash: string;
  /** Absolute output path → sha256 of the content written. */
  readonly outputs: Readonly<Record<string, string>>;
  /**
   * The files buf read besides the files to generate (their imports, at any depth) that lie
   * under the proto root → sha256 of their content. A file to generate can list only some of the
   * root's files, and an import's change changes their outputs (a type's kind, its full name).
   */
  readonly imports: Readonly<Record<string, string>>;
}

export function sha256(text: string | Uint8Array): string {
  return createHash("sha256").update(text).digest("hex");
}

/** Every .proto under `root`, relative with '/' separators, sorted (dot and node_modules dirs skipped). */
export async function listProtoFiles(root: string): Promise<string[]> {
  const found: string[] = [];
  async function walk(dir: string): Promise<void> {
    const entries = await readdir(dir, { withFileTypes: true });
    for (const entry of entries) {
      if (entry.name.startsWith(".") || entry.name === "node_modules") continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) await walk(full);
      else if (entry.name.endsWith(".proto")) found.push(path.relative(root, full).split(path.sep).join("/"));
    }
  }
  await walk(root);
  return found.sort();
}

/**
 * A fingerprint of a generator package: its version, plus — for workspace packages, whose
 * version does not move when their code does — the size and mtime of the built files that run:
 * `entryFile` alone when it holds the whole package (a bundle), else every .js under dist/.
 */
async function packageFingerprint(packageDir: string, entryFile?: string): Promise<string> {
  const manifest = JSON.parse(await readFile(path.join(packageDir, "package.json"), "utf8")) as { name?: unknown; version?: unknown };
  const id = `${String(manifest.name)}@${String(manifest.version)}`;
  if (packageDir.split(path.sep).includes("node_modules")) return id;
  const dist = path.join(packageDir, "dist");
  const files = entryFile !== undefined ? [path.relative(dist, entryFile)] : await readdir(dist, { recursive: true }).catch(() => [] as string[]);
  const stats = await Promise.all(
    files
      .filter((f) => f.endsWith(".js"))
      .sort()
      .map(async (f) => {
        const s = await stat(path.join(dist, f));
        return `${f}:${s.size}:${s.mtimeMs}`;
      }),
  );
  return `${id}[${stats.join(",")}]`;
}

/** The package directory holding `resolvedFile` (nearest package.json above it). */
async function packageDirOf(resolvedFile: string): Promise<string> {
  let dir = path.dirname(resolvedFile);
  for (;;) {
    try {
      await stat(path.join(dir, "package.json"));
      return dir;
    } catch {
      const parent = path.dirname(dir);
      if (parent === dir) return path.dirname(resolvedFile);
      dir = parent;
    }
  }
}

/** Fingerprints of this package, the Python plugin, ts-proto and buf, found without importing them. */
export async function generatorFingerprints(): Promise<string[]> {
  const require = createRequire(import.meta.url);
  const self = packageDirOf(fileURLToPath(import.meta.url));
  // The Python generator's package entry is its one-file bundle: what runs is that file.
  const pythonEntry = require.resolve("@pyflink-devkit/protoc-gen-python");
  return Promise.all([
    self.then((dir) => packageFingerprint(dir)),
    packageDirOf(pythonEntry).then((dir) => packageFingerprint(dir, pythonEntry)),
    packageDirOf(require.resolve("ts-proto/package.json")).then((dir) => packageFingerprint(dir)),
    packageDirOf(require.resolve("@bufbuild/buf/package.json")).then((dir) => packageFingerprint(dir)),
  ]);
}

export interface InputHashParts {
  readonly protoRoot: string;
  readonly protoFiles: readonly string[];
  /** Every option that shapes the output (paths, versions, header, TS on/off...). */
  readonly options: unknown;
}

export async function computeInputHash(parts: InputHashParts): Promise<string> {
  const hash = createHash("sha256");
  hash.update(`format ${STATE_FORMAT}\n`);
  for (const fingerprint of await generatorFingerprints()) hash.update(`generator ${fingerprint}\n`);
  hash.update(`options ${JSON.stringify(parts.options)}\n`);
  const contents = await Promise.all(parts.protoFiles.map((f) => readFile(path.join(parts.protoRoot, f))));
  parts.protoFiles.forEach((file, i) => {
    const content = contents[i] ?? new Uint8Array();
    hash.update(`proto ${file} ${content.length}\n`);
    hash.update(content);
  });
  return hash.digest("hex");
}

/** The state file of one generation target (one proto root + output directories). */
export function stateFilePath(stateDir: string, targetKey: string): string {
  return path.join(stateDir, `gen-protos-${sha256(targetKey).slice(0, 16)}.json`);
}

export async function readState(file: string): Promise<GenerationState | undefined> {
  try {
    const parsed = JSON.parse(await readFile(file, "utf8")) as Partial<GenerationState>;
    if (parsed.format !== STATE_FORMAT || typeof parsed.inputHash !== "string" || typeof parsed.outputs !== "object" || typeof parsed.imports !== "object") return undefined;
    return parsed as GenerationState;
  } catch {
    return undefined;
  }
}

/** True when every output the state lists is on disk with the content that was written. */
export async function outputsMatchState(state: GenerationState): Promise<boolean> {
  const entries = Object.entries(state.outputs);
  if (entries.length === 0) return false;
  const results = await Promise.all(
    entries.map(async ([file, digest]) => {
      try {
        return sha256(await readFile(file)) === digest;
      } catch {
        return false;
      }
    }),
  );
  return results.every(Boolean);
}

/** What an import not under the proto root (buf's own google/protobuf/*) is recorded as. */
const NOT_UNDER_ROOT = "not under the proto root";

/** sha256 of every `files` entry (relative to `protoRoot`), or NOT_UNDER_ROOT where buf supplied it. */
export async function hashImports(protoRoot: string, files: readonly string[]): Promise<Record<string, string>> {
  const contents = await Promise.all(files.map((file) => readFile(path.join(protoRoot, file)).catch(() => undefined)));
  const hashes: Record<string, string> = {};
  files.forEach((file, i) => {
    const content = contents[i];
    hashes[file] = content === undefined ? NOT_UNDER_ROOT : sha256(content);
  });
  return hashes;
}

/** True when every import the state lists is as it was (same content, or still not under the root). */
export async function importsMatchState(state: GenerationState, protoRoot: string): Promise<boolean> {
  const files = Object.keys(state.imports);
  const now = await hashImports(protoRoot, files);
  return files.every((file) => now[file] === state.imports[file]);
}

export async function writeState(file: string, state: GenerationState): Promise<void> {
  await writeFilesAtomically([{ path: file, content: `${JSON.stringify(state, null, 2)}\n` }]);
}
