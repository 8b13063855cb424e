import { createHash, randomBytes } from "node:crypto";
import { rmSync } from "node:fs";
import { access, constants, mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { CommandError, run } from "@pyflink-devkit/runner";
import { BACKENDS, envBin, findBackendTool, type Backend, type Command } from "./backends.js";
import { defaultCacheDir } from "./cache-dir.js";
import { withLock } from "./env-lock.js";
import { onExit } from "./exit-cleanup.js";
import { explainInstallFailure } from "./install-failures.js";
import type { Interpreter } from "./interpreter.js";
import { pipUnexplained } from "./pip.js";
import { PythonEnvError } from "./python-env-error.js";
import { writeFileAtomic } from "./write-file-atomic.js";

export interface EnvironmentRequest {
  readonly interpreter: Interpreter;
  /** pip requirement strings ("flake8==7.2.0", "Jinja2<3.1.0"). */
  readonly requirements: readonly string[];
  /** Default "venv". */
  readonly backend?: Backend;
  /** Default `defaultCacheDir()`. */
  readonly cacheDir?: string;
  /** Rebuild even if a healthy cached env exists. */
  readonly force?: boolean;
  /** Where the build's output goes; default `<cacheDir>/envs/<name>.log`. */
  readonly logFile?: string;
  readonly onLine?: (line: string) => void;
  readonly signal?: AbortSignal;
  /** Variables over the parent's for every child (PIP_*, PATH for finding uv / conda). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /**
   * Modules of the tools the env is built for ("flake8", "mypy"): the env is healthy only when each
   * imports and reports its version, checked after a build and before serving a cached env.
   */
  readonly tools?: readonly string[];
}

export interface PythonEnvironment {
  readonly dir: string;
  /** `<dir>/bin/python`. */
  readonly python: string;
  /** Hash of interpreter identity + backend + sorted requirements; names the cache entry. */
  readonly key: string;
  /** True when served from the cache without building. */
  readonly reused: boolean;
  /** The build log (kept after a build, also when it failed). */
  readonly logFile: string;
  readonly backend: Backend;
  readonly interpreter: Interpreter;
  /** `<dir>/bin/<name>`. */
  bin(name: string): string;
}

/** Written last into a finished env; an env without it (or with another key) is never served. */
interface EnvMarker {
  readonly format: 1;
  readonly key: string;
  readonly backend: Backend;
  readonly interpreter: Interpreter;
  readonly requirements: readonly string[];
  readonly createdAt: string;
  readonly buildMs: number;
}

const MARKER_FILE = ".pyflink-devkit-env.json";
// Bumped when the layout of an env changes, so old cache entries stop matching.
const LAYOUT_VERSION = 1;
const KEY_LENGTH = 20;
const HEALTH_TIMEOUT_MS = 30_000;
const CREATE_TIMEOUT_MS = 10 * 60 * 1000;
const INSTALL_TIMEOUT_MS = 30 * 60 * 1000;

/** The cache key: what an env's contents depend on. */
export function environmentKey(interpreter: Interpreter, backend: Backend, requirements: readonly string[]): string {
  const identity = {
    layout: LAYOUT_VERSION,
    backend,
    interpreter: [interpreter.executable, interpreter.version, interpreter.implementation, interpreter.platform],
    requirements: normalizeRequirements(requirements),
  };
  return createHash("sha256").update(JSON.stringify(identity)).digest("hex").slice(0, KEY_LENGTH);
}

function normalizeRequirements(requirements: readonly string[]): string[] {
  return [...new Set(requirements.map((requirement) => requirement.trim()).filter((requirement) => requirement !== ""))].sort();
}

/** Where `ensureEnvironment(request)` keeps (or would build) the env, without touching the disk. */
export function environmentLocation(request: EnvironmentRequest): { readonly dir: string; readonly key: string; readonly logFile: string; readonly backend: Backend } {
  const backend = request.backend ?? "venv";
  const key = environmentKey(request.interpreter, backend, request.requirements);
  const cacheDir = path.resolve(request.cacheDir ?? defaultCacheDir());
  const { implementation, minor } = request.interpreter;
  const name = `${implementation === "cpython" ? "py" : implementation}${minor}-${backend}-${key}`;
  const dir = path.join(cacheDir, "envs", name);
  return { dir, key, backend, logFile: request.logFile ?? path.join(cacheDir, "envs", `${name}.log`) };
}

/**
 * A cached environment for `interpreter` with `requirements` installed, built if needed.
 *
 * Why the env is built at its final path and not in a temp dir renamed into place: a venv is not
 * relocatable. `bin/activate`, `pyvenv.cfg` and the shebang of every console script pip installs
 * (`bin/flake8` starts with `#!<dir>/bin/python`) hold the absolute path, so a renamed env runs
 * the temp path's python, which no longer exists. Instead the build happens in place under a lock
 * (`<name>.lock`, see env-lock.ts), and the marker file is written atomically as the very last
 * step: a directory without a valid marker is a half-made env, is never served, and is removed
 * before the next build. A failed build removes its directory before the error is thrown.
 */
export async function ensureEnvironment(request: EnvironmentRequest): Promise<PythonEnvironment> {
  const option = request.requirements.find((requirement) => requirement.trim().startsWith("-"));
  if (option !== undefined) {
    throw new PythonEnvError(
      `'${option}' is a pip option, not a requirement; environments are keyed by their requirement strings, so pass those (a pyproject's groups come from readDependencyGroups, a requirements file's lines can be passed one by one).`,
    );
  }
  const { dir, key, logFile, backend } = environmentLocation(request);
  const env = request.env;
  const make = (reused: boolean): PythonEnvironment => ({
    dir, python: envBin(dir, "python"), key, reused, logFile, backend, interpreter: request.interpreter,
    bin: (binName: string) => envBin(dir, binName),
  });

  if (request.force !== true && (await checkHealth(dir, key, request)) === undefined) return make(true);

  if (!(await exists(request.interpreter.executable))) {
    throw new PythonEnvError(
      `Python ${request.interpreter.version} at ${request.interpreter.executable} (${request.interpreter.origin}) no longer exists, so no environment can be made from it. Discover interpreters again, or pass --python with one that exists.`,
    );
  }
  const tool = findBackendTool(backend, mergedPath(env));
  if (tool === undefined) {
    throw new PythonEnvError(
      `The ${backend} backend needs ${BACKENDS[backend].tools.join(" or ")} on PATH, and none was found. Install it, or ask for the "venv" backend (Python's own venv + pip).`,
    );
  }

  try {
    await mkdir(path.dirname(dir), { recursive: true });
  } catch (error) {
    throw new PythonEnvError(
      `Cannot create the environment cache ${path.dirname(dir)} (${(error as Error).message}); set PYFLINK_DEVKIT_CACHE (or pass cacheDir) to a writable directory.`,
      { cause: error },
    );
  }
  return withLock(
    `${dir}.lock`,
    async () => {
      // Another run may have built it while we waited.
      const problem = await checkHealth(dir, key, request);
      if (request.force !== true && problem === undefined) return make(true);
      if (problem !== undefined && problem !== "not built yet") request.onLine?.(`rebuilding ${dir}: ${problem}`);
      await removeDir(dir);
      await removeLeftovers(dir);
      await build({ dir, key, backend, tool, requirements: normalizeRequirements(request.requirements), request, logFile });
      return make(false);
    },
    {
      signal: request.signal,
      onWait: (holder) => request.onLine?.(`waiting for ${holder} to finish building ${dir}`),
    },
  );
}

interface BuildPlan {
  readonly dir: string;
  readonly key: string;
  readonly backend: Backend;
  /** The backend's program ("" for venv, which needs none). */
  readonly tool: string;
  readonly requirements: readonly string[];
  readonly request: EnvironmentRequest;
  readonly logFile: string;
}

async function build(plan: BuildPlan): Promise<void> {
  const { dir, backend, requirements, request, logFile } = plan;
  const started = performance.now();
  await mkdir(path.dirname(logFile), { recursive: true });
  // Our own per-env log starts afresh with each build; a log the caller passed in may be shared
  // (a whole lint run's), so it is only appended to. The runner appends every command and its output.
  const header = `# pyflink-devkit: ${backend} env for ${request.interpreter.executable} (${request.interpreter.version}) at ${dir}\n# requirements: ${requirements.join(" ") || "(none)"}\n`;
  await writeFile(logFile, header, { flag: request.logFile === undefined ? "w" : "a" });
  // pip's and uv's temp dirs (pip-unpack-*, pip-install-*, …) go into this env's own temp dir, not
  // the system's: a cancelled build kills them before they clean up, and the dir goes with the build.
  const tempDir = envTempDir(dir);
  await mkdir(tempDir, { recursive: true });
  const common = { env: { ...request.env, TMPDIR: tempDir, TEMP: tempDir, TMP: tempDir }, logFile, signal: request.signal, onLine: request.onLine ? (line: string) => request.onLine?.(line) : undefined };
  const python = envBin(dir, "python");
  // Ctrl-C in a CLI exits before `catch` and `finally` run: the half-made env and the temp dir go then too.
  const forget = onExit(() => {
    rmSync(dir, { recursive: true, force: true });
    rmSync(tempDir, { recursive: true, force: true });
  });
  try {
    const spec = BACKENDS[backend];
    await runStep(spec.create(plan.tool, request.interpreter, dir), { ...common, timeoutMs: CREATE_TIMEOUT_MS }, request, dir);
    if (requirements.length > 0) {
      const install = spec.install(plan.tool, python, requirements);
      const installOptions = { ...common, timeoutMs: INSTALL_TIMEOUT_MS };
      await (install === "pip" ? pipUnexplained(python, ["install", ...requirements], installOptions) : run(install.file, install.args, { ...installOptions, env: { ...installOptions.env, ...install.env } }));
    }
    const probe = await run(python, ["-c", TOOL_PROBE, ...(request.tools ?? [])], { ...common, timeoutMs: HEALTH_TIMEOUT_MS, reject: false });
    if (probe.exitCode !== 0) {
      throw new PythonEnvError(
        `The ${backend} env at ${dir} was built, but ${toolProblem(python, request.tools, probe.stderr)}. The requirements (${requirements.join(" ") || "none"}) do not provide what the tools need; fix the pins. The half-made env was removed.${logFile ? ` Full output: ${logFile}.` : ""}`,
        { logFile, summary: request.tools === undefined || request.tools.length === 0 ? "the env was built, but its python does not start" : `the env was built, but ${request.tools.join(", ")} do not import` },
      );
    }
    const marker: EnvMarker = {
      format: 1, key: plan.key, backend, interpreter: request.interpreter, requirements,
      createdAt: new Date().toISOString(), buildMs: Math.round(performance.now() - started),
    };
    await writeFileAtomic(path.join(dir, MARKER_FILE), `${JSON.stringify(marker, null, 2)}\n`);
    forget();
  } catch (error) {
    await removeDir(dir);
    if (error instanceof PythonEnvError) throw error;
    if (error instanceof CommandError) {
      const label = `the Python ${request.interpreter.version} ${backend} env at ${dir} (made from ${request.interpreter.executable})`;
      const explained = explainInstallFailure(error, { python, tool: BACKENDS[backend].installer, label, note: "The half-made env was removed." });
      if (!/No matching distribution found|not found in the package registry|no version of|No solution found/i.test(`${error.stderr}\n${error.stdout}`)) throw explained;
      // pip and uv stop at the first requirement they cannot find: ask about each one, so the
      // message names every unavailable pin at once, with what the index has.
      const unavailable = await unavailableRequirements(request.interpreter.executable, requirements, { env: common.env, signal: request.signal });
      if (unavailable.length === 0) throw explained;
      throw new PythonEnvError(
        `${BACKENDS[backend].installer} install into ${label} failed: ${unavailable.length === 1 ? "this requirement is" : `these ${String(unavailable.length)} requirements are`} not available from the package index: ${unavailable.map((item) => `'${item.requirement}' (the index has: ${item.versions})`).join("; ")}. Change the pins, or point pip/uv at an index that has them. The half-made env was removed.${error.logFile ? ` Full output: ${error.logFile}.` : ""}`,
        { cause: error, logFile: error.logFile, summary: `${unavailable.map((item) => `'${item.requirement}'`).join(", ")} ${unavailable.length === 1 ? "is" : "are"} not on the package index` },
      );
    }
    throw error;
  } finally {
    forget();
    await rm(tempDir, { recursive: true, force: true });
  }
}

/** Beside the env, not inside it: the backends (venv, uv, conda) create the env's directory themselves. */
function envTempDir(dir: string): string {
  return `${dir}.tmp`;
}

type StepOptions = Parameters<typeof run>[2];

/**
 * Which of `requirements` the index cannot satisfy on its own (`pip install --dry-run --no-deps`
 * with the base interpreter, one requirement each), with the versions pip says it has.
 */
async function unavailableRequirements(
  python: string,
  requirements: readonly string[],
  options: { readonly env?: EnvironmentRequest["env"]; readonly signal?: AbortSignal },
): Promise<{ requirement: string; versions: string }[]> {
  const checked = await Promise.all(
    requirements.map(async (requirement) => {
      const result = await pipUnexplained(python, ["install", "--dry-run", "--no-deps", "--ignore-installed", "--quiet", requirement], { ...options, reject: false, timeoutMs: 5 * 60 * 1000 }).catch(() => undefined);
      if (result === undefined || result.exitCode === 0 || result.cancelled) return undefined;
      const output = `${result.stderr}\n${result.stdout}`;
      if (!/No matching distribution found/.test(output)) return undefined;
      const listed = /\(from versions: ([^)]*)\)/.exec(output)?.[1]?.trim() ?? "none";
      const versions = listed.split(/,\s*/);
      return { requirement, versions: listed === "none" || listed === "" ? "no version" : `${versions.length > 8 ? "…, " : ""}${versions.slice(-8).join(", ")}` };
    }),
  );
  return checked.filter((item): item is { requirement: string; versions: string } => item !== undefined);
}

// Known reasons an env can't be created, and what to do; first match wins, else the generic advice.
const CREATE_FAILURES: readonly { readonly pattern: RegExp; readonly fix: (interpreter: Interpreter) => string }[] = [
  {
    // Debian and Ubuntu ship venv's ensurepip in a separate package.
    pattern: /ensurepip is not\s+available|No module named ensurepip/,
    fix: (i) => `this Python has no ensurepip (Debian/Ubuntu split it out): install it with \`apt install python${i.minor}-venv\`, or use a pyenv / uv Python via --python`,
  },
  {
    pattern: /No module named venv/,
    fix: (i) => `this Python has no venv module: install python${i.minor}-venv from your distribution, or use a pyenv / uv Python via --python`,
  },
  {
    pattern: /PackagesNotFoundError|ResolvePackageNotFound|nothing provides/,
    fix: (i) => `conda could not find python=${i.minor} in its channels: add a channel that has it (e.g. conda-forge) to your .condarc, or use the venv backend`,
  },
];

async function runStep(command: Command, options: StepOptions, request: EnvironmentRequest, dir: string): Promise<void> {
  try {
    await run(command.file, command.args, { ...options, env: { ...options?.env, ...command.env } });
  } catch (error) {
    if (!(error instanceof CommandError)) throw error;
    if (error.cancelled) throw new PythonEnvError(`Creating ${dir} was cancelled; nothing was left in the cache.`, { cause: error, logFile: error.logFile, summary: "cancelled" });
    const { interpreter } = request;
    const output = `${error.stderr}\n${error.stdout}`;
    const known = CREATE_FAILURES.find(({ pattern }) => pattern.test(output));
    const fix = known
      ? known.fix(interpreter)
      : `check that this interpreter works (\`${interpreter.executable} -m venv --help\`) or pick another with --python`;
    const outcome = error.timedOut ? "timed out" : `exited with code ${error.exitCode}`;
    throw new PythonEnvError(
      `Could not create an environment for Python ${interpreter.version} (${interpreter.executable}) at ${dir}: ${error.command} ${outcome}; ${fix}. Full output: ${error.logFile ?? "(no log)"}.`,
      { cause: error, logFile: error.logFile, summary: `creating the env ${outcome}` },
    );
  }
}

/** Undefined when the cached env at `dir` can be served; otherwise what is wrong with it. */
async function checkHealth(dir: string, key: string, request: EnvironmentRequest): Promise<string | undefined> {
  let marker: Partial<EnvMarker>;
  try {
    marker = JSON.parse(await readFile(path.join(dir, MARKER_FILE), "utf8")) as Partial<EnvMarker>;
  } catch {
    return (await exists(dir)) ? "no completion marker (a build was interrupted)" : "not built yet";
  }
  if (marker.key !== key) return "its marker belongs to another key";
  const python = envBin(dir, "python");
  if (!(await exists(python))) return `${python} is missing`;
  if (marker.backend !== "conda" && !(await exists(request.interpreter.executable))) {
    return `the interpreter it was made from, ${request.interpreter.executable}, is gone`;
  }
  const result = await run(python, ["-c", TOOL_PROBE, ...(request.tools ?? [])], { env: request.env, timeoutMs: HEALTH_TIMEOUT_MS, signal: request.signal, reject: false }).catch(() => undefined);
  // A check cut short by the caller says nothing about the env: it must not lead to deleting it.
  if (result?.cancelled === true) throw new PythonEnvError(`Cancelled while checking ${dir}; nothing was changed.`);
  if (result?.exitCode !== 0) return toolProblem(python, request.tools, result?.stderr);
  return undefined;
}

// Imports each module named in argv and prints its version (the distribution's, else __version__);
// exits non-zero when one does not import or has no version. importlib.metadata is 3.8+: older
// Pythons (3.6 and 3.7 run protoc 3.5's grpcio-tools) fall back to __version__.
const TOOL_PROBE = [
  "import sys, importlib",
  "try:",
  "    import importlib.metadata as md",
  "except ImportError:",
  "    md = None",
  "for name in sys.argv[1:]:",
  "    module = importlib.import_module(name)",
  "    version = None",
  "    if md is not None:",
  "        try:",
  "            version = md.version(name)",
  "        except Exception:",
  "            pass",
  "    version = version or getattr(module, '__version__', None)",
  "    if not version:",
  "        sys.exit(name + ' imports but reports no version')",
  "    print(name, version)",
].join("\n");

function toolProblem(python: string, tools: readonly string[] | undefined, stderr: string | undefined): string {
  const last = (stderr ?? "").trim().split("\n").at(-1) ?? "";
  return tools === undefined || tools.length === 0 ? `\`${python} -c "import sys"\` fails` : `its tools (${tools.join(", ")}) do not all import and report a version with ${python}: ${last}`;
}

/** Moves `dir` aside first (atomic), so a half-deleted env never sits at the real path. */
async function removeDir(dir: string): Promise<void> {
  const aside = `${dir}.trash-${randomBytes(4).toString("hex")}`;
  try {
    await rename(dir, aside);
  } catch {
    return; // nothing there
  }
  await rm(aside, { recursive: true, force: true });
}

/** Trash and temp dirs of this env that an earlier run could not finish deleting (it was killed); we hold its lock. */
async function removeLeftovers(dir: string): Promise<void> {
  const prefix = `${path.basename(dir)}.trash-`;
  const names = await readdir(path.dirname(dir)).catch(() => []);
  await Promise.all(names.filter((name) => name.startsWith(prefix)).map((name) => rm(path.join(path.dirname(dir), name), { recursive: true, force: true })));
  await rm(envTempDir(dir), { recursive: true, force: true });
}

async function exists(target: string): Promise<boolean> {
  try {
    await access(target, constants.F_OK);
    return true;
  } catch {
    return false;
  }
}

function mergedPath(env: EnvironmentRequest["env"]): string | undefined {
  return env && "PATH" in env ? env.PATH : process.env.PATH;
}

/** Deletes every cached environment (and its log) under `cacheDir`. Don't run it while builds are going on. */
export async function removeEnvironments(cacheDir: string = defaultCacheDir()): Promise<void> {
  const envs = path.join(path.resolve(cacheDir), "envs");
  const aside = `${envs}.trash-${randomBytes(4).toString("hex")}`;
  try {
    await rename(envs, aside);
  } catch {
    return;
  }
  await rm(aside, { recursive: true, force: true });
}
