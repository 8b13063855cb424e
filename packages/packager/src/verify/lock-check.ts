// The bundle against its lock: every artifact the lock lists must be there with the sha256 the
// lock recorded, and nothing may have been added beside them. A bundle edited after pack (a
// file replaced, a zip re-zipped by hand) is named here, file by file, instead of passing verify.
import { sha256File } from "../archive/deterministic-zip.js";
import { LOCK_FILE_NAME } from "../lock-file.js";
import type { BundleFile } from "../targets/target.js";
import type { BundleLock } from "../inspect/read-bundle.js";

export interface LockDrift {
  /** Artifacts whose bytes differ from the lock: path, the lock's sha256, the file's. */
  readonly changed: readonly { readonly path: string; readonly locked: string; readonly actual: string }[];
  /** Artifacts the lock lists that the bundle no longer holds. */
  readonly missing: readonly string[];
  /** Files in the bundle the lock does not list. */
  readonly added: readonly string[];
  /** How many artifacts matched. */
  readonly matched: number;
}

/** Hashes every file of the bundle (streamed) and compares it with the lock. */
export async function checkAgainstLock(files: readonly BundleFile[], lock: BundleLock): Promise<LockDrift> {
  const byPath = new Map(files.map((file) => [file.rel, file]));
  const listed = new Set(lock.artifacts.map((artifact) => artifact.path));
  const changed: { path: string; locked: string; actual: string }[] = [];
  const missing: string[] = [];
  let matched = 0;
  for (const artifact of lock.artifacts) {
    const file = byPath.get(artifact.path);
    if (file === undefined) {
      missing.push(artifact.path);
      continue;
    }
    const actual = await sha256File(file.abs);
    if (actual === artifact.sha256) matched++;
    else changed.push({ path: artifact.path, locked: artifact.sha256, actual });
  }
  const added = files.map((file) => file.rel).filter((rel) => rel !== LOCK_FILE_NAME && !listed.has(rel));
  return { changed, missing, added, matched };
}

/** One sentence per difference, each with its fix. */
export function describeLockDrift(drift: LockDrift): string[] {
  return [
    ...drift.changed.map((item) => `${item.path} changed after pack: its sha256 is ${item.actual.slice(0, 16)}…, the lock recorded ${item.locked.slice(0, 16)}…. Pack again, or restore the file pack wrote.`),
    ...drift.missing.map((rel) => `${rel} is listed in ${LOCK_FILE_NAME} but missing from the bundle. Pack again, or restore it.`),
    ...drift.added.map((rel) => `${rel} is in the bundle but not in ${LOCK_FILE_NAME} (added after pack). Remove it, or pack again.`),
  ];
}
