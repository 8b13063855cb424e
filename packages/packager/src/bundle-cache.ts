// The bundle cache: what makes a warm pack cheap and an unchanged rerun nearly free.
//
// Every zip artifact is keyed by its content plan: the version of the code that writes it, and
// each input's name, mode and content (project files hashed, dependency files named by
// (wheel sha256, path) through the install cache, nested zips recursively). A built zip is kept
// under <cache>/packager/artifacts/<key>/ (written in a temp directory and renamed into place),
// and a later plan with the same key copies it instead of compressing again. The checks pack runs
// on a staged bundle (native audit, size budgets) are a function of the artifacts' bytes and the
// profile, so their warnings are kept under the artifacts' hashes too. When --out already holds
// exactly the artifacts and lock file this run would write, nothing is written at all.
//
// A damaged entry (missing file, wrong size or sha256, unreadable record) is a miss: the artifact
// is built again and the entry replaced.
import { createHash } from "node:crypto";
import { constants as fsConstants } from "node:fs";
import { copyFile, mkdir, mkdtemp, readdir, readFile, rename, rm, stat, utimes, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { sha256File, type ZipInput } from "./archive/deterministic-zip.js";
import type { Profile } from "./profiles.js";
import type { ArtifactPlan } from "./targets/target.js";

const CACHE_FORMAT = "v1";
/** Built zips kept; older ones (by last use) are removed when a new one is stored. */
export const KEPT_ARTIFACTS = 24;

/** File path → a stable id of its content, when known without reading the file (install cache). */
export type ContentIds = ReadonlyMap<string, string>;

const sha256 = (data: string | Buffer): string => createHash("sha256").update(data).digest("hex");

async function codeFiles(dir: string): Promise<string[]> {
  const names = await readdir(dir, { recursive: true }).catch(() => [] as string[]);
  return names.filter((name) => /\.(js|ts)$/.test(name) && !name.endsWith(".d.ts")).sort();
}

let fingerprint: Promise<string> | undefined;

/**
 * The code that turns a plan into bytes and checks them: this package's own modules, the zip layer
 * and the native audit (each hashed file by file, so a changed build is a new key even at the same
 * version), yazl's version and Node's zlib (whose deflate output may change between releases).
 */
export function toolFingerprint(): Promise<string> {
  fingerprint ??= (async () => {
    const require = createRequire(import.meta.url);
    const own = path.dirname(fileURLToPath(import.meta.url));
    const zipArchive = path.dirname(require.resolve("@pyflink-devkit/zip-archive"));
    const nativeAudit = path.dirname(require.resolve("@pyflink-devkit/native-audit"));
    const yazl = createRequire(path.join(zipArchive, "index.js")).resolve("yazl/package.json");
    const hash = createHash("sha256").update(`${CACHE_FORMAT}\0zlib ${process.versions.zlib}\0`);
    hash.update(await readFile(yazl));
    for (const dir of [own, zipArchive, nativeAudit]) {
      for (const name of await codeFiles(dir)) hash.update(`${name}\0`).update(await readFile(path.join(dir, name)));
    }
    return hash.digest("hex");
  })();
  return fingerprint;
}

async function contentId(input: ZipInput, ids: ContentIds): Promise<string> {
  const { source } = input;
  if (source.kind === "buffer") return `sha256:${sha256(source.data)}`;
  if (source.kind === "zip") return `zip:${await inputsDigest(source.inputs, ids)}`;
  return ids.get(source.path) ?? `sha256:${await sha256File(source.path)}`;
}

async function inputsDigest(inputs: readonly ZipInput[], ids: ContentIds): Promise<string> {
  const lines = await Promise.all(inputs.map(async (input) => `${JSON.stringify(input.name)} ${input.executable ? "x" : "-"} ${await contentId(input, ids)}`));
  return sha256(lines.sort().join("\n"));
}

/** The cache key of a zip artifact's plan (undefined for the other kinds: they cost nothing to write). */
export async function artifactKey(plan: ArtifactPlan, ids: ContentIds): Promise<string | undefined> {
  if (plan.kind !== "zip") return undefined;
  return sha256(`${await toolFingerprint()}\n${plan.name}\n${await inputsDigest(plan.inputs, ids)}`).slice(0, 40);
}

export interface CachedArtifact {
  readonly file: string;
  readonly sha256: string;
  readonly bytes: number;
}

const recordSchema = z.strictObject({ sha256: z.string(), bytes: z.number() });
const ARTIFACT_FILE = "artifact";

const artifactsDir = (cacheRoot: string): string => path.join(cacheRoot, "artifacts", CACHE_FORMAT);

/**
 * The built artifact for `key` when its record is readable and the file has the recorded size;
 * undefined otherwise. Its bytes are checked by `intact` before they are copied anywhere (an
 * unchanged --out is compared with the record instead, so the reuse check reads no cached file).
 */
export async function lookupArtifact(cacheRoot: string, key: string): Promise<CachedArtifact | undefined> {
  const dir = path.join(artifactsDir(cacheRoot), key);
  try {
    const record = recordSchema.parse(JSON.parse(await readFile(path.join(dir, "record.json"), "utf8")));
    const file = path.join(dir, ARTIFACT_FILE);
    if ((await stat(file)).size !== record.bytes) return undefined;
    // Last use, for pruning.
    const now = new Date();
    await utimes(path.join(dir, "record.json"), now, now).catch(() => undefined);
    return { file, ...record };
  } catch {
    return undefined;
  }
}

/**
 * Copies the cached artifact to `dest` and checks the copy against the recorded sha256 (checking
 * the copy, not the cache, so an entry replaced or damaged meanwhile cannot slip through). false,
 * with `dest` removed, when anything is wrong: the caller builds the artifact instead.
 */
export async function copyIfIntact(cached: CachedArtifact, dest: string): Promise<boolean> {
  try {
    await copyFile(cached.file, dest, fsConstants.COPYFILE_FICLONE);
    if ((await sha256File(dest)) === cached.sha256) return true;
  } catch {
    // Gone or unreadable: build it.
  }
  await rm(dest, { force: true });
  return false;
}

/** Keeps a copy of a built artifact under `key`. Failing to store is not an error: the bundle is built. */
export async function storeArtifact(cacheRoot: string, key: string, built: string, hash: string, bytes: number): Promise<void> {
  const root = artifactsDir(cacheRoot);
  const dir = path.join(root, key);
  try {
    await mkdir(root, { recursive: true });
    const temp = await mkdtemp(path.join(root, `.${key}.tmp-`));
    try {
      await copyFile(built, path.join(temp, ARTIFACT_FILE), fsConstants.COPYFILE_FICLONE);
      await writeFile(path.join(temp, "record.json"), `${JSON.stringify({ sha256: hash, bytes })}\n`);
      await rm(dir, { recursive: true, force: true });
      await rename(temp, dir);
    } finally {
      await rm(temp, { recursive: true, force: true });
    }
    await pruneArtifacts(root);
  } catch {
    // A full disk or a concurrent writer only costs the next run a rebuild.
  }
}

async function pruneArtifacts(root: string): Promise<void> {
  const entries = (await readdir(root)).filter((name) => !name.startsWith("."));
  if (entries.length <= KEPT_ARTIFACTS) return;
  const used = await Promise.all(entries.map(async (name) => ({ name, at: (await stat(path.join(root, name, "record.json")).catch(() => undefined))?.mtimeMs ?? 0 })));
  used.sort((a, b) => b.at - a.at);
  await Promise.all(used.slice(KEPT_ARTIFACTS).map((entry) => rm(path.join(root, entry.name), { recursive: true, force: true })));
}

/** Key of the staged-bundle checks: the artifacts' names and hashes, the profile, the code. */
export async function checksKey(artifacts: readonly { name: string; sha256: string }[], profile: Profile): Promise<string> {
  const names = [...artifacts].sort((a, b) => (a.name < b.name ? -1 : 1)).map((a) => `${a.name} ${a.sha256}`);
  return sha256(`${await toolFingerprint()}\n${JSON.stringify(profile)}\n${names.join("\n")}`).slice(0, 40);
}

const checksSchema = z.strictObject({ warnings: z.array(z.string()) });
const checksFile = (cacheRoot: string, key: string): string => path.join(cacheRoot, "checks", CACHE_FORMAT, `${key}.json`);

export async function lookupChecks(cacheRoot: string, key: string): Promise<readonly string[] | undefined> {
  try {
    return checksSchema.parse(JSON.parse(await readFile(checksFile(cacheRoot, key), "utf8"))).warnings;
  } catch {
    return undefined;
  }
}

export async function storeChecks(cacheRoot: string, key: string, warnings: readonly string[]): Promise<void> {
  const file = checksFile(cacheRoot, key);
  try {
    await mkdir(path.dirname(file), { recursive: true });
    const temp = `${file}.tmp-${process.pid}`;
    await writeFile(temp, `${JSON.stringify({ warnings })}\n`);
    await rename(temp, file);
  } catch {
    // As for artifacts: only a later run pays.
  }
}

/**
 * Whether `dir` holds exactly these files (paths relative to it, with `/`) with these sizes and
 * hashes, and nothing else: then a pack with the same plan has nothing to write.
 */
export async function directoryHolds(dir: string, expected: readonly { rel: string; sha256: string; bytes: number }[]): Promise<boolean> {
  const present = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => undefined);
  if (present === undefined) return false;
  const files = present.filter((entry) => !entry.isDirectory()).map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join("/"));
  if (files.length !== expected.length || present.some((entry) => !entry.isDirectory() && !entry.isFile())) return false;
  const wanted = new Map(expected.map((e) => [e.rel, e]));
  for (const rel of files) {
    const want = wanted.get(rel);
    if (want === undefined) return false;
    const file = path.join(dir, rel);
    if ((await stat(file)).size !== want.bytes || (await sha256File(file)) !== want.sha256) return false;
  }
  return true;
}
