import path from "node:path";
import { findExecutable } from "@pyflink-devkit/runner";
import type { Interpreter } from "./interpreter.js";

export type Backend = "venv" | "conda" | "uv";

/** A program and its arguments, never run through a shell. */
export interface Command {
  readonly file: string;
  readonly args: string[];
}

export type CondaTool = "conda" | "mamba" | "micromamba";
/** Looked up on PATH in this order, as lint-python.sh's users would have them. */
export const CONDA_TOOLS: readonly CondaTool[] = ["conda", "mamba", "micromamba"];

export interface CondaCreateOptions {
  /** Absolute path (or name on PATH) of conda, mamba or micromamba. */
  readonly tool: string;
  /** The environment's directory (`-p`); environments are ours, never named envs in the user's conda. */
  readonly prefix: string;
  /** "3.11" (what lint-python.sh asked for) or an exact "3.11.7". */
  readonly pythonVersion: string;
  /** Channels (`-c`); by default none, so the user's .condarc / .mambarc decides. */
  readonly channels?: readonly string[];
}

/**
 * `conda create -p <prefix> python=X.Y --yes --quiet` — the step lint-python.sh ran per Python
 * version (it used `--name`; we use a prefix inside our cache). mamba and micromamba take the same
 * arguments. pip then installs the requirements with the env's own python.
 */
export function condaCreateCommand(options: CondaCreateOptions): Command {
  const channels = (options.channels ?? []).flatMap((channel) => ["-c", channel]);
  return { file: options.tool, args: ["create", "--prefix", options.prefix, `python=${options.pythonVersion}`, ...channels, "--yes", "--quiet"] };
}

/** `python -m venv <dir>`: stdlib venv with the pip that ships with that Python (ensurepip). */
export function venvCreateCommand(interpreter: Pick<Interpreter, "executable">, dir: string): Command {
  return { file: interpreter.executable, args: ["-m", "venv", dir] };
}

/**
 * `uv venv --python <exe> --seed <dir>`: `--seed` puts pip into the env, as lint-python.sh's uv era
 * did, so `pip()` and the packager work the same on every backend.
 */
export function uvVenvCommand(uv: string, interpreter: Pick<Interpreter, "executable">, dir: string): Command {
  return { file: uv, args: ["venv", "--python", interpreter.executable, "--seed", "--quiet", dir] };
}

/** `uv pip install --python <env python> <requirements>`; `--python` so an activated VIRTUAL_ENV can't redirect it. */
export function uvPipInstallCommand(uv: string, python: string, requirements: readonly string[]): Command {
  return { file: uv, args: ["pip", "install", "--python", python, ...requirements] };
}

/** `<python> -m pip --disable-pip-version-check install <requirements>`. */
export function pipInstallArgs(requirements: readonly string[]): string[] {
  return ["install", ...requirements];
}

/** The program a backend needs besides the interpreter, found on `searchPath`; undefined for venv. */
export function backendTool(backend: Backend, searchPath: string | undefined): { readonly found: string | undefined; readonly wanted: readonly string[] } {
  switch (backend) {
    case "venv":
      return { found: undefined, wanted: [] };
    case "uv":
      return { found: findExecutable("uv", searchPath), wanted: ["uv"] };
    case "conda":
      return { found: CONDA_TOOLS.map((tool) => findExecutable(tool, searchPath)).find((found) => found !== undefined), wanted: CONDA_TOOLS };
  }
}

/** `<dir>/bin/<name>`: where every backend puts the env's programs on POSIX. */
export function envBin(dir: string, name: string): string {
  return path.join(dir, "bin", name);
}
