import path from "node:path";
import { findExecutable } from "@pyflink-devkit/runner";
import type { Interpreter } from "./interpreter.js";

export type Backend = "venv" | "conda" | "uv";

/** A program and its arguments, never run through a shell. */
export interface Command {
  readonly file: string;
  readonly args: string[];
  /** Variables this command needs over the caller's. */
  readonly env?: Readonly<Record<string, string>>;
}

/** pip's settings that uv reads under other names: a user's pip setup (CA bundle, index, wheel dirs) must reach uv too. */
const PIP_TO_UV: readonly (readonly [pip: string, uv: string])[] = [
  ["PIP_CERT", "SSL_CERT_FILE"],
  ["PIP_INDEX_URL", "UV_INDEX_URL"],
  ["PIP_EXTRA_INDEX_URL", "UV_EXTRA_INDEX_URL"],
  ["PIP_FIND_LINKS", "UV_FIND_LINKS"],
];

/**
 * uv's names for the pip settings in `env` that uv's own variables do not already set. Without this a
 * machine whose pip trusts a private CA (PIP_CERT) or uses a mirror works with pip and fails with uv
 * ("invalid peer certificate: UnknownIssuer").
 */
export function uvEnvFromPip(env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [pip, uv] of PIP_TO_UV) {
    const value = env[pip];
    if (value !== undefined && value !== "" && (env[uv] ?? "") === "") out[uv] = value;
  }
  return out;
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
  return { file: uv, args: ["venv", "--python", interpreter.executable, "--seed", "--quiet", dir], env: uvEnvFromPip(process.env) };
}

/** `uv pip install --python <env python> <requirements>`; `--python` so an activated VIRTUAL_ENV can't redirect it. */
export function uvPipInstallCommand(uv: string, python: string, requirements: readonly string[]): Command {
  return { file: uv, args: ["pip", "install", "--python", python, ...requirements], env: uvEnvFromPip(process.env) };
}

/** How one backend makes an env: which program it needs, how it creates, how it installs. */
export interface BackendSpec {
  /** One of these must be on PATH (the first found is used); empty: the interpreter is enough. */
  readonly tools: readonly string[];
  /** The command that creates the env at `dir`; `tool` is the found program, when `tools` is not empty. */
  create(tool: string, interpreter: Pick<Interpreter, "executable" | "minor">, dir: string): Command;
  /** "pip": `<dir>/bin/python -m pip install …` (through `pip()`); otherwise the install command. */
  install(tool: string, python: string, requirements: readonly string[]): Command | "pip";
  /** Which installer's messages to expect when the install fails. */
  readonly installer: "pip" | "uv";
}

export const BACKENDS: Readonly<Record<Backend, BackendSpec>> = {
  venv: {
    tools: [],
    create: (_tool, interpreter, dir) => venvCreateCommand(interpreter, dir),
    install: () => "pip",
    installer: "pip",
  },
  uv: {
    tools: ["uv"],
    create: (uv, interpreter, dir) => uvVenvCommand(uv, interpreter, dir),
    install: (uv, python, requirements) => uvPipInstallCommand(uv, python, requirements),
    installer: "uv",
  },
  conda: {
    tools: CONDA_TOOLS,
    create: (tool, interpreter, dir) => condaCreateCommand({ tool, prefix: dir, pythonVersion: interpreter.minor }),
    install: () => "pip", // as lint-python.sh did: conda for the Python, pip for the tools
    installer: "pip",
  },
};

/** The first of the backend's tools on `searchPath`; "" when it needs none, undefined when none is there. */
export function findBackendTool(backend: Backend, searchPath: string | undefined): string | undefined {
  const { tools } = BACKENDS[backend];
  if (tools.length === 0) return "";
  return tools.map((tool) => findExecutable(tool, searchPath)).find((found) => found !== undefined);
}

/** `<dir>/bin/<name>`: where every backend puts the env's programs on POSIX. */
export function envBin(dir: string, name: string): string {
  return path.join(dir, "bin", name);
}
