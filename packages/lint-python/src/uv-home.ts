import { access, chmod, copyFile, mkdir, rm } from "node:fs/promises";
import path from "node:path";
import { DEFAULT_UV_VERSION, discoverInterpreters, ensureUv, pickInterpreter, uvEnvFromPip, type Interpreter } from "@pyflink-devkit/python-env";
import { run } from "@pyflink-devkit/runner";
import { LintPythonError } from "./lint-python-error.js";
import { readProject } from "./project.js";

/** What lint-python.sh's `-s` installs besides the base env (`uv`/`basic`, always installed). */
export type UvHomeComponent = "py_env" | "tox" | "flake8" | "sphinx" | "mypy";
export const UV_HOME_COMPONENTS: readonly UvHomeComponent[] = ["py_env", "tox", "flake8", "sphinx", "mypy"];

/** The Python of the base env, as lint-python.sh creates it (`uv venv dev/.uv --seed --python 3.12`). */
const BASE_PYTHON = "3.12";

export interface UvHomeOptions {
  /** flink-python. */
  readonly projectDir: string;
  /** `dev/.uv`, or FLINK_UV_HOME. */
  readonly home: string;
  /** The env that gets the tool groups: `home`, or UV_PREFIX when FLINK_UV_HOME is set (as lint-python.sh). */
  readonly toolsHome?: string;
  readonly components: readonly UvHomeComponent[];
  /** `-f`: recreate what exists. */
  readonly force?: boolean;
  readonly cacheDir?: string;
  readonly signal?: AbortSignal;
  readonly onLine?: (line: string) => void;
}

export interface UvHome {
  readonly home: string;
  readonly uv: string;
  /** `envs/<version>` made (or kept); versions without an interpreter here are listed in `missing`. */
  readonly envs: readonly string[];
  readonly missing: readonly string[];
}

/**
 * The `dev/.uv` layout lint-python.sh's callers read: `bin/uv`, `bin/python`, `bin/activate` (a uv
 * venv on Python 3.12 holding the tool groups that were asked for), and `envs/<version>/bin/python`
 * (a seeded venv with uv in it) for each of the tox envlist's versions that has an interpreter on
 * this machine: lint-python.sh lets uv download missing Pythons, which needs GitHub.
 */
export async function provisionUvHome(options: UvHomeOptions): Promise<UvHome> {
  const project = await readProject(options.projectDir);
  const interpreters = await discoverInterpreters({ cacheDir: options.cacheDir, signal: options.signal });
  const version = project.flink?.uvVersion ?? DEFAULT_UV_VERSION;
  const newest = [...interpreters].reverse().find((interpreter) => interpreter.implementation === "cpython" && interpreter.minor.startsWith("3."));
  const base = pickInterpreter(interpreters, BASE_PYTHON) ?? newest;
  if (base === undefined) throw new LintPythonError(`No Python 3 interpreter found for ${options.home}; install Python ${BASE_PYTHON} (e.g. \`pyenv install ${BASE_PYTHON}\`).`);
  // lint-python.sh puts its pinned UV_VERSION into dev/.uv, and its callers rely on that release.
  const { uv } = await ensureUv({ version, interpreter: base, cacheDir: options.cacheDir, signal: options.signal, exact: true });
  const step = (file: string, args: readonly string[]): Promise<unknown> => {
    options.onLine?.(`$ ${[file, ...args].join(" ")}`);
    return run(file, args, { signal: options.signal, onLine: options.onLine, timeoutMs: 30 * 60 * 1000, env: uvEnvFromPip(process.env) });
  };
  const home = path.resolve(options.home);
  const homeUv = path.join(home, "bin", "uv");

  if (options.force === true || !(await exists(path.join(home, "bin", "python")))) {
    await rm(home, { recursive: true, force: true });
    await step(uv, ["venv", home, "--seed", "--python", base.executable]);
  }
  if (options.force === true || !(await exists(homeUv))) {
    await mkdir(path.dirname(homeUv), { recursive: true });
    await copyFile(uv, homeUv);
    await chmod(homeUv, 0o755);
  }

  const envs: string[] = [];
  const missing: string[] = [];
  if (options.components.includes("py_env")) {
    const versions = [...new Set(project.toxEnvs.flatMap((env) => (env.python === undefined ? [] : [env.python])))];
    for (const minor of versions) {
      const interpreter: Interpreter | undefined = pickInterpreter(interpreters, minor);
      if (interpreter === undefined) {
        missing.push(minor);
        options.onLine?.(`no Python ${minor} interpreter here: ${path.join(home, "envs", minor)} not made (install it, e.g. \`pyenv install ${minor}\`)`);
        continue;
      }
      const dir = path.join(home, "envs", minor);
      if (options.force === true || !(await exists(path.join(dir, "bin", "uv")))) {
        await rm(dir, { recursive: true, force: true });
        await step(homeUv, ["venv", dir, "-q", "--python", interpreter.executable, "--seed"]);
        // As lint-python.sh does, so `uv` works after sourcing the env's activate.
        await step(homeUv, ["pip", "install", "-q", "--python", path.join(dir, "bin", "python"), `uv==${version}`]);
      }
      envs.push(minor);
    }
  }
  for (const group of options.components.filter((component) => component !== "py_env")) {
    const requirements = project.dependencyGroups[group];
    if (requirements === undefined) throw new LintPythonError(`${path.join(project.dir, "pyproject.toml")} has no [dependency-groups] ${group}; lint-python.sh installs its ${group} from there.`);
    await step(homeUv, ["pip", "install", "-q", "--python", path.join(path.resolve(options.toolsHome ?? home), "bin", "python"), ...requirements]);
  }
  return { home, uv: homeUv, envs, missing };
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}
