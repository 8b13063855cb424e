import { realpath } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pLimit from "p-limit";
import { defaultCacheDir, mergeEnv } from "./cache-dir.js";
import { INTERPRETER_SOURCES, type SourceContext } from "./interpreter-sources.js";
import { compareVersions, describeInterpreter, type Interpreter, type InterpreterOrigin } from "./interpreter.js";
import { ProbeCache } from "./probe-interpreter.js";
import { PythonEnvError } from "./python-env-error.js";

export interface DiscoverOptions {
  /** Interpreters or directories holding them, from configuration / `--python`; origin "config". */
  readonly extraPaths?: readonly string[];
  /** Variables over the parent's (PATH, PYENV_ROOT, HOME, CONDA_PREFIX, ...); `undefined` removes one. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Where probe results are kept between runs; default `defaultCacheDir()`. */
  readonly cacheDir?: string;
  /** Per-interpreter probe timeout (default 15 s); a slower interpreter is skipped. */
  readonly probeTimeoutMs?: number;
  readonly signal?: AbortSignal;
}

// One ProbeCache per cache file for the life of the process: discovery is called by several
// checks of one run, and the second call should cost nothing.
const probeCaches = new Map<string, ProbeCache>();

function probeCacheFor(cacheDir: string): ProbeCache {
  const file = path.join(cacheDir, "interpreters.json");
  let cache = probeCaches.get(file);
  if (!cache) {
    cache = new ProbeCache(file);
    probeCaches.set(file, cache);
  }
  return cache;
}

/**
 * Every working Python 3 interpreter on this machine: pyenv installs, uv-managed Pythons, conda
 * envs, `python3*` on PATH (shims resolved to what they run) and `extraPaths`. Deduplicated by real
 * path, sorted by version. Candidates are probed in parallel; broken ones are skipped.
 */
export async function discoverInterpreters(options: DiscoverOptions = {}): Promise<Interpreter[]> {
  const env = mergeEnv(options.env);
  const context: SourceContext = { env, childEnv: options.env, extraPaths: options.extraPaths ?? [], signal: options.signal };
  const perSource = await Promise.all(
    INTERPRETER_SOURCES.map(async (source) => ({ origin: source.origin, paths: await source.candidates(context).catch(() => []) })),
  );

  // Dedupe before probing (python3 -> python3.11 in one bin dir is one probe), keeping the
  // first source's origin.
  const candidates = new Map<string, { path: string; origin: InterpreterOrigin }>();
  for (const { origin, paths } of perSource) {
    for (const candidate of paths) {
      const real = await realpath(candidate).catch(() => undefined);
      if (real !== undefined && !candidates.has(real)) candidates.set(real, { path: candidate, origin });
    }
  }

  const cache = probeCacheFor(options.cacheDir ?? defaultCacheDir(env));
  // Parallel, but bounded: a machine with dozens of conda envs should not start dozens of Pythons
  // at once on two cores. Cached answers cost nothing, so the bound only matters when cold.
  const limit = pLimit(Math.max(4, os.availableParallelism() * 2));
  const probeOne = async (candidate: string, origin: InterpreterOrigin): Promise<Interpreter | undefined> => {
    const { result } = await cache.probe(candidate, { env: options.env, timeoutMs: options.probeTimeoutMs, signal: options.signal });
    return result ? { ...result, origin } : undefined;
  };
  const probed = await Promise.all([...candidates.values()].map(({ path: candidate, origin }) => limit(() => probeOne(candidate, origin))));
  await cache.save();
  // A cancelled probe looks like a broken interpreter; don't hand back a silently shortened list.
  options.signal?.throwIfAborted();

  // Dedupe again by what actually runs: a PATH shim resolves to a pyenv install found earlier.
  const byExecutable = new Map<string, Interpreter>();
  for (const interpreter of probed) {
    if (interpreter && !byExecutable.has(interpreter.executable)) byExecutable.set(interpreter.executable, interpreter);
  }
  return [...byExecutable.values()].sort(
    (a, b) =>
      compareVersions(a.version, b.version) ||
      a.implementation.localeCompare(b.implementation) ||
      originRank(a.origin) - originRank(b.origin) ||
      a.executable.localeCompare(b.executable),
  );
}

function originRank(origin: InterpreterOrigin): number {
  return INTERPRETER_SOURCES.findIndex((source) => source.origin === origin);
}

/**
 * The best interpreter for `version` ("3.11" or an exact "3.11.7"): CPython before other
 * implementations, then the newest patch release, then the highest-priority origin.
 */
export async function findInterpreter(version: string, options: DiscoverOptions = {}): Promise<Interpreter | undefined> {
  return pickInterpreter(await discoverInterpreters(options), version);
}

export function pickInterpreter(interpreters: readonly Interpreter[], version: string): Interpreter | undefined {
  const wanted = version.trim().replace(/^python/, "");
  const matching = interpreters.filter((i) => (/^\d+\.\d+$/.test(wanted) ? i.minor === wanted : i.version === wanted));
  return [...matching].sort(
    (a, b) =>
      Number(b.implementation === "cpython") - Number(a.implementation === "cpython") ||
      compareVersions(b.version, a.version) ||
      originRank(a.origin) - originRank(b.origin),
  )[0];
}

/** Like `findInterpreter`, but a missing version is a `PythonEnvError` that lists what was found and how to fix it. */
export async function requireInterpreter(version: string, options: DiscoverOptions = {}): Promise<Interpreter> {
  const interpreters = await discoverInterpreters(options);
  const found = pickInterpreter(interpreters, version);
  if (found) return found;
  const available = interpreters.length === 0 ? "no Python 3 interpreters at all" : `found ${interpreters.map(describeInterpreter).join(", ")}`;
  const minor = /^(\d+\.\d+)/.exec(version.trim().replace(/^python/, ""))?.[1] ?? version;
  throw new PythonEnvError(
    `Python ${version} requested but not found; ${available}. Install it with \`pyenv install ${minor}\` (or \`uv python install ${minor}\`) or pass --python /path/to/python${minor}.`,
  );
}
