import type { CodeGeneratorRequest } from "@bufbuild/protobuf/wkt";
import { CodegenError } from "./codegen-error.js";
import { prependLicenseHeader } from "./license-header.js";

export interface PythonBindingsOptions {
  /** The protobuf Python release whose generated code to reproduce, e.g. "6.31.1". */
  readonly protobufPython: string;
  /** Also write `_pb2.pyi` stubs; undefined = when the release has a pyi generator. */
  readonly pyi: boolean | undefined;
  /** Text put before every file (Flink's license header), or undefined for none. */
  readonly licenseHeader: string | undefined;
}

/** The Python generator, loaded only when something has to be generated. */
export function loadPythonGenerator(): Promise<typeof import("@pyflink-devkit/protoc-gen-python")> {
  return import("@pyflink-devkit/protoc-gen-python");
}

export interface RelativeOutput {
  /** Path relative to the output directory, as protoc would name it ("a/b/c_pb2.py"). */
  readonly name: string;
  readonly content: string;
}

/** Runs the Python generator in-process (it is a library, not a child process). */
export async function generatePythonBindings(request: CodeGeneratorRequest, options: PythonBindingsOptions): Promise<RelativeOutput[]> {
  const plugin = await loadPythonGenerator();
  if (!plugin.SUPPORTED_PROTOBUF_PYTHON.includes(options.protobufPython)) {
    throw new CodegenError(
      `--protobuf-python ${options.protobufPython} is not supported. Supported versions: ${summarizeVersions(plugin.SUPPORTED_PROTOBUF_PYTHON)}. Pick the protobuf release your Python code runs with (default ${plugin.DEFAULT_PROTOBUF_PYTHON}).`,
    );
  }
  let files: readonly { readonly name: string; readonly content: string }[];
  try {
    files = plugin.generatePython(request, options.pyi === undefined ? { protobufPython: options.protobufPython } : { protobufPython: options.protobufPython, pyi: options.pyi });
  } catch (error) {
    if (error instanceof plugin.PythonGeneratorError) {
      throw new CodegenError(`The Python generator rejected the protos: ${error.message}`, { cause: error });
    }
    throw error;
  }
  // By name, so a module's .py comes before its .pyi in every listing.
  return [...files]
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((file) => ({ name: file.name, content: prependLicenseHeader(file.content, options.licenseHeader) }));
}

/** "3.5.0, 3.5.1, 3.5.2, 3.6.0" → "3.5.0–3.5.2, 3.6.0": every version stays findable, the list stays short. */
export function summarizeVersions(versions: readonly string[]): string {
  const groups = new Map<string, string[]>();
  for (const version of versions) {
    const series = version.split(".").slice(0, 2).join(".");
    const group = groups.get(series);
    if (group === undefined) groups.set(series, [version]);
    else group.push(version);
  }
  return [...groups.values()].map((group) => (group.length === 1 ? (group[0] ?? "") : `${group[0] ?? ""}–${group[group.length - 1] ?? ""}`)).join(", ");
}
