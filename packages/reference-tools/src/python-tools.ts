import path from "node:path";
import { ensureEnvironment, findInterpreter, PythonEnvError, type PythonEnvironment } from "@pyflink-devkit/python-env";
import { compareVersions } from "@pyflink-devkit/python-env";
import { disabled, override, referenceCacheDir, type OverrideName } from "./overrides.js";
import { APACHE_FLINK_PINS, PROTOBUF_RUNTIME_PYTHON, TOOL_PINS } from "./pins.js";
import { missing, present, type Reference } from "./reference.js";

export interface PythonToolRequest {
  /** "3.12": the interpreter (from pyenv, uv, conda or PATH, as @pyflink-devkit/python-env finds them). */
  readonly python: string;
  /** pip requirement strings, pinned. */
  readonly requirements: readonly string[];
  /** Stable name for skips and the allow-list, e.g. "pypi:tox==3.14.0". */
  readonly reference: string;
  readonly onLine?: (line: string) => void;
}

/**
 * A cached venv with pinned requirements, built by @pyflink-devkit/python-env under its lock, in
 * place, marker last (a half-built env is never served) in <cache>/python/envs.
 */
export async function pythonToolEnv(request: PythonToolRequest): Promise<Reference<PythonEnvironment>> {
  const interpreter = await findInterpreter(request.python);
  if (interpreter === undefined) {
    return missing(`python:${request.python}`, "interpreter", `Python ${request.python} is not installed here (needed for ${request.requirements.join(" ")}): pyenv install ${request.python}`);
  }
  try {
    const env = await ensureEnvironment({
      interpreter,
      requirements: request.requirements,
      cacheDir: path.join(referenceCacheDir(), "python"),
      ...(request.onLine === undefined ? {} : { onLine: request.onLine }),
    });
    return present(env);
  } catch (error) {
    if (!(error instanceof PythonEnvError)) throw error;
    const first = error.message.split("\n")[0] ?? error.message;
    return missing(request.reference, "pypi", `pip could not install ${request.requirements.join(" ")} on Python ${request.python}: ${first}`);
  }
}

function versionOrDefault(name: OverrideName, explicit: string | undefined, fallback: string): string | undefined {
  if (explicit !== undefined) return explicit;
  if (disabled(name)) return undefined;
  return override(name) ?? fallback;
}

function disabledRef<T>(name: string, variable: string): Reference<T> {
  return missing(`pypi:${name}`, "pypi", `${name} is disabled by ${variable}=none`);
}

/** A Python tool's console script in its cached env. */
export interface PythonTool {
  readonly version: string;
  /** Absolute path of the console script (`uv`, `tox`). */
  readonly bin: string;
  readonly env: PythonEnvironment;
}

async function consoleTool(name: "uv" | "tox", version: string | undefined): Promise<Reference<PythonTool>> {
  const pins = TOOL_PINS[name];
  const chosen = versionOrDefault(name, version, pins.current);
  if (chosen === undefined) return disabledRef(name, `PYFLINK_DEVKIT_REF_${name.toUpperCase()}`);
  const env = await pythonToolEnv({ python: pins.python, requirements: [`${name}==${chosen}`], reference: `pypi:${name}==${chosen}` });
  if (!env.ok) return env;
  return present({ version: chosen, bin: env.value.bin(name), env: env.value });
}

/** uv from PyPI: `uv()` the current pin, `uv(TOOL_PINS.uv.flink)` the one Flink's lint-python.sh uses. */
export function uv(version?: string): Promise<Reference<PythonTool>> {
  return consoleTool("uv", version);
}

/** tox from PyPI: `tox()` the current pin, `tox(TOOL_PINS.tox.flink)` Flink's tox==3.14.0. */
export function tox(version?: string): Promise<Reference<PythonTool>> {
  return consoleTool("tox", version);
}

/** The default Python for a protobuf runtime version (see PROTOBUF_RUNTIME_PYTHON). */
export function protobufRuntimePython(version: string): string {
  for (const row of PROTOBUF_RUNTIME_PYTHON) if (compareVersions(version, row.below) < 0) return row.python;
  return "3.12";
}

/** A venv with `protobuf==version` (to import generated _pb2 modules), on `python` or the default for that version. */
export async function protobufRuntime(version?: string, python?: string): Promise<Reference<PythonEnvironment & { readonly protobuf: string }>> {
  const chosen = versionOrDefault("protobuf", version, "6.31.1");
  if (chosen === undefined) return disabledRef("protobuf", "PYFLINK_DEVKIT_REF_PROTOBUF");
  const env = await pythonToolEnv({ python: python ?? protobufRuntimePython(chosen), requirements: [`protobuf==${chosen}`], reference: `pypi:protobuf==${chosen}` });
  return env.ok ? present({ ...env.value, protobuf: chosen }) : env;
}

/** The default Python for an apache-flink release (see APACHE_FLINK_PINS). */
export function apacheFlinkPython(version: string): string {
  for (const row of APACHE_FLINK_PINS.pythonFor) if (row.flink.test(version)) return row.python;
  return "3.11";
}

/** A venv with `apache-flink==version` (PyFlink with its pinned apache-beam, py4j, …) on `python`. */
export async function apacheFlink(version?: string, python?: string): Promise<Reference<PythonEnvironment & { readonly flink: string }>> {
  const chosen = versionOrDefault("apacheFlink", version, APACHE_FLINK_PINS.default);
  if (chosen === undefined) return disabledRef("apache-flink", "PYFLINK_DEVKIT_REF_APACHE_FLINK");
  const env = await pythonToolEnv({ python: python ?? apacheFlinkPython(chosen), requirements: [`apache-flink==${chosen}`], reference: `pypi:apache-flink==${chosen}` });
  return env.ok ? present({ ...env.value, flink: chosen }) : env;
}
