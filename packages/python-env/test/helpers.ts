import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { findExecutable, run } from "@pyflink-devkit/runner";

/** A fresh temp dir, removed by the returned cleanup. */
export async function tempDir(prefix: string): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), `pyflink-python-env-${prefix}-`));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

export const pyenvExecutable = findExecutable("pyenv");

/** pyenv's own view (an independent source for what discovery should find). */
export async function pyenvFacts(): Promise<{ root: string; versions: string[]; active: string } | undefined> {
  if (!pyenvExecutable) return undefined;
  const root = (await run(pyenvExecutable, ["root"])).stdout.trim();
  const versions = (await run(pyenvExecutable, ["versions", "--bare", "--skip-aliases"])).stdout.split("\n").map((v) => v.trim()).filter((v) => /^\d+\.\d+\.\d+$/.test(v));
  const active = (await run(pyenvExecutable, ["version-name"])).stdout.trim();
  return { root, versions, active };
}

/** pip must never wait on the (unreachable) public index in tests. */
export const PIP_ENV = { PIP_RETRIES: "0" } as const;

/**
 * vitest options that skip unless `present`, recording why in the shape @pyflink-devkit/reference-tools
 * writes (its skip table reads `meta.referenceSkip`). That package depends on this one, so these
 * tests cannot import its `skipUnless`; `source` is one of its SOURCES.
 */
export function skipUnlessPresent(present: boolean, reference: string, source: "pypi" | "npm" | "interpreter" | "platform" | "conda", reason: string): { skip: boolean; meta: Record<string, { kind: "reference-skip"; reference: string; source: string; reason: string }> } {
  return present ? { skip: false, meta: {} } : { skip: true, meta: { referenceSkip: { kind: "reference-skip", reference, source, reason } } };
}
