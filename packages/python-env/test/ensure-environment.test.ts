import { spawn } from "node:child_process";
import { mkdir, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { run } from "@pyflink-devkit/runner";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureEnvironment, environmentLocation, findInterpreter, pip, PythonEnvError, removeEnvironments, type Interpreter } from "../src/index.js";
import { PIP_ENV, tempDir, skipUnlessPresent } from "./helpers.js";

const distEntry = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "dist", "index.js");

let work: { dir: string; cleanup: () => Promise<void> };
let interpreter: Interpreter | undefined;

beforeAll(async () => {
  work = await tempDir("envs");
  // Any 3.8+ works; prefer the one pip's local index has most wheels for.
  for (const minor of ["3.11", "3.12", "3.10", "3.13", "3.9", "3.8"]) {
    interpreter = await findInterpreter(minor, { cacheDir: work.dir });
    if (interpreter) break;
  }
});
afterAll(async () => {
  await work.cleanup();
});

const base = (cacheDir: string, requirements: readonly string[] = ["six"]) => {
  if (!interpreter) throw new Error("no Python 3.8+ found");
  return { interpreter, requirements, cacheDir, env: PIP_ENV };
};

async function importVersion(python: string, module: string): Promise<string> {
  return (await run(python, ["-c", `import ${module}; print(${module}.__version__)`])).stdout.trim();
}

// Each cold build is 5-30 s on this shared 2-core machine, and some tests build several times.
const ENV_TEST_TIMEOUT_MS = 10 * 60 * 1000;

describe("ensureEnvironment (venv backend, real pip)", { timeout: ENV_TEST_TIMEOUT_MS }, () => {
  it("builds an env with a real package, then reuses it, force rebuilds it", async () => {
    const cacheDir = path.join(work.dir, "cache-basic");
    const started = performance.now();
    const cold = await ensureEnvironment(base(cacheDir));
    const coldMs = performance.now() - started;
    expect(cold.reused).toBe(false);
    expect(cold.python).toBe(path.join(cold.dir, "bin", "python"));
    expect(cold.bin("pip")).toBe(path.join(cold.dir, "bin", "pip"));
    expect(cold.dir.startsWith(path.join(cacheDir, "envs"))).toBe(true);
    expect(await importVersion(cold.python, "six")).toMatch(/^\d+\.\d+/);
    // It is a venv of the interpreter we asked for, not of whatever python3 is first on PATH.
    const prefixes = JSON.parse((await run(cold.python, ["-c", "import sys, json; print(json.dumps([sys.prefix, sys.base_prefix, sys.version.split()[0]]))"])).stdout) as string[];
    expect(prefixes[0]).toBe(cold.dir);
    expect(prefixes[2]).toBe(interpreter?.version);
    expect(await readFile(cold.logFile, "utf8")).toContain("-m pip --disable-pip-version-check install six");
    expect(existsSync(`${cold.dir}.tmp`)).toBe(false); // the build's temp dir for pip goes with the build

    const warmStart = performance.now();
    const warm = await ensureEnvironment(base(cacheDir));
    const warmMs = performance.now() - warmStart;
    expect(warm).toMatchObject({ reused: true, dir: cold.dir, key: cold.key });
    expect(warmMs).toBeLessThan(coldMs / 5);
    console.log(`venv env with six: cold build ${coldMs.toFixed(0)} ms, cached reuse ${warmMs.toFixed(0)} ms`);

    // The key ignores order and duplicates of requirements, and changes with them.
    expect((await ensureEnvironment(base(cacheDir, [" six ", "six"]))).key).toBe(cold.key);

    await writeFile(path.join(cold.dir, "sentinel"), "from the first build");
    const forced = await ensureEnvironment({ ...base(cacheDir), force: true });
    expect(forced.reused).toBe(false);
    expect(forced.dir).toBe(cold.dir);
    await expect(stat(path.join(forced.dir, "sentinel"))).rejects.toThrow();
    expect(await importVersion(forced.python, "six")).toMatch(/^\d+\.\d+/);

    // A cancelled call never harms a good env.
    const aborted = new AbortController();
    aborted.abort();
    await expect(ensureEnvironment({ ...base(cacheDir), signal: aborted.signal })).rejects.toThrow(/Cancelled/);
    expect((await ensureEnvironment(base(cacheDir))).reused).toBe(true);
  });

  it("rebuilds a broken cached env: python deleted, marker missing", async () => {
    const cacheDir = path.join(work.dir, "cache-broken");
    const first = await ensureEnvironment(base(cacheDir));
    await rm(first.python);
    const afterPython = await ensureEnvironment(base(cacheDir));
    expect(afterPython.reused).toBe(false);
    expect(await importVersion(afterPython.python, "six")).toMatch(/^\d+/);

    await rm(path.join(first.dir, ".pyflink-devkit-env.json"));
    const lines: string[] = [];
    const afterMarker = await ensureEnvironment({ ...base(cacheDir), onLine: (line) => lines.push(line) });
    expect(afterMarker.reused).toBe(false);
    expect(lines.some((line) => line.includes("no completion marker"))).toBe(true);

    // bin/python is there but does not work.
    await rm(afterMarker.python);
    await writeFile(afterMarker.python, "#!/bin/sh\nexit 1\n", { mode: 0o755 });
    lines.length = 0;
    const afterImport = await ensureEnvironment({ ...base(cacheDir), onLine: (line) => lines.push(line) });
    expect(afterImport.reused).toBe(false);
    expect(lines.some((line) => line.includes('-c "import sys"` fails'))).toBe(true);
    expect(await importVersion(afterImport.python, "six")).toMatch(/^\d+/);
  });

  it("two concurrent calls for one key build one env and both succeed", async () => {
    const cacheDir = path.join(work.dir, "cache-concurrent");
    const [a, b] = await Promise.all([ensureEnvironment(base(cacheDir)), ensureEnvironment(base(cacheDir))]);
    expect(a.dir).toBe(b.dir);
    expect([a.reused, b.reused].sort()).toEqual([false, true]);
    expect(await importVersion(a.python, "six")).toMatch(/^\d+/);
    const entries = await readdir(path.join(cacheDir, "envs"));
    expect(entries.filter((entry) => !entry.endsWith(".log"))).toEqual([path.basename(a.dir)]);
  });

  it("two separate processes asking for one env at once build it once (skipped: dist/ not built; turbo builds it before tests)", skipUnlessPresent(existsSync(distEntry), "npm:python-env-dist", "npm", "dist/ is not built: run ./tools/setup (turbo builds it before tests)"), async () => {
    const cacheDir = path.join(work.dir, "cache-two-runs");
    const script = path.join(work.dir, "one-run.mjs");
    await writeFile(
      script,
      [
        `import { ensureEnvironment } from ${JSON.stringify(pathToFileURL(distEntry).href)};`,
        "const [interpreter, cacheDir] = [JSON.parse(process.argv[2]), process.argv[3]];",
        'const env = await ensureEnvironment({ interpreter, requirements: ["six"], cacheDir, env: { PIP_RETRIES: "0" } });',
        "console.log(JSON.stringify({ reused: env.reused, dir: env.dir, pid: process.pid }));",
      ].join("\n"),
    );
    const args = [script, JSON.stringify(interpreter), cacheDir];
    const runs = await Promise.all([run(process.execPath, args), run(process.execPath, args)]);
    const results = runs.map((r) => JSON.parse(r.stdout) as { reused: boolean; dir: string });
    expect(results[0]?.dir).toBe(results[1]?.dir);
    expect(results.map((r) => r.reused).sort()).toEqual([false, true]);
    expect(await importVersion(path.join(results[0]?.dir ?? "", "bin", "python"), "six")).toMatch(/^\d+/);
  });

  it("waits for a lock held by a live process and takes it over once that process is gone", async () => {
    const cacheDir = path.join(work.dir, "cache-lock");
    const probe = environmentLocation(base(cacheDir, []));
    // Another "run" (a real process) holds the lock for this env.
    const holder = spawn("sleep", ["30"], { stdio: "ignore" });
    const holderPid = holder.pid ?? -1;
    const lockDir = `${probe.dir}.lock`;
    await mkdir(lockDir, { recursive: true });
    await writeFile(path.join(lockDir, "owner.json"), JSON.stringify({ pid: holderPid, hostname: os.hostname(), token: "other-run", createdAt: new Date().toISOString() }));
    const waits: string[] = [];
    const pending = ensureEnvironment({ ...base(cacheDir, []), onLine: (line) => waits.push(line) });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(waits.some((line) => line.includes(`pid ${holderPid}`))).toBe(true);
    await expect(stat(probe.dir)).rejects.toThrow(); // still waiting, nothing built
    const exited = new Promise((resolve) => holder.once("exit", resolve));
    holder.kill("SIGKILL");
    await exited;
    const env = await pending;
    expect(env.reused).toBe(false);
    await expect(stat(lockDir)).rejects.toThrow();
  });

  it("breaks a stale lock left by a dead process", async () => {
    const cacheDir = path.join(work.dir, "cache-stale");
    const probe = environmentLocation(base(cacheDir, []));
    const dead = spawn("true");
    const deadPid = dead.pid ?? -1;
    await new Promise((resolve) => dead.once("exit", resolve));
    const lockDir = `${probe.dir}.lock`;
    await mkdir(lockDir, { recursive: true });
    await writeFile(path.join(lockDir, "owner.json"), JSON.stringify({ pid: deadPid, hostname: os.hostname(), token: "crashed", createdAt: "2026-01-01T00:00:00Z" }));
    const env = await ensureEnvironment(base(cacheDir, []));
    expect(env.reused).toBe(false);
    await expect(stat(env.python)).resolves.toBeTruthy();
  });

  it("breaks a lock whose pid is alive but was recycled by another process (skipped: needs Linux /proc)", skipUnlessPresent(process.platform === "linux", "platform:linux", "platform", "needs Linux /proc"), async () => {
    const cacheDir = path.join(work.dir, "cache-recycled");
    const lockDir = `${environmentLocation(base(cacheDir, [])).dir}.lock`;
    const stranger = spawn("sleep", ["3600"], { stdio: "ignore" });
    try {
      await mkdir(lockDir, { recursive: true });
      // The holder's recorded start time does not match the process now running under that pid.
      await writeFile(path.join(lockDir, "owner.json"), JSON.stringify({ pid: stranger.pid, hostname: os.hostname(), token: "old", createdAt: "2026-01-01T00:00:00Z", startTicks: "1" }));
      const env = await ensureEnvironment(base(cacheDir, []));
      expect(env.reused).toBe(false);
      expect(stranger.exitCode).toBeNull(); // it really was alive the whole time
    } finally {
      stranger.kill("SIGKILL");
    }
  });

  it("a requirement that can't be found: clear error, no half-made env left, log kept", async () => {
    const cacheDir = path.join(work.dir, "cache-fail");
    const error = await ensureEnvironment(base(cacheDir, ["six", "pyflink-devkit-no-such-package==9.9.9"])).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PythonEnvError);
    const failure = error as PythonEnvError;
    expect(failure.message).toContain("'pyflink-devkit-no-such-package==9.9.9'");
    expect(failure.message).toMatch(/index/);
    expect(failure.message).not.toContain("The index has"); // pip listed no versions for an unknown name
    // The few words a progress line or a table shows instead of the whole message.
    expect(failure.summary).toBe("'pyflink-devkit-no-such-package==9.9.9' is not on the package index");
    expect(failure.message).toContain(interpreter?.version ?? "?");
    const entries = await readdir(path.join(cacheDir, "envs"));
    expect(entries.filter((entry) => !entry.endsWith(".log"))).toEqual([]);
    expect(failure.logFile).toBeDefined();
    expect(await readFile(failure.logFile ?? "", "utf8")).toContain("No matching distribution found for pyflink-devkit-no-such-package");
  });

  it("cancelling a build (AbortSignal) leaves neither an env nor a lock behind", async () => {
    const cacheDir = path.join(work.dir, "cache-abort");
    const controller = new AbortController();
    const location = environmentLocation(base(cacheDir));
    // Abort as soon as the venv step has started.
    const pending = ensureEnvironment({ ...base(cacheDir), signal: controller.signal, onLine: () => undefined });
    await new Promise((resolve) => setTimeout(resolve, 300));
    controller.abort();
    const error = await pending.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PythonEnvError);
    expect((error as Error).message).toMatch(/cancelled/);
    await expect(stat(location.dir)).rejects.toThrow();
    await expect(stat(`${location.dir}.lock`)).rejects.toThrow();
  });

  it("cancelling a build while pip installs leaves no pip-* temp dirs in TMPDIR, nor anything in the cache", async () => {
    const cacheDir = path.join(work.dir, "cache-abort-pip");
    // The test's own TMPDIR: what pip would leave behind is visible here and nowhere else.
    const tmp = path.join(work.dir, "tmp-abort-pip");
    await mkdir(tmp, { recursive: true });
    const controller = new AbortController();
    const location = environmentLocation(base(cacheDir));
    let pipStarted = false;
    const pending = ensureEnvironment({
      ...base(cacheDir),
      env: { ...PIP_ENV, TMPDIR: tmp },
      signal: controller.signal,
      // pip prints "Collecting six" once it has made its temp dirs and starts fetching: cancel right then.
      onLine: (line) => {
        if (!pipStarted && /Collecting six/.test(line)) {
          pipStarted = true;
          controller.abort();
        }
      },
    });
    const error = await pending.catch((e: unknown) => e);
    expect(pipStarted).toBe(true);
    expect(error).toBeInstanceOf(PythonEnvError);
    expect((error as Error).message).toMatch(/cancelled/);
    expect(await readdir(tmp)).toEqual([]);
    expect((await readdir(path.join(cacheDir, "envs"))).filter((entry) => entry !== path.basename(location.logFile))).toEqual([]);
  });

  it("Ctrl-C in a CLI while pip installs (exit before any finally) leaves nothing behind: no pip-* in TMPDIR, no env, temp dir or lock in the cache", skipUnlessPresent(existsSync(distEntry), "npm:python-env-dist", "npm", "dist/ is not built: run ./tools/setup (turbo builds it before tests)"), async () => {
    const cacheDir = path.join(work.dir, "cache-ctrl-c");
    const tmp = path.join(work.dir, "tmp-ctrl-c");
    await mkdir(tmp, { recursive: true });
    const script = path.join(work.dir, "ctrl-c-run.mjs");
    // A CLI as ours are: the runner's exitCleanlyOnSignals ends the child trees and exits 130.
    await writeFile(
      script,
      [
        `import { ensureEnvironment } from ${JSON.stringify(pathToFileURL(distEntry).href)};`,
        `import { exitCleanlyOnSignals } from ${JSON.stringify(pathToFileURL(createRequire(import.meta.url).resolve("@pyflink-devkit/runner")).href)};`,
        "exitCleanlyOnSignals();",
        "const [interpreter, cacheDir, tmp] = [JSON.parse(process.argv[2]), process.argv[3], process.argv[4]];",
        "let sent = false;",
        'await ensureEnvironment({ interpreter, requirements: ["six"], cacheDir, env: { PIP_RETRIES: "0", TMPDIR: tmp }, onLine: (line) => {',
        '  if (!sent && /Collecting six/.test(line)) { sent = true; process.kill(process.pid, "SIGINT"); }',
        "} });",
        'console.log("the build finished: SIGINT came too late");',
      ].join("\n"),
    );
    const result = await run(process.execPath, [script, JSON.stringify(interpreter), cacheDir, tmp], { reject: false });
    expect(result.exitCode, result.stdout + result.stderr).toBe(130);
    expect(await readdir(tmp)).toEqual([]);
    const location = environmentLocation(base(cacheDir));
    expect(await readdir(path.join(cacheDir, "envs"))).toEqual([path.basename(location.logFile)]);
  });

  it("refuses pip options and interpreters that no longer exist, saying what to do", async () => {
    const cacheDir = path.join(work.dir, "cache-refuse");
    await expect(ensureEnvironment(base(cacheDir, ["-r", "requirements.txt"]))).rejects.toThrow(/'-r' is a pip option, not a requirement/);
    if (!interpreter) throw new Error("no Python 3.8+ found");
    const gone = { ...interpreter, executable: path.join(work.dir, "deleted", "python3.11") };
    await expect(ensureEnvironment({ ...base(cacheDir), interpreter: gone })).rejects.toThrow(/no longer exists.*--python/);
  });

  it("removeEnvironments empties the cache", async () => {
    const cacheDir = path.join(work.dir, "cache-remove");
    // What removeEnvironments has to delete is the directory tree; a real env is not needed for that.
    const location = environmentLocation(base(cacheDir));
    await mkdir(path.join(location.dir, "bin"), { recursive: true });
    await writeFile(location.logFile, "log");
    await removeEnvironments(cacheDir);
    await expect(stat(path.join(cacheDir, "envs"))).rejects.toThrow();
    await removeEnvironments(cacheDir); // nothing there: still fine
  });

  it("explains an interpreter whose venv can't be made (Debian without python3.X-venv)", async () => {
    if (!interpreter) throw new Error("no Python 3.8+ found");
    // A stand-in interpreter that fails the way Debian's python3 does without python3-venv.
    const fake = path.join(work.dir, "debian-python3.11");
    await writeFile(fake, "#!/bin/sh\necho 'The virtual environment was not created successfully because ensurepip is not\navailable.  On Debian/Ubuntu systems, you need to install the python3-venv package' >&2\nexit 1\n", { mode: 0o755 });
    const cacheDir = path.join(work.dir, "cache-debian");
    const error = await ensureEnvironment({ ...base(cacheDir), interpreter: { ...interpreter, executable: fake, minor: "3.11", version: "3.11.2" } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PythonEnvError);
    expect((error as Error).message).toMatch(/Could not create an environment for Python 3\.11\.2 .*apt install python3\.11-venv/);
    expect((await readdir(path.join(cacheDir, "envs"))).filter((entry) => !entry.endsWith(".log"))).toEqual([]);
  });

  it("a cache dir that can't be created is named, with the variable that moves it", async () => {
    const blocker = path.join(work.dir, "a-file");
    await writeFile(blocker, "not a directory");
    await expect(ensureEnvironment(base(path.join(blocker, "cache")))).rejects.toThrow(/Cannot create the environment cache .*a-file.*PYFLINK_DEVKIT_CACHE/);
  });
});

describe("pip", { timeout: ENV_TEST_TIMEOUT_MS }, () => {
  it("runs pip in an env and honours PIP_* variables instead of overriding the index", async () => {
    const cacheDir = path.join(work.dir, "cache-pip");
    const env = await ensureEnvironment(base(cacheDir, []));
    const version = await pip(env.python, ["--version"]);
    expect(version.stdout).toMatch(/^pip \d+/);
    // With the user's index switched off by PIP_NO_INDEX, six can't be found: proof the variable reached pip.
    const emptyLinks = path.join(work.dir, "no-wheels");
    await mkdir(emptyLinks, { recursive: true });
    const error = await pip(env.python, ["install", "six"], { env: { ...PIP_ENV, PIP_NO_INDEX: "1", PIP_FIND_LINKS: emptyLinks } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PythonEnvError);
    expect((error as PythonEnvError).message).toContain("'six'");

    // A wrong pin of a package the index has: the message lists what the index offers.
    const wrongPin = await pip(env.python, ["install", "six==99.0"], { env: PIP_ENV }).catch((e: unknown) => e);
    expect(wrongPin).toBeInstanceOf(PythonEnvError);
    expect((wrongPin as PythonEnvError).message).toMatch(/'six==99\.0'.*The index has: .*\d+\.\d+/s);
  });
});
