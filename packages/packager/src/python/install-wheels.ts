// Installs wheels into the bundle's dependency tree and decides, per distribution, whether it is
// zip-safe.
//
// pip resolved and downloaded the wheels for the target (resolve-wheels.ts). Installing a wheel
// into a --target directory is a fixed unpack (PEP 427: purelib/platlib contents go to the root,
// .data/scripts|headers|data are for a full environment and do not apply to a PYTHONPATH
// directory). Doing that unpack here, into the install cache (or, with --no-cache, the run's work
// directory) that the deterministic zip writer reads, keeps the bundle byte-stable (no
// INSTALLER/direct_url.json naming a temp path, no .pyc) and lets a warm run start no Python at all.
import { createHash } from "node:crypto";
import { mkdir, mkdtemp, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { auditBundle, NativeAuditError, type AuditTarget, type NativeFinding } from "@pyflink-devkit/native-audit";
import { unsafeEntryName, withZip } from "@pyflink-devkit/zip-archive";
import { z } from "zod";
import { asPackError } from "../archive/zip-errors.js";
import { isBytecode, type ZipInput } from "../archive/deterministic-zip.js";
import { toolFingerprint } from "../bundle-cache.js";
import { PackError } from "../pack-error.js";

export interface ZipSafety {
  readonly zipSafe: boolean;
  /** Why not, with an example file each. */
  readonly reasons: readonly string[];
}

export interface InstalledDistribution {
  readonly name: string;
  readonly version: string;
  /** Files relative to the dependency root. */
  readonly files: readonly ZipInput[];
  readonly safety: ZipSafety;
  readonly warnings: readonly string[];
}

const COMPILED = /\.(so|pyd|dylib|dll)$|\.so\.\d/;
// Files that are part of "code" and are fine inside a zip (zipimport reads .py; the rest is metadata).
const ZIP_FRIENDLY = /(\.py|\.pyi|py\.typed)$/;

/**
 * Zip-safety from the distribution's file list (A29): zipimport cannot load compiled extensions,
 * and code that opens files next to `__file__` breaks when `__file__` is inside a zip.
 */
export function zipSafety(files: readonly { name: string; data?: Buffer }[]): ZipSafety {
  const reasons: string[] = [];
  const code = files.filter((f) => !/\.dist-info\/|\.egg-info\//.test(f.name));
  const compiled = code.find((f) => COMPILED.test(f.name));
  if (compiled) reasons.push(`compiled code (${compiled.name})`);
  const data = code.find((f) => !ZIP_FRIENDLY.test(f.name) && !COMPILED.test(f.name));
  if (data) reasons.push(`data files next to the code (${data.name})`);
  const fileRef = code.find((f) => f.name.endsWith(".py") && f.data !== undefined && /\b__file__\b/.test(f.data.toString("latin1")));
  if (fileRef) reasons.push(`reads paths relative to __file__ (${fileRef.name})`);
  return { zipSafe: reasons.length === 0, reasons };
}

/** Every file of a wheel, read into memory; a name that would leave the install directory is refused. */
function readWheel(wheelPath: string): Promise<{ name: string; mode: number; data: Buffer }[]> {
  return withZip(wheelPath, async (zip) => {
    const files: { name: string; mode: number; data: Buffer }[] = [];
    for (const entry of zip.entries) {
      const unsafe = unsafeEntryName(entry.name);
      if (unsafe !== undefined) throw new PackError("layout", `${wheelPath}: entry "${entry.name}" ${unsafe}, so installing the wheel would write outside the bundle. Do not ship this wheel; use another version or build.`);
      if (!entry.isDirectory) files.push({ name: entry.name, mode: entry.mode, data: await zip.read(entry) });
    }
    return files;
  });
}

interface UnpackedWheel {
  readonly files: readonly { readonly rel: string; readonly data: Buffer; readonly executable: boolean }[];
  readonly safety: ZipSafety;
  readonly warnings: readonly string[];
}

/** The wheel's files as a --target install lays them out (names relative to the dependency root). */
async function unpackWheel(wheelPath: string, name: string, version: string): Promise<UnpackedWheel> {
  const entries = await asPackError(() => readWheel(wheelPath), "The wheel is damaged; run again with --refresh to fetch it anew.");
  const warnings: string[] = [];
  const files: { rel: string; data: Buffer; executable: boolean }[] = [];
  const skippedData = new Set<string>();
  for (const entry of entries) {
    let rel = entry.name;
    const dataDir = /^[^/]+\.data\/([^/]+)\/(.*)$/.exec(rel);
    if (dataDir?.[1] !== undefined && dataDir[2] !== undefined) {
      if (dataDir[1] === "purelib" || dataDir[1] === "platlib") rel = dataDir[2];
      else {
        skippedData.add(dataDir[1]);
        continue;
      }
    }
    if (isBytecode(rel) || rel === "") continue;
    files.push({ rel, data: entry.data, executable: (entry.mode & 0o111) !== 0 });
  }
  if (skippedData.size > 0) warnings.push(`${name} ${version}: left out its .data/${[...skippedData].sort().join(", .data/")} (scripts/headers/data files only exist in a full environment, not on PYTHONPATH)`);
  return { files, safety: zipSafety(files.map((f) => ({ name: f.rel, data: f.data }))), warnings };
}

// The install cache: each wheel unpacked once into <cache>/packager/installed/<format>/<wheel sha256>/
// (files/ plus manifest.json, written in a temp directory and renamed into place), so a warm pack
// opens no wheel and inflates nothing, and the bundle cache can name every dependency file by
// (wheel sha256, path) without reading it.
const INSTALL_FORMAT = "v1";

const manifestSchema = z.strictObject({
  format: z.literal(INSTALL_FORMAT),
  wheelSha256: z.string(),
  name: z.string(),
  version: z.string(),
  files: z.array(z.strictObject({ rel: z.string(), bytes: z.number(), executable: z.boolean() })),
  safety: z.strictObject({ zipSafe: z.boolean(), reasons: z.array(z.string()) }),
  warnings: z.array(z.string()),
});
type InstallManifest = z.infer<typeof manifestSchema>;

export interface CachedInstall extends InstalledDistribution {
  /** File path → a stable id of its content (`wheel:<sha256>:<path>`), for the bundle cache's keys. */
  readonly contentIds: ReadonlyMap<string, string>;
  /** false when this run unpacked the wheel (first use, or the entry was damaged). */
  readonly fromCache: boolean;
}

export interface WheelToInstall {
  readonly path: string;
  readonly name: string;
  readonly version: string;
  readonly sha256: string;
}

/**
 * The entry, when it is whole: a manifest of this format for this wheel, and (with `checkFiles`)
 * every file there with its size. Without `checkFiles` only the manifest is read: enough to name
 * the files, which is all a bundle served from the bundle cache needs.
 */
async function readInstalled(dir: string, sha256: string, checkFiles: boolean): Promise<InstallManifest | undefined> {
  let manifest: InstallManifest;
  try {
    const parsed = manifestSchema.safeParse(JSON.parse(await readFile(path.join(dir, "manifest.json"), "utf8")));
    if (!parsed.success || parsed.data.wheelSha256 !== sha256) return undefined;
    manifest = parsed.data;
  } catch {
    return undefined;
  }
  if (!checkFiles) return manifest;
  const sizes = await Promise.all(manifest.files.map((f) => stat(path.join(dir, "files", f.rel)).then((s) => (s.isFile() ? s.size : -1), () => -1)));
  return sizes.every((size, i) => size === manifest.files[i]?.bytes) ? manifest : undefined;
}

async function unpackIntoCache(wheel: WheelToInstall, dir: string): Promise<InstallManifest> {
  const unpacked = await unpackWheel(wheel.path, wheel.name, wheel.version);
  await mkdir(path.dirname(dir), { recursive: true });
  const temp = await mkdtemp(`${dir}.tmp-`);
  try {
    for (const file of unpacked.files) {
      const target = path.join(temp, "files", file.rel);
      await mkdir(path.dirname(target), { recursive: true });
      await writeFile(target, file.data);
    }
    const manifest: InstallManifest = {
      format: INSTALL_FORMAT,
      wheelSha256: wheel.sha256,
      name: wheel.name,
      version: wheel.version,
      files: unpacked.files.map((f) => ({ rel: f.rel, bytes: f.data.length, executable: f.executable })),
      safety: { zipSafe: unpacked.safety.zipSafe, reasons: [...unpacked.safety.reasons] },
      warnings: [...unpacked.warnings],
    };
    await writeFile(path.join(temp, "manifest.json"), `${JSON.stringify(manifest)}\n`);
    // A damaged entry is moved aside first; a concurrent run that won the rename leaves a whole entry too.
    await rm(dir, { recursive: true, force: true });
    await rename(temp, dir).catch(async (error: unknown) => {
      if ((await readInstalled(dir, wheel.sha256, true)) === undefined) throw error;
    });
    return manifest;
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
}

/**
 * Installs one wheel through the install cache under `cacheRoot` (`<cache>/packager`). With
 * `checkFiles` false a present manifest is trusted without looking at the files; call again with
 * true before anything reads them (a damaged entry is then unpacked anew, at the same paths).
 */
export async function installWheelCached(wheel: WheelToInstall, cacheRoot: string, prefix: string, checkFiles: boolean): Promise<CachedInstall> {
  const dir = path.join(cacheRoot, "installed", INSTALL_FORMAT, wheel.sha256);
  let manifest = await readInstalled(dir, wheel.sha256, checkFiles);
  const fromCache = manifest !== undefined;
  manifest ??= await asPackError(() => unpackIntoCache(wheel, dir), "Check that the cache directory is writable, or pass --no-cache.");
  const contentIds = new Map<string, string>();
  const files: ZipInput[] = manifest.files.map((f) => {
    const abs = path.join(dir, "files", f.rel);
    contentIds.set(abs, `wheel:${wheel.sha256}:${f.rel}`);
    return { name: `${prefix}${f.rel}`, source: { kind: "file", path: abs }, executable: f.executable };
  });
  return { name: wheel.name, version: wheel.version, files, safety: manifest.safety, warnings: manifest.warnings, contentIds, fromCache };
}

const findingSchema = z.strictObject({
  path: z.string(),
  kind: z.enum(["elf", "mach-o", "pe", "wheel", "extension-module"]),
  summary: z.string(),
  glibc: z.string().optional(),
  tags: z.array(z.string()).optional(),
  problems: z.array(z.string()),
});

/**
 * The native audit of one installed wheel's files for one audit target, run once and kept beside
 * its manifest (`audit-<target hash>.json`). Paths are relative to the dependency root. Call after
 * `installWheelCached(…, true)`: the files must be whole.
 */
export async function auditInstalled(cacheRoot: string, wheelSha256: string, target: AuditTarget): Promise<readonly NativeFinding[]> {
  const dir = path.join(cacheRoot, "installed", INSTALL_FORMAT, wheelSha256);
  // Keyed by the target and the code (a changed audit audits again).
  const file = path.join(dir, `audit-${createHash("sha256").update(`${JSON.stringify(target)}\n${await toolFingerprint()}`).digest("hex").slice(0, 16)}.json`);
  try {
    return z.array(findingSchema).parse(JSON.parse(await readFile(file, "utf8")));
  } catch {
    // Not audited for this target yet, or unreadable: audit again.
  }
  let report;
  try {
    report = await auditBundle(path.join(dir, "files"), target);
  } catch (error) {
    if (error instanceof NativeAuditError) throw new PackError("io", `${error.message} Run again with --refresh, or remove ${dir}.`, { cause: error });
    throw error;
  }
  const temp = `${file}.tmp-${process.pid}`;
  await writeFile(temp, `${JSON.stringify(report.findings)}\n`);
  await rename(temp, file);
  return report.findings;
}
