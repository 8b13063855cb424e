// Helpers for the verify/inspect/budgets tests: bundles laid out the way `pack` writes them, with
// zips made by Info-ZIP or Python's zipfile (not our own writer), and the real CLI.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { findExecutable } from "@pyflink-devkit/runner";
import { buildLock } from "../src/lock-file.js";
import { resolveProfile, type ProfileRequest } from "../src/profiles.js";

export const PACKAGE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const CLI = path.join(PACKAGE_DIR, "dist", "bin", "pyflink-pack.js");

export const has = (tool: string): boolean => findExecutable(tool) !== undefined;

/** A CPython of this minor version that really starts (pyenv shims exist for missing versions too). */
export function pythonFor(minor: string): string | undefined {
  const result = spawnSync(`python${minor}`, ["-c", "import sys; print(sys.executable)"], { encoding: "utf8" });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

export function tempDir(prefix = "pyflink-pack-verify-test-"): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

export function writeTree(root: string, files: Readonly<Record<string, string>>): void {
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(root, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
}

/** Zips the whole of `dir` into `zipPath` with Info-ZIP (paths relative to `dir`). */
export function infoZip(dir: string, zipPath: string, extra: readonly string[] = []): void {
  execFileSync("zip", ["-q", "-r", "-X", ...extra, zipPath, "."], { cwd: dir });
}

/** A pure-Python distribution as pip installs it into a target directory (files + dist-info). */
export function distribution(name: string, version: string, modules: Readonly<Record<string, string>>): Record<string, string> {
  const info = `${name}-${version}.dist-info`;
  const record = [...Object.keys(modules), `${info}/METADATA`, `${info}/RECORD`].map((file) => `${file},,`).join("\n");
  return { ...modules, [`${info}/METADATA`]: `Metadata-Version: 2.1\nName: ${name}\nVersion: ${version}\n`, [`${info}/RECORD`]: `${record}\n` };
}

/** `providedInLock`: the names the lock lists as provided (default: the profile's whole set). */
export function writeLock(bundle: string, request: ProfileRequest, wheels: readonly string[] = [], providedInLock?: readonly string[]): void {
  const profile = resolveProfile(request);
  const lock = buildLock({
    profile,
    distributions: wheels.map((name) => ({ name, version: "1.0", filename: undefined, tag: "py3-none-any", sha256: "0".repeat(64), source: "index", zipSafe: true, zipSafetyReasons: [] })),
    provided: profile.provided.filter((p) => providedInLock === undefined || providedInLock.includes(p.name)).map((p) => ({ name: p.name, version: p.version, exact: p.exact })),
    jars: [],
    artifacts: [],
  });
  writeFileSync(path.join(bundle, "pyflink-pack.lock.json"), lock);
}

/**
 * A self-managed-Flink bundle as pack lays it out: the entry script at the root, third-party
 * packages in deps.zip (python.files), the lock file.
 */
export function flinkBundle(entry: string, deps: Readonly<Record<string, string>>, request: ProfileRequest = { target: "flink", flink: "1.20", python: "3.11" }): string {
  const root = tempDir();
  const bundle = path.join(root, "bundle");
  mkdirSync(bundle);
  writeFileSync(path.join(bundle, "main.py"), entry);
  if (Object.keys(deps).length > 0) {
    const depsDir = path.join(root, "deps");
    writeTree(depsDir, deps);
    infoZip(depsDir, path.join(bundle, "deps.zip"));
  }
  writeLock(bundle, request);
  return bundle;
}

export function runCli(args: readonly string[]): { status: number; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8", env: { ...process.env, PIP_RETRIES: "0" } });
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}
