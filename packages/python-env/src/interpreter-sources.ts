import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { findExecutable, run } from "@pyflink-devkit/runner";
import { homeDir } from "./cache-dir.js";
import type { InterpreterOrigin } from "./interpreter.js";

/** What every discovery source sees. */
export interface SourceContext {
  /** The merged environment (parent's plus the caller's overrides). */
  readonly env: Readonly<Record<string, string>>;
  /** The caller's overrides as given, for children: the runner lays them over the parent's and an `undefined` removes a variable. */
  readonly childEnv: Readonly<Record<string, string | undefined>> | undefined;
  readonly extraPaths: readonly string[];
  readonly signal?: AbortSignal;
}

export interface InterpreterSource {
  readonly origin: InterpreterOrigin;
  /** Paths that may be Python interpreters; they are probed, so false positives are fine. */
  candidates(context: SourceContext): Promise<string[]>;
}

// Interpreter names worth probing. Free-threaded builds (python3.13t) are left out: they share a
// version with the regular build and the rest of the toolchain has no way to ask for them yet.
const INTERPRETER_NAME = /^(?:python|pypy)3(?:\.\d+)?$/;
const TOOL_TIMEOUT_MS = 20_000;

// Conda-style installations that exist without `conda` on PATH (a fresh installer that was never
// `conda init`ed, micromamba's root prefix).
const CONDA_ROOTS = ["miniconda3", "anaconda3", "miniforge3", "mambaforge", "micromamba", ".conda"] as const;
const CONDA_TOOLS = ["conda", "mamba", "micromamba"] as const;

/**
 * The sources in priority order: when two find the same interpreter, the first one names its
 * origin. Explicit configuration wins; PATH comes last because it mostly re-finds the others.
 */
export const INTERPRETER_SOURCES: readonly InterpreterSource[] = [
  {
    origin: "config",
    async candidates({ extraPaths }) {
      const found = await Promise.all(
        extraPaths.map(async (entry) => {
          const resolved = path.resolve(entry);
          return (await isDirectory(resolved)) ? interpretersIn(resolved) : [resolved];
        }),
      );
      return found.flat();
    },
  },
  {
    origin: "pyenv",
    async candidates({ env }) {
      const versions = await subdirectories(path.join(pyenvRoot(env), "versions"));
      return (await Promise.all(versions.map((dir) => interpretersIn(path.join(dir, "bin"))))).flat();
    },
  },
  {
    origin: "uv",
    async candidates({ env, childEnv, signal }) {
      const uv = findExecutable("uv", env.PATH);
      if (uv) {
        const listed = await uvListedPythons(uv, childEnv, signal);
        if (listed.length > 0) return listed;
      }
      const installDir = env.UV_PYTHON_INSTALL_DIR ?? path.join(env.XDG_DATA_HOME ?? path.join(homeDir(env), ".local", "share"), "uv", "python");
      const installs = await subdirectories(installDir);
      return (await Promise.all(installs.map((dir) => interpretersIn(path.join(dir, "bin"))))).flat();
    },
  },
  {
    origin: "conda",
    async candidates({ env, childEnv, signal }) {
      const prefixes = new Set<string>();
      if (env.CONDA_PREFIX) prefixes.add(env.CONDA_PREFIX);
      for (const tool of CONDA_TOOLS) {
        const executable = findExecutable(tool, env.PATH);
        if (executable) for (const prefix of await condaListedEnvs(executable, childEnv, signal)) prefixes.add(prefix);
      }
      // conda's own registry of every env it created, also those outside its envs dirs; it is
      // what `conda env list` reads, and it is there when conda is not on this shell's PATH.
      for (const prefix of await condaEnvironmentsTxt(path.join(homeDir(env), ".conda", "environments.txt"))) prefixes.add(prefix);
      for (const root of CONDA_ROOTS) {
        const base = path.join(homeDir(env), root);
        if (!(await isDirectory(base))) continue;
        prefixes.add(base);
        for (const envDir of await subdirectories(path.join(base, "envs"))) prefixes.add(envDir);
      }
      return (await Promise.all([...prefixes].map((prefix) => interpretersIn(path.join(prefix, "bin"))))).flat();
    },
  },
  {
    origin: "path",
    async candidates({ env }) {
      // This pyenv's shims only ever run one of its versions, which the pyenv source lists
      // directly; probing them would cost a bash + pyenv start each, every time (their answer
      // depends on `pyenv global`, so it can't be cached). Other wrappers (another pyenv root,
      // asdf) are probed and resolve to the interpreter they run.
      const ownShims = path.join(pyenvRoot(env), "shims");
      const dirs = (env.PATH ?? "").split(path.delimiter).filter((dir) => dir !== "" && path.resolve(dir) !== ownShims);
      return (await Promise.all([...new Set(dirs)].map((dir) => interpretersIn(dir)))).flat();
    },
  },
];

function pyenvRoot(env: Readonly<Record<string, string>>): string {
  return path.resolve(env.PYENV_ROOT ?? path.join(homeDir(env), ".pyenv"));
}

type ChildEnv = Readonly<Record<string, string | undefined>> | undefined;

async function uvListedPythons(uv: string, env: ChildEnv, signal: AbortSignal | undefined): Promise<string[]> {
  const result = await run(uv, ["python", "list", "--only-installed", "--output-format", "json"], {
    env, timeoutMs: TOOL_TIMEOUT_MS, signal, reject: false,
  }).catch(() => undefined);
  if (result?.exitCode !== 0) return [];
  return parseUvPythonList(result.stdout);
}

/** `uv python list --output-format json`: an array of objects with a `path` (null when not installed). */
export function parseUvPythonList(stdout: string): string[] {
  try {
    const parsed: unknown = JSON.parse(stdout);
    if (!Array.isArray(parsed)) return [];
    return parsed.flatMap((item: unknown) => {
      const entryPath = typeof item === "object" && item !== null ? (item as Record<string, unknown>).path : undefined;
      return typeof entryPath === "string" && path.isAbsolute(entryPath) ? [entryPath] : [];
    });
  } catch {
    return [];
  }
}

async function condaListedEnvs(tool: string, env: ChildEnv, signal: AbortSignal | undefined): Promise<string[]> {
  const result = await run(tool, ["env", "list", "--json"], { env, timeoutMs: TOOL_TIMEOUT_MS, signal, reject: false }).catch(() => undefined);
  if (result?.exitCode !== 0) return [];
  return parseCondaEnvList(result.stdout);
}

async function condaEnvironmentsTxt(file: string): Promise<string[]> {
  try {
    return (await readFile(file, "utf8")).split("\n").map((line) => line.trim()).filter((line) => path.isAbsolute(line));
  } catch {
    return [];
  }
}

/** `conda env list --json` (and mamba's, micromamba's): `{"envs": ["/prefix", ...]}`. */
export function parseCondaEnvList(stdout: string): string[] {
  try {
    const parsed: unknown = JSON.parse(stdout);
    const envs = typeof parsed === "object" && parsed !== null ? (parsed as Record<string, unknown>).envs : undefined;
    if (!Array.isArray(envs)) return [];
    return envs.filter((prefix): prefix is string => typeof prefix === "string" && path.isAbsolute(prefix));
  } catch {
    return [];
  }
}

/** Interpreter-looking names in `dir`, most specific first (python3.11 before python3). */
async function interpretersIn(dir: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  return names
    .filter((name) => INTERPRETER_NAME.test(name))
    .sort((a, b) => b.length - a.length || a.localeCompare(b))
    .map((name) => path.join(dir, name));
}

async function subdirectories(dir: string): Promise<string[]> {
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    // Symlinked version dirs (pyenv-virtualenv's aliases) count too; the probe sorts them out.
    return entries.filter((entry) => entry.isDirectory() || entry.isSymbolicLink()).map((entry) => path.join(dir, entry.name)).sort();
  } catch {
    return [];
  }
}

async function isDirectory(target: string): Promise<boolean> {
  try {
    return (await stat(target)).isDirectory();
  } catch {
    return false;
  }
}
