import { chmod, mkdir, symlink, utimes, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { discoverInterpreters, findInterpreter, PythonEnvError, requireInterpreter } from "../src/index.js";
import { run } from "@pyflink-devkit/runner";
import { pyenvExecutable, pyenvFacts, tempDir, skipUnlessPresent } from "./helpers.js";

const facts = await pyenvFacts();
const noPyenv = facts === undefined;
const why = "pyenv is not installed here";

let work: { dir: string; cleanup: () => Promise<void> };
beforeAll(async () => {
  work = await tempDir("discover");
});
afterAll(async () => {
  await work.cleanup();
});

async function writeScript(file: string, body: string): Promise<void> {
  await writeFile(file, `#!/bin/sh\n${body}\n`);
  await chmod(file, 0o755);
}

describe("discoverInterpreters", () => {
  it(`finds every pyenv Python 3 with its version and origin (skipped if ${why})`, skipUnlessPresent(!noPyenv, "pyenv", "interpreter", why), async () => {
    if (!facts) return;
    const found = await discoverInterpreters({ cacheDir: path.join(work.dir, "cache-pyenv") });
    const fromPyenv = found.filter((i) => i.origin === "pyenv");
    const expected = facts.versions.filter((v) => v.startsWith("3."));
    expect(expected.length).toBeGreaterThan(0);
    expect(fromPyenv.map((i) => i.version).sort()).toEqual(expect.arrayContaining(expected));
    for (const interpreter of fromPyenv) {
      // pyenv keeps each version in versions/<version>: the directory name is an independent witness.
      expect(interpreter.executable.startsWith(path.join(facts.root, "versions", interpreter.version, "bin"))).toBe(true);
      expect(interpreter.minor).toBe(interpreter.version.split(".").slice(0, 2).join("."));
      expect(interpreter.implementation).toBe("cpython");
      expect(interpreter.platform).toMatch(/^linux-|^macosx-/);
    }
    expect(fromPyenv.map((i) => i.minor)).toEqual(expect.arrayContaining(["3.8", "3.9", "3.10", "3.11", "3.12", "3.13"]));
  });

  it("returns interpreters sorted by version, each real path once", async () => {
    const found = await discoverInterpreters({ cacheDir: path.join(work.dir, "cache-sort") });
    expect(found.length).toBeGreaterThan(0);
    const executables = found.map((i) => i.executable);
    expect(new Set(executables).size).toBe(executables.length);
    const versions = found.map((i) => i.version.split(".").map(Number));
    // The probe's answer agrees with the interpreter's own `--version`.
    const newest = found[found.length - 1];
    if (newest) {
      const reported = await run(newest.executable, ["--version"]);
      expect(`${reported.stdout}${reported.stderr}`.trim()).toBe(`Python ${newest.version}`);
    }
    for (let i = 1; i < versions.length; i++) {
      const [a, b] = [versions[i - 1] ?? [], versions[i] ?? []];
      const cmp = (a[0] ?? 0) - (b[0] ?? 0) || (a[1] ?? 0) - (b[1] ?? 0) || (a[2] ?? 0) - (b[2] ?? 0);
      expect(cmp).toBeLessThanOrEqual(0);
    }
  });

  it("skips a fake python3.X on an extra path that prints garbage, fails, or hangs", async () => {
    const fakes = path.join(work.dir, "fakes");
    await mkdir(fakes, { recursive: true });
    await writeScript(path.join(fakes, "python3.42"), 'echo "Python 3.42.0 definitely real"; echo "{\\"version\\": \\"3.42.0\\"}"');
    await writeScript(path.join(fakes, "python3.43"), "echo boom >&2; exit 3");
    await writeScript(path.join(fakes, "python3.44"), "sleep 30");
    const started = performance.now();
    const found = await discoverInterpreters({ extraPaths: [fakes], cacheDir: path.join(work.dir, "cache-fakes"), probeTimeoutMs: 2000 });
    expect(found.some((i) => i.executable.startsWith(fakes))).toBe(false);
    expect(found.some((i) => ["3.42", "3.43", "3.44"].includes(i.minor))).toBe(false);
    expect(performance.now() - started).toBeLessThan(20_000);
  });

  it(`reports an extra path that is a real interpreter with origin "config" (skipped if ${why})`, skipUnlessPresent(!noPyenv, "pyenv", "interpreter", why), async () => {
    if (!facts) return;
    const link = path.join(work.dir, "my-python");
    const target = path.join(facts.root, "versions", facts.active, "bin", "python3");
    await symlink(target, link);
    const found = await discoverInterpreters({ extraPaths: [link], cacheDir: path.join(work.dir, "cache-config") });
    const configured = found.filter((i) => i.origin === "config");
    expect(configured).toHaveLength(1);
    expect(configured[0]?.version).toBe(facts.active);
  });

  it(`resolves PATH shims to the interpreter they run (skipped if ${why})`, skipUnlessPresent(!noPyenv, "pyenv", "interpreter", why), async () => {
    if (!facts || !pyenvExecutable) return;
    // Hide pyenv's own versions dir (empty PYENV_ROOT) so only the shim on PATH can find it.
    // The shim script names its real root itself.
    const emptyRoot = path.join(work.dir, "empty-pyenv-root");
    const shims = path.join(facts.root, "shims");
    const found = await discoverInterpreters({
      env: { PYENV_ROOT: emptyRoot, HOME: work.dir, PATH: [shims, path.dirname(pyenvExecutable), "/usr/bin", "/bin"].join(path.delimiter), PYENV_VERSION: undefined },
      cacheDir: path.join(work.dir, "cache-shims"),
    });
    expect(found.some((i) => i.executable.includes(`${path.sep}shims${path.sep}`))).toBe(false);
    const viaShim = found.filter((i) => i.executable.startsWith(path.join(facts.root, "versions")));
    expect(viaShim.map((i) => i.version)).toContain(facts.active);
    expect(viaShim.every((i) => i.origin === "path")).toBe(true);
  });

  it("serves unchanged interpreters from the probe cache and re-probes when the file changes", async () => {
    const dir = path.join(work.dir, "cached");
    await mkdir(dir, { recursive: true });
    const fake = path.join(dir, "python3.77");
    const answer = (version: string): string =>
      `echo 'PYFLINK_DEVKIT_PROBE {"executable": "${fake}", "version": "${version}", "minor": "3.77", "implementation": "cpython", "platform": "linux-x86_64", "libc": ["glibc", "2.36"]}'`;
    await writeScript(fake, answer("3.77.1"));
    // A whole-second mtime survives utimes exactly (a nanosecond one would not).
    const mtime = new Date(Math.floor(Date.now() / 1000) * 1000 - 60_000);
    await utimes(fake, mtime, mtime);
    const cacheDir = path.join(work.dir, "cache-probe");
    const first = await discoverInterpreters({ extraPaths: [fake], cacheDir });
    expect(first.find((i) => i.minor === "3.77")).toMatchObject({ version: "3.77.1", origin: "config", glibc: "2.36" });

    // Same size, same mtime: the cached answer is used, the changed script is not run.
    await writeScript(fake, answer("3.77.2"));
    await utimes(fake, mtime, mtime);
    const second = await discoverInterpreters({ extraPaths: [fake], cacheDir });
    expect(second.find((i) => i.minor === "3.77")?.version).toBe("3.77.1");

    // A new mtime invalidates it.
    const later = new Date(mtime.getTime() + 5000);
    await utimes(fake, later, later);
    const third = await discoverInterpreters({ extraPaths: [fake], cacheDir });
    expect(third.find((i) => i.minor === "3.77")?.version).toBe("3.77.2");
  });
});

it("an aborted discovery rejects instead of returning a shortened list", async () => {
  const controller = new AbortController();
  controller.abort();
  await expect(discoverInterpreters({ cacheDir: path.join(work.dir, "cache-abort"), signal: controller.signal })).rejects.toThrow();
});

describe("conda and uv sources (fake tools on PATH, real interpreters behind them)", () => {
  // Each fake tool prints what the real one prints; the env it names links to a real pyenv Python,
  // so the probe is real. PYENV_ROOT is emptied so that pyenv does not claim the interpreter first.
  async function setup(name: string): Promise<{ root: string; bin: string; env: Record<string, string | undefined> }> {
    if (!facts) throw new Error("needs pyenv");
    const root = path.join(work.dir, name);
    const bin = path.join(root, "tools");
    await mkdir(bin, { recursive: true });
    return { root, bin, env: { PYENV_ROOT: path.join(root, "no-pyenv"), HOME: root, XDG_DATA_HOME: undefined, UV_PYTHON_INSTALL_DIR: undefined, CONDA_PREFIX: undefined, PATH: [bin, "/bin"].join(path.delimiter) } };
  }
  const realPython = (version: string): string => path.join(facts?.root ?? "", "versions", version, "bin", "python3");

  it(`finds envs listed by \`conda env list --json\` (skipped if ${why})`, skipUnlessPresent(!noPyenv, "pyenv", "interpreter", why), async () => {
    if (!facts) return;
    const { root, bin, env } = await setup("conda-fake");
    const prefix = path.join(root, "envs", "flink");
    await mkdir(path.join(prefix, "bin"), { recursive: true });
    await symlink(realPython(facts.active), path.join(prefix, "bin", "python3"));
    await writeScript(path.join(bin, "conda"), `[ "$1 $2 $3" = "env list --json" ] || exit 2\necho '{"envs": ["${prefix}"]}'`);
    const found = await discoverInterpreters({ env, cacheDir: path.join(root, "cache") });
    expect(found.filter((i) => i.origin === "conda").map((i) => i.version)).toEqual([facts.active]);
  });

  it(`finds envs registered in ~/.conda/environments.txt without conda on PATH (skipped if ${why})`, skipUnlessPresent(!noPyenv, "pyenv", "interpreter", why), async () => {
    if (!facts) return;
    const { root, env } = await setup("conda-registry");
    const prefix = path.join(root, "somewhere", "else", "env-a");
    await mkdir(path.join(prefix, "bin"), { recursive: true });
    await symlink(realPython(facts.active), path.join(prefix, "bin", "python3"));
    await mkdir(path.join(root, ".conda"), { recursive: true });
    await writeFile(path.join(root, ".conda", "environments.txt"), `${prefix}\n${path.join(root, "gone")}\n`);
    const found = await discoverInterpreters({ env, cacheDir: path.join(root, "cache") });
    expect(found.filter((i) => i.origin === "conda").map((i) => i.version)).toEqual([facts.active]);
  });

  it(`finds Pythons listed by \`uv python list --only-installed --output-format json\` (skipped if ${why})`, skipUnlessPresent(!noPyenv, "pyenv", "interpreter", why), async () => {
    if (!facts) return;
    const { root, bin, env } = await setup("uv-fake");
    const link = path.join(root, "uv-python", "bin", "python3.12");
    await mkdir(path.dirname(link), { recursive: true });
    const v312 = facts.versions.find((v) => v.startsWith("3.12.")) ?? facts.active;
    await symlink(realPython(v312), link);
    await writeScript(
      path.join(bin, "uv"),
      `[ "$*" = "python list --only-installed --output-format json" ] || exit 2\necho '[{"key": "cpython-${v312}-linux-x86_64-gnu", "version": "${v312}", "path": "${link}"}, {"key": "cpython-3.14.0", "path": null}]'`,
    );
    const found = await discoverInterpreters({ env, cacheDir: path.join(root, "cache") });
    expect(found.filter((i) => i.origin === "uv").map((i) => i.version)).toEqual([v312]);
  });

  it(`finds uv-managed Pythons in ~/.local/share/uv/python without uv (skipped if ${why})`, skipUnlessPresent(!noPyenv, "pyenv", "interpreter", why), async () => {
    if (!facts) return;
    const { root, env } = await setup("uv-dir");
    const install = path.join(root, ".local", "share", "uv", "python", `cpython-${facts.active}-linux-x86_64-gnu`, "bin");
    await mkdir(install, { recursive: true });
    await symlink(realPython(facts.active), path.join(install, "python3"));
    const found = await discoverInterpreters({ env, cacheDir: path.join(root, "cache") });
    expect(found.filter((i) => i.origin === "uv").map((i) => i.version)).toEqual([facts.active]);
  });
});

describe("findInterpreter / requireInterpreter", () => {
  it(`finds a pyenv 3.12 by minor and by exact version (skipped if ${why})`, skipUnlessPresent(!noPyenv, "pyenv", "interpreter", why), async () => {
    if (!facts) return;
    const cacheDir = path.join(work.dir, "cache-find");
    const exact = facts.versions.find((v) => v.startsWith("3.12."));
    const byMinor = await findInterpreter("3.12", { cacheDir });
    expect(byMinor?.minor).toBe("3.12");
    if (exact) expect((await findInterpreter(exact, { cacheDir }))?.version).toBe(exact);
    expect(await findInterpreter("3.99", { cacheDir })).toBeUndefined();
  });

  it("names what was found and how to install the missing version", async () => {
    const error = await requireInterpreter("3.99", { cacheDir: path.join(work.dir, "cache-require") }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PythonEnvError);
    const message = (error as PythonEnvError).message;
    expect(message).toMatch(/^Python 3\.99 requested but not found; found .*3\.\d+/);
    expect(message).toContain("pyenv install 3.99");
    expect(message).toContain("--python");
  });
});
