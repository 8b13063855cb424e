// Seed 002's --from-env route and the interpreter archive, with real virtualenvs made by the real
// `python -m venv` and real pip.
import { spawnSync } from "node:child_process";
import { copyFile, cp, mkdir, stat, symlink, writeFile } from "node:fs/promises";
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

  /** A conda-like (relocatable) environment: a real CPython 3.11 binary, its stdlib marker, optionally PyFlink's files (stand-ins) and this Python's real pip. */
  async function condaLike(root: string, options: { pyflink?: string; pip?: boolean }): Promise<string> {
    const env = path.join(root, "conda-like");
    const site = path.join(env, "lib", "python3.11", "site-packages");
    await mkdir(path.join(env, "bin"), { recursive: true });
    await mkdir(path.join(env, "lib", "python3.11", "encodings"), { recursive: true });
    await copyFile(python, path.join(env, "bin", "python3.11"));
    await symlink("python3.11", path.join(env, "bin", "python"));
    await writeFile(path.join(env, "lib", "python3.11", "encodings", "__init__.py"), "");
    if (options.pyflink !== undefined) {
      await mkdir(path.join(site, "pyflink"), { recursive: true });
      await writeFile(path.join(site, "pyflink", "__init__.py"), "");
      await mkdir(path.join(site, `apache_flink-${options.pyflink}.dist-info`), { recursive: true });
      await writeFile(path.join(site, `apache_flink-${options.pyflink}.dist-info`, "METADATA"), `Metadata-Version: 2.1\nName: apache-flink\nVersion: ${options.pyflink}\n`);
    }
    if (options.pip === true) {
      // pip as every environment has it, with distlib's Windows launcher .exe files.
      const pipDir = spawnSync(python, ["-c", "import os, pip; print(os.path.dirname(pip.__file__))"], { encoding: "utf8" }).stdout.trim();
      await cp(pipDir, path.join(site, "pip"), { recursive: true });
    }
    return env;
  }

  it("ships a relocatable environment as venv.zip and points -pyexec into it", skipUnless(UNZIP_REF), async () => {
    const root = await tempDir("pyflink-pack-env-");
    const env = await condaLike(root, { pyflink: "1.20.3" });
    const out = path.join(root, "out");
    const result = runCli(["--project", await makeJob(), "--target", "flink", "--flink", "1.20", "--python", "3.11", "--interpreter-env", env, "--out", out, "--json", "--no-cache"]);
    expect(result.status, result.stderr).toBe(0);
    const json = JSON.parse(result.stdout) as { deployConfig: { args: string[]; configuration: Record<string, string> }; warnings: string[] };
    expect(json.deployConfig.args).toEqual(expect.arrayContaining(["-pyarch", "venv.zip,data.zip", "-pyexec", "venv.zip/venv/bin/python"]));
    expect(json.deployConfig.configuration["python.executable"]).toBe("venv.zip/venv/bin/python");
    expect(unzipList(path.join(out, "venv.zip"))).toEqual([
      "venv/bin/python",
      "venv/bin/python3.11",
      "venv/lib/python3.11/encodings/__init__.py",
      "venv/lib/python3.11/site-packages/apache_flink-1.20.3.dist-info/METADATA",
      "venv/lib/python3.11/site-packages/pyflink/__init__.py",
    ]);
    const info = spawnSync("zipinfo", [path.join(out, "venv.zip"), "venv/bin/python"], { encoding: "utf8" }).stdout;
    expect(info).toMatch(/^-rwxr-xr-x/); // a regular executable file, not a symlink
  });

  it("refuses an interpreter archive without PyFlink, or with another Flink line's, naming the fix", async () => {
    const root = await tempDir("pyflink-pack-env-");
    const none = runCli(["--project", await makeJob(), "--target", "flink", "--flink", "1.20", "--python", "3.11", "--interpreter-env", await condaLike(root, {}), "--out", path.join(root, "out"), "--no-cache"]);
    expect(none.status).toBe(1);
    expect(none.stderr).toMatch(/no PyFlink in lib\/python3\.11\/site-packages; .*No module named 'pyflink'.*pip install apache-flink==1\.20\.\d+/);
    const other = await tempDir("pyflink-pack-env-");
    const wrong = runCli(["--project", await makeJob(), "--target", "flink", "--flink", "1.20", "--python", "3.11", "--interpreter-env", await condaLike(other, { pyflink: "1.19.1" }), "--out", path.join(other, "out"), "--no-cache"]);
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toContain("holds apache-flink 1.19.1, but flink-1.20");
  });

  it("packs an environment holding pip: its Windows launcher .exe files are no 'cannot load' failure, and --exclude reaches them", skipUnless(UNZIP_REF), async () => {
    const root = await tempDir("pyflink-pack-env-");
    const env = await condaLike(root, { pyflink: "1.20.3", pip: true });
    const args = ["--project", await makeJob(), "--target", "flink", "--flink", "1.20", "--python", "3.11", "--interpreter-env", env, "--json", "--no-cache"];
    const kept = runCli([...args, "--out", path.join(root, "kept")]);
    expect(kept.status, kept.stderr).toBe(0);
    const exes = unzipList(path.join(root, "kept", "venv.zip")).filter((n) => n.endsWith(".exe"));
    expect(exes).toContain("venv/lib/python3.11/site-packages/pip/_vendor/distlib/t64.exe");
    const verified = runCli(["verify", path.join(root, "kept"), "--no-imports", "--json"]);
    const report = JSON.parse(verified.stdout) as { problems: string[]; notes: string[] };
    expect(report.problems).toEqual([]);
    expect(report.notes.join("\n")).toMatch(/t64\.exe: a Windows executable .*never loaded or run on Linux/);
    const dropped = runCli([...args, "--exclude", "**/*.exe", "--out", path.join(root, "dropped")]);
    expect(dropped.status, dropped.stderr).toBe(0);
    expect(unzipList(path.join(root, "dropped", "venv.zip")).filter((n) => n.endsWith(".exe"))).toEqual([]);
    expect((JSON.parse(dropped.stdout) as { warnings: string[] }).warnings.join("\n")).toMatch(new RegExp(`venv\\.zip: ${exes.length} path\\(s\\) of .* left out by --exclude`));
  });
});

describe("--from-env is checked against the target's Python", skipUnless(SKIP_REF), () => {
  it("refuses a Python 3.11 environment for the Python 3.8 runtime (MSF 1.15), naming both versions", async () => {
    const root = await tempDir("pyflink-pack-env-");
    const env = path.join(root, "jobenv");
    makeVenv(env, ["pfdemo"]);
    const result = runCli(["--project", await makeJob(), "--target", "msf", "--flink", "1.15", "--from-env", env, "--out", path.join(root, "out"), "--no-cache"]);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/is a Python 3\.11 environment, but msf-flink-1\.15 runs Python 3\.8/);
  });

  it("refuses a package whose Requires-Python excludes the runtime's Python, naming it", async () => {
    const root = await tempDir("pyflink-pack-env-");
    const env = path.join(root, "jobenv");
    makeVenv(env, []);
    // A distribution as pip records it (hand-made: pip would not install it on 3.11).
    const site = path.join(env, "lib", "python3.11", "site-packages");
    await mkdir(path.join(site, "newsyntax-2.0.dist-info"), { recursive: true });
    await writeFile(path.join(site, "newsyntax.py"), "type Alias = int\n");
    await writeFile(path.join(site, "newsyntax-2.0.dist-info", "METADATA"), "Metadata-Version: 2.1\nName: newsyntax\nVersion: 2.0\nRequires-Python: >=3.12\n");
    await writeFile(path.join(site, "newsyntax-2.0.dist-info", "RECORD"), "newsyntax.py,,\nnewsyntax-2.0.dist-info/METADATA,,\n");
    const result = runCli(["--project", await makeJob(), "--target", "msf", "--flink", "1.20", "--from-env", env, "--out", path.join(root, "out"), "--no-cache"]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("newsyntax 2.0 (Requires-Python >=3.12)");
    expect(result.stderr).toContain("msf-flink-1.20's Python 3.11");
  });
});
