// Installs wheels into the bundle's dependency tree and decides, per distribution, whether it is
// zip-safe.
//
// pip resolved and downloaded the wheels for the target (resolve-wheels.ts). Installing a wheel
// into a --target directory is a fixed unpack (PEP 427: purelib/platlib contents go to the root,
// .data/scripts|headers|data are for a full environment and do not apply to a PYTHONPATH
// directory). Doing that unpack here, straight into the deterministic zip writer's input, keeps
// the bundle byte-stable (no INSTALLER/direct_url.json naming a temp path, no .pyc) and lets a warm
// run start no Python at all.
import { unsafeEntryName, withZip } from "@pyflink-devkit/zip-archive";
import { asPackError } from "../archive/zip-errors.js";
import { isBytecode, type ZipInput } from "../archive/deterministic-zip.js";
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

/** Unpacks one wheel to bundle inputs under `prefix` (e.g. `deps/`). */
export async function installWheel(wheelPath: string, name: string, version: string, prefix: string): Promise<InstalledDistribution> {
  const entries = await asPackError(() => readWheel(wheelPath), "The wheel is damaged; run again with --refresh to fetch it anew.");
  const warnings: string[] = [];
  const files: ZipInput[] = [];
  const skippedData = new Set<string>();
  const relNames: { name: string; data: Buffer }[] = [];
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
    relNames.push({ name: rel, data: entry.data });
    files.push({ name: `${prefix}${rel}`, source: { kind: "buffer", data: entry.data }, executable: (entry.mode & 0o111) !== 0 });
  }
  if (skippedData.size > 0) warnings.push(`${name} ${version}: left out its .data/${[...skippedData].sort().join(", .data/")} (scripts/headers/data files only exist in a full environment, not on PYTHONPATH)`);
  return { name, version, files, safety: zipSafety(relNames), warnings };
}
