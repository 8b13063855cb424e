// Seed 002's --from-env route and the interpreter archive, with real virtualenvs made by the real
// `python -m venv` and real pip.
import { spawnSync } from "node:child_process";
import { copyFile, mkdir, stat, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { skipUnless } from "@pyflink-devkit/reference-tools";
import { buildWheelhouses, makeJob, PIP_ENV, PYTHON, readJson, runCli, SKIP_REASON, SKIP_REF, UNZIP_REF, removeTempDirs, tempDir, unzipList, type Wheelhouses } from "./helpers.js";

afterAll(removeTempDirs);

const skip = SKIP_REASON !== undefined;
if (skip) console.warn(`environment tests skipped: ${SKIP_REASON ?? ""}`);
const python = PYTHON ?? "python3";

let wheels: Wheelhouses;
beforeAll(async () => {
  if (!skip) wheels = await buildWheelhouses();
});

function makeVenv(dir: string, packages: readonly string[]): void {
  const created = spawnSync(python, ["-m", "venv", dir], { encoding: "utf8" });
  if (created.status !== 0) throw new Error(created.stderr);
  if (packages.length === 0) return;
  const installed = spawnSync(path.join(dir, "bin", "python"), ["-m", "pip", "install", "--find-links", wheels.manylinux, ...packages], { encoding: "utf8", env: { ...process.env, ...PIP_ENV } });
  if (installed.status !== 0) throw new Error(installed.stdout + installed.stderr);
}

describe("--from-env", skipUnless(SKIP_REF), () => {
  it("ships the site-packages difference against a fresh venv, minus what the runtime provides", skipUnless(UNZIP_REF), async () => {
    const root = await tempDir("pyflink-pack-env-");
    const env = path.join(root, "jobenv");
    makeVenv(env, ["pfdemo", "python-dateutil"]);
    const project = await makeJob();
    const out = path.join(root, "out");
    const result = runCli(["--project", project, "--target", "msf", "--flink", "1.20", "--from-env", env, "--out", out, "--json", "--no-cache"]);
    expect(result.status, result.stderr).toBe(0);
    const names = unzipList(path.join(out, "demo-job.zip"));
    expect(names).toEqual(expect.arrayContaining(["deps/pfdemo/__init__.py", "deps/pfdemo-0.3.0.dist-info/METADATA"]));
    // pip/setuptools are in the baseline; dateutil and six are the runtime's (apache-flink's install brings both).
    expect(names.some((n) => /^deps\/(pip|setuptools|dateutil)\//.test(n) || n === "deps/six.py")).toBe(false);
    expect(names.some((n) => n.startsWith("deps/bin/") || n.includes("__pycache__"))).toBe(false);
    const lock = (await readJson(path.join(out, "pyflink-pack.lock.json"))) as { wheels: { name: string; source: string }[] };
    expect(lock.wheels.map((w) => [w.name, w.source])).toEqual([["pfdemo", "from-env"]]);
  });
});

describe("--interpreter-env", skipUnless(SKIP_REF), () => {
  it("refuses a venv whose bin/python points outside it, and leaves nothing behind", async () => {
    const root = await tempDir("pyflink-pack-env-");
    const env = path.join(root, "venv");
    makeVenv(env, []);
    const out = path.join(root, "out");
    const result = runCli(["--project", await makeJob(), "--target", "flink", "--python", "3.11", "--interpreter-env", env, "--out", out, "--no-cache"]);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/bin\/python points outside the environment/);
    expect(await stat(out).catch(() => undefined)).toBeUndefined();
  });

  it("ships a relocatable environment as venv.zip and points -pyexec into it", skipUnless(UNZIP_REF), async () => {
    const root = await tempDir("pyflink-pack-env-");
    const env = path.join(root, "conda-like");
    await mkdir(path.join(env, "bin"), { recursive: true });
    await mkdir(path.join(env, "lib", "python3.11", "encodings"), { recursive: true });
    await copyFile(python, path.join(env, "bin", "python3.11"));
    await symlink("python3.11", path.join(env, "bin", "python"));
    await writeFile(path.join(env, "lib", "python3.11", "encodings", "__init__.py"), "");
    const out = path.join(root, "out");
    const result = runCli(["--project", await makeJob(), "--target", "flink", "--python", "3.11", "--interpreter-env", env, "--out", out, "--json", "--no-cache"]);
    expect(result.status, result.stderr).toBe(0);
    const json = JSON.parse(result.stdout) as { deployConfig: { args: string[]; configuration: Record<string, string> }; warnings: string[] };
    expect(json.deployConfig.args).toEqual(expect.arrayContaining(["-pyarch", "venv.zip,data.zip", "-pyexec", "venv.zip/venv/bin/python"]));
    expect(json.deployConfig.configuration["python.executable"]).toBe("venv.zip/venv/bin/python");
    expect(unzipList(path.join(out, "venv.zip"))).toEqual(["venv/bin/python", "venv/bin/python3.11", "venv/lib/python3.11/encodings/__init__.py"]);
    const info = spawnSync("zipinfo", [path.join(out, "venv.zip"), "venv/bin/python"], { encoding: "utf8" }).stdout;
    expect(info).toMatch(/^-rwxr-xr-x/); // a regular executable file, not a symlink
    expect(json.warnings.some((w) => w.includes("no pyflink"))).toBe(true);
  });
});
