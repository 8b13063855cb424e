// Runs the built gen-protos CLI for real (turbo builds the package before its tests).
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { fixtureAvailable } from "@pyflink-devkit/reference-tools";

/** packages/codegen: the nearest package.json above this file (also when compiled for the benchmark). */
function findPackageDir(start: string): string {
  let dir = start;
  while (!existsSync(path.join(dir, "package.json"))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${start}`);
    dir = parent;
  }
  return dir;
}

export const packageDir = findPackageDir(path.dirname(fileURLToPath(import.meta.url)));
export const repoRoot = path.resolve(packageDir, "../..");
export const cliPath = path.join(packageDir, "dist", "bin", "gen-protos.js");

/** The shared reference material (upstream Flink fixtures) beside the repository, when present. */
export const sharedDir = path.resolve(repoRoot, "..", "shared");
export const fixturesDir = path.join(sharedDir, "fixtures", "flink-upstream");
export const fixturesAvailable = existsSync(path.join(fixturesDir, "32dd20e7", "flink-fn-execution.proto"));
/** The same, as a reference a test can skip on with its reason recorded. */
export const fixturesRef = fixtureAvailable("flink-upstream");
export const NO_FIXTURES = `the upstream Flink fixtures are not at ${fixturesDir} (the shared/ directory beside the repository)`;

export interface CliResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Every test run gets its own no-op state directory, so runs never see each other's state. */
export function freshCacheDir(): string {
  return mkdtempSync(path.join(os.tmpdir(), "gen-protos-cache-"));
}

export function runCli(args: readonly string[], options: { cwd?: string; cacheDir: string }): CliResult {
  const result = spawnSync(process.execPath, [cliPath, ...args], {
    cwd: options.cwd ?? repoRoot,
    encoding: "utf8",
    env: { ...process.env, PYFLINK_DEVKIT_CACHE_DIR: options.cacheDir },
    timeout: 120_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

export function tempDir(prefix: string): string {
  return mkdtempSync(path.join(os.tmpdir(), `gen-protos-${prefix}-`));
}
