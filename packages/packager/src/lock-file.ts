// pyflink-pack.lock.json, written beside the bundle: every shipped distribution (wheel name,
// version, tag, sha256), what the runtime provided instead, every jar and artifact hash. Sorted
// and free of timestamps and machine paths, so it is as reproducible as the bundle.
import type { Profile } from "./profiles.js";
import type { ProvidedUse } from "./python/resolve-wheels.js";

export const LOCK_FILE_NAME = "pyflink-pack.lock.json";
export const LOCK_VERSION = 1;

export interface LockedDistribution {
  readonly name: string;
  readonly version: string;
  /** The wheel file name (undefined for --from-env, which has no wheel). */
  readonly filename: string | undefined;
  /** Wheel tag(s), e.g. `py3-none-any` or `cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64`. */
  readonly tag: string;
  /** sha256 of the wheel file; for --from-env, of the installed files (path NUL content, sorted). */
  readonly sha256: string;
  readonly source: "index" | "from-env" | "sdist-built-for-host";
  readonly zipSafe: boolean;
  readonly zipSafetyReasons: readonly string[];
}

export interface LockInput {
  readonly profile: Profile;
  readonly distributions: readonly LockedDistribution[];
  readonly provided: readonly ProvidedUse[];
  readonly jars: readonly { path: string; sha256: string }[];
  readonly artifacts: readonly { path: string; sha256: string }[];
}

const byKey = <T>(key: (t: T) => string) => (a: T, b: T): number => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);

export function buildLock(input: LockInput): string {
  const { profile } = input;
  const lock = {
    lockVersion: LOCK_VERSION,
    generatedBy: "pyflink-pack",
    target: {
      target: profile.target,
      profile: profile.id,
      flink: profile.flinkVersion,
      python: profile.pythonVersion,
      abi: profile.abi,
      platforms: profile.platforms,
    },
    wheels: [...input.distributions].sort(byKey((d) => d.name.toLowerCase())).map((d) => ({
      name: d.name,
      version: d.version,
      ...(d.filename === undefined ? {} : { filename: d.filename }),
      tag: d.tag,
      sha256: d.sha256,
      source: d.source,
      zipSafe: d.zipSafe,
      ...(d.zipSafetyReasons.length === 0 ? {} : { notZipSafeBecause: d.zipSafetyReasons }),
    })),
    providedByRuntime: [...input.provided].sort(byKey((p) => p.name.toLowerCase())).map((p) => ({ name: p.name, version: p.version, exact: p.exact })),
    jars: [...input.jars].sort(byKey((j) => j.path)),
    artifacts: [...input.artifacts].sort(byKey((a) => a.path)),
  };
  return `${JSON.stringify(lock, null, 2)}\n`;
}
