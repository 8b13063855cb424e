// Test helpers: real wheels built by real pip from test/fixtures, a throwaway copy of the fixture
// job, the real CLI, and independent readers (unzip, Python's zipfile, sha256sum).
import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { cp, mkdir, mkdtemp, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { findExecutable } from "@pyflink-devkit/runner";
import { zipToBuffer } from "../src/archive/deterministic-zip.js";
import { missing, systemTool } from "@pyflink-devkit/reference-tools";

export const PACKAGE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const FIXTURES = path.join(PACKAGE_DIR, "test", "fixtures");
export const BIN = path.join(PACKAGE_DIR, "dist", "bin", "pyflink-pack.js");

/** A Python 3.11 (the MSF 1.20 runtime's version) to build fixture wheels with, from PATH or pyenv. */
export function python311(): string | undefined {
  const onPath = findExecutable("python3.11");
  if (onPath !== undefined && spawnSync(onPath, ["--version"]).status === 0) return onPath;
  const pyenv = spawnSync("pyenv", ["prefix", "3.11"], { encoding: "utf8" });
  if (pyenv.status === 0) {
    const candidate = path.join(pyenv.stdout.trim().split("\n")[0] ?? "", "bin", "python3.11");
    if (spawnSync(candidate, ["--version"]).status === 0) return candidate;
  }
  return undefined;
}

export const PYTHON = python311();
export const HAVE_GCC = findExecutable("gcc") !== undefined;
export const HAVE_UNZIP = findExecutable("unzip") !== undefined;
export const SKIP_REASON = PYTHON === undefined ? "needs python3.11 (pip wheel for the fixtures)" : !HAVE_GCC ? "needs gcc for the C-extension fixture" : undefined;
/** The same, as references the tests skip on with the reason recorded. */
export const SKIP_REF = PYTHON === undefined
  ? missing("python:3.11", "interpreter", "needs python3.11 (pip wheel for the fixtures): pyenv install 3.11")
  : systemTool("gcc");
export const UNZIP_REF = systemTool("unzip");

/** Environment for every pip-running child: fail fast on the unreachable default index. */
export const PIP_ENV = { PIP_RETRIES: "0", PIP_DISABLE_PIP_VERSION_CHECK: "1" };

function fixtureHash(): string {
  const hash = createHash("sha256");
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const p = path.join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else hash.update(p).update(readFileSync(p));
    }
  };
  walk(path.join(FIXTURES, "pfdemo"));
  walk(path.join(FIXTURES, "pfnative"));
  return hash.digest("hex").slice(0, 12);
}

export interface Wheelhouses {
  /** pfdemo (pure) + pfnative tagged manylinux2014_x86_64 by setuptools' own plat_name. */
  readonly manylinux: string;
  /** pfnative as pip builds it on this host: tagged linux_x86_64, which no manylinux target accepts. */
  readonly hostOnly: string;
}

function pipWheel(source: string, dest: string): void {
  const python = PYTHON ?? "python3";
  // setuptools leaves build/ and *.egg-info in the source tree: build from a copy, so the
  // fixtures (and the hash that keys the shared wheelhouse) stay as committed.
  const copy = mkdtempSync(path.join(os.tmpdir(), "pyflink-pack-fixture-"));
  try {
    cpSync(source, copy, { recursive: true });
    const result = spawnSync(python, ["-m", "pip", "wheel", "--no-deps", "--wheel-dir", dest, copy], { encoding: "utf8", env: { ...process.env, ...PIP_ENV } });
    if (result.status !== 0) throw new Error(`pip wheel ${source} failed:\n${result.stdout}\n${result.stderr}`);
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
}

/** Builds (once per fixture content, shared by test files) the two wheelhouses with real pip + gcc. */
export async function buildWheelhouses(): Promise<Wheelhouses> {
  const root = path.join(os.tmpdir(), `pyflink-pack-test-wheels-${fixtureHash()}`);
  const done = { manylinux: path.join(root, "manylinux"), hostOnly: path.join(root, "host-only") };
  if ((await stat(path.join(root, "complete")).catch(() => undefined)) !== undefined) return done;
  await mkdir(path.dirname(root), { recursive: true });
  const temp = await mkdtemp(`${root}.building-`);
  const manylinux = path.join(temp, "manylinux");
  const hostOnly = path.join(temp, "host-only");
  pipWheel(path.join(FIXTURES, "pfdemo"), manylinux);
  pipWheel(path.join(FIXTURES, "pfnative"), hostOnly);
  // Same source, but setuptools writes the manylinux2014 tag itself ([bdist_wheel] plat_name).
  // The .so is compiled here, so the tag is a claim, which is all the resolver tests need.
  const src = path.join(temp, "pfnative-manylinux");
  await cp(path.join(FIXTURES, "pfnative"), src, { recursive: true });
  await writeFile(path.join(src, "setup.cfg"), "[bdist_wheel]\nplat_name = manylinux2014_x86_64\n");
  pipWheel(src, manylinux);
  await rm(src, { recursive: true, force: true });
  await writeFile(path.join(temp, "complete"), "");
  try {
    await rename(temp, root);
  } catch {
    // Another test file finished first; use its copy.
    await rm(temp, { recursive: true, force: true });
  }
  return done;
}

export async function wheelNames(dir: string): Promise<string[]> {
  return (await readdir(dir)).filter((f) => f.endsWith(".whl")).sort();
}

export interface JobOptions {
  readonly requirements?: readonly string[];
  readonly findLinks?: string;
  /** Add secrets, VCS, venv and cache junk that must never ship. */
  readonly junk?: boolean;
  readonly jar?: boolean;
  readonly config?: Record<string, unknown>;
}

/** A throwaway copy of test/fixtures/job-basic with what the test needs added. */
export async function makeJob(options: JobOptions = {}): Promise<string> {
  const dir = await tempDir("pyflink-pack-job-");
  const project = path.join(dir, "demo-job");
  await cp(path.join(FIXTURES, "job-basic"), project, { recursive: true });
  const lines = [...(options.findLinks === undefined ? [] : [`--find-links ${options.findLinks}`]), ...(options.requirements ?? [])];
  if (lines.length > 0) await writeFile(path.join(project, "requirements.txt"), `${lines.join("\n")}\n`);
  if (options.jar !== false) {
    await mkdir(path.join(project, "lib"), { recursive: true });
    const jar = await zipToBuffer([{ name: "META-INF/MANIFEST.MF", source: { kind: "buffer", data: Buffer.from("Manifest-Version: 1.0\r\n\r\n") }, executable: false }]);
    await writeFile(path.join(project, "lib", "flink-sql-connector-kafka-3.2.0-1.19.jar"), jar);
  }
  if (options.junk === true) {
    await writeFile(path.join(project, ".env"), "AWS_SECRET_ACCESS_KEY=not-a-real-secret\n");
    await writeFile(path.join(project, "id_rsa"), "-----BEGIN FAKE KEY-----\n");
    await writeFile(path.join(project, "server.pem"), "-----BEGIN FAKE CERT-----\n");
    await mkdir(path.join(project, ".aws"), { recursive: true });
    await writeFile(path.join(project, ".aws", "credentials"), "[default]\n");
    await mkdir(path.join(project, ".git"), { recursive: true });
    await writeFile(path.join(project, ".git", "HEAD"), "ref: refs/heads/main\n");
    await mkdir(path.join(project, "env", "lib"), { recursive: true });
    await writeFile(path.join(project, "env", "pyvenv.cfg"), "home = /usr/bin\n");
    await writeFile(path.join(project, "env", "lib", "leak.py"), "x = 1\n");
    await mkdir(path.join(project, "mypkg", "__pycache__"), { recursive: true });
    await writeFile(path.join(project, "mypkg", "__pycache__", "udfs.cpython-311.pyc"), "junk");
  }
  if (options.config !== undefined) await writeFile(path.join(project, "pyflink-pack.json"), JSON.stringify(options.config));
  return project;
}

export interface CliResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the built CLI as a child process, as a user would. */
export function runCli(args: readonly string[], env: Record<string, string> = {}): CliResult {
  const result: SpawnSyncReturns<string> = spawnSync(process.execPath, [BIN, ...args], {
    encoding: "utf8",
    env: { ...process.env, ...PIP_ENV, ...env },
    maxBuffer: 64 * 1024 * 1024,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Entry names by `unzip -Z1` (Info-ZIP, independent of our zip code). */
export function unzipList(zip: string): string[] {
  const result = spawnSync("unzip", ["-Z1", zip], { encoding: "utf8" });
  if (result.status !== 0) throw new Error(`unzip -Z1 ${zip}: ${result.stderr}`);
  return result.stdout.split("\n").filter(Boolean);
}

/** sha256 by coreutils. */
export function sha256sum(file: string): string {
  const result = spawnSync("sha256sum", [file], { encoding: "utf8" });
  return result.stdout.split(" ")[0] ?? "";
}

export async function readJson(file: string): Promise<unknown> {
  return JSON.parse(await readFile(file, "utf8"));
}

const created: string[] = [];

export async function tempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  created.push(dir);
  return dir;
}

/** Removes every directory tempDir()/makeJob() made in this test file (the wheelhouses stay: shared, keyed by content). */
export async function removeTempDirs(): Promise<void> {
  await Promise.all(created.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
}
