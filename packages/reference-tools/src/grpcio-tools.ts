import { run, type RunOptions, type RunResult } from "@pyflink-devkit/runner";
import type { PythonEnvironment } from "@pyflink-devkit/python-env";
import type { GrpcioToolsEntry } from "./grpcio-tools-entry.js";
import { GRPCIO_TOOLS_MATRIX } from "./grpcio-tools-matrix.js";
import { disabled, override } from "./overrides.js";
import { parseLibprotocVersion, protobufPythonForLibprotoc } from "./protobuf-release.js";
import { pythonToolEnv } from "./python-tools.js";
import { missing, present, type Reference } from "./reference.js";
import { ReferenceToolsError } from "./reference-tools-error.js";

/** A real protoc release: grpcio-tools from PyPI in a cached venv. */
export interface GrpcioTools {
  readonly grpcioTools: string;
  /** Read from the installed tool (`python -m grpc_tools.protoc --version`). */
  readonly libprotoc: string;
  /** The protobuf Python release that libprotoc generates for. */
  readonly protobufPython: string;
  readonly env: PythonEnvironment;
  /** Runs `python -m grpc_tools.protoc <args>` (the bundled well-known types are on its include path). */
  protoc(args: readonly string[], options?: RunOptions): Promise<RunResult>;
}

/** The matrix row for a grpcio-tools version, or for a protobuf Python release ("6.31.1") it generates for. */
export function grpcioToolsEntry(version: string): GrpcioToolsEntry | undefined {
  return GRPCIO_TOOLS_MATRIX.find((row) => row.grpcioTools === version) ?? GRPCIO_TOOLS_MATRIX.find((row) => row.protobufPython === version);
}

function newest(): GrpcioToolsEntry {
  const first = GRPCIO_TOOLS_MATRIX[0];
  if (first === undefined) throw new ReferenceToolsError("the grpcio-tools matrix is empty; run `pnpm --filter @pyflink-devkit/reference-tools update-matrix`.");
  return first;
}

/**
 * grpcio-tools `version` (a grpcio-tools version or the protobuf Python release wanted; default
 * $PYFLINK_DEVKIT_REF_GRPCIO_TOOLS, else the newest in the matrix), installed on its matrix Python.
 */
export async function grpcioTools(version?: string): Promise<Reference<GrpcioTools>> {
  if (version === undefined && disabled("grpcioTools")) return missing("pypi:grpcio-tools", "pypi", "grpcio-tools is disabled by PYFLINK_DEVKIT_REF_GRPCIO_TOOLS=none");
  const wanted = version ?? override("grpcioTools") ?? newest().grpcioTools;
  const entry = grpcioToolsEntry(wanted);
  if (entry === undefined) {
    const known = GRPCIO_TOOLS_MATRIX.map((row) => `${row.grpcioTools} (${row.protobufPython})`).join(", ");
    throw new ReferenceToolsError(`grpcio-tools ${wanted} is not in the reference matrix (src/grpcio-tools-matrix.ts). Pick one of: ${known}; or add it with update-matrix.`);
  }
  const reference = `pypi:grpcio-tools==${entry.grpcioTools}`;
  const env = await pythonToolEnv({ python: entry.python, requirements: [`grpcio-tools==${entry.grpcioTools}`, `grpcio==${entry.grpcioTools}`], reference });
  if (!env.ok) return env;
  const python = env.value.python;
  const protoc = (args: readonly string[], options?: RunOptions): Promise<RunResult> => run(python, ["-m", "grpc_tools.protoc", ...args], options);
  const libprotoc = parseLibprotocVersion((await protoc(["--version"])).stdout);
  return present({ grpcioTools: entry.grpcioTools, libprotoc, protobufPython: protobufPythonForLibprotoc(libprotoc), env: env.value, protoc });
}
