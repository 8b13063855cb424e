// generatePython: `_pb2.py` / `_pb2.pyi` for every file to generate of a CodeGeneratorRequest,
// as protoc's python and pyi generators of one protobuf release write them.

import { create, createFileRegistry, type FileRegistry } from "@bufbuild/protobuf";
import { FileDescriptorSetSchema, type CodeGeneratorRequest, type FileDescriptorProto } from "@bufbuild/protobuf/wkt";
import { indexFiles } from "./builder/model.js";
import { outputFileName } from "./builder/names.js";
import { generatePyi } from "./builder/pyi-generator.js";
import { generateBuilderPython } from "./builder/python-generator.js";
import { generateLegacyPython } from "./legacy/index.js";
import { PythonGeneratorError } from "./python-generator-error.js";
import { findRelease, SUPPORTED_VERSIONS, type BuilderRelease, type Release } from "./releases.js";
import { serializeFileDescriptor } from "./serialized-descriptor.js";

export interface GeneratedFile {
  /** Path relative to the output directory, e.g. "a/b/c_pb2.py". */
  readonly name: string;
  readonly content: string;
}

export interface PythonGeneratorOptions {
  /** The protobuf Python package version to imitate, e.g. "6.31.1" (see SUPPORTED_PROTOBUF_PYTHON). */
  readonly protobufPython: string;
  /** Also write `_pb2.pyi` (default: true where the release has a pyi generator, i.e. 3.20+). */
  readonly pyi?: boolean;
}

/** Every accepted `protobufPython` value, oldest first (Python package versions, plus 3.21.x for protoc's own spelling of 4.21.x). */
export const SUPPORTED_PROTOBUF_PYTHON: readonly string[] = SUPPORTED_VERSIONS;

/** What Flink pins today (grpcio-tools 1.80.0 writes `# Protobuf Python Version: 6.31.1`). */
export const DEFAULT_PROTOBUF_PYTHON = "6.31.1";

function requireRelease(version: string): Release {
  const release = findRelease(version);
  if (release === undefined) {
    throw new PythonGeneratorError(
      `protobuf Python version "${version}" is not supported. Pick one of: ${SUPPORTED_PROTOBUF_PYTHON.join(", ")}.`,
    );
  }
  return release;
}

/**
 * One `_pb2.py` (and, from 3.20 on, one `_pb2.pyi`) per file_to_generate of
 * `request`, as protoc's python generator of `options.protobufPython` writes them.
 */
export function generatePython(request: CodeGeneratorRequest, options: PythonGeneratorOptions): GeneratedFile[] {
  const release = requireRelease(options.protobufPython);
  const byName = new Map<string, FileDescriptorProto>(request.protoFile.map((f) => [f.name, f]));
  const targets = request.fileToGenerate.map((name) => {
    const file = byName.get(name);
    if (file === undefined) {
      throw new PythonGeneratorError(
        `"${name}" is listed in file_to_generate but missing from proto_file of the CodeGeneratorRequest; pass the compiler's full request.`,
      );
    }
    return file;
  });
  // Built at most once, and only when a file needs it (custom options, legacy family).
  let registry: FileRegistry | undefined;
  const getRegistry = (): FileRegistry => {
    registry ??= createFileRegistry(create(FileDescriptorSetSchema, { file: request.protoFile }));
    return registry;
  };

  if (release.family === "legacy") {
    if (options.pyi === true) {
      throw new PythonGeneratorError(
        `protobuf ${release.python} has no pyi generator (it came with 3.20); drop pyi or pick protobuf 3.20 or newer.`,
      );
    }
    return targets.map((file) =>
      naming(file, () => {
        const desc = getRegistry().getFile(file.name);
        if (desc === undefined) throw new PythonGeneratorError(`"${file.name}" could not be resolved from the request.`);
        return { name: outputFileName(file.name, ".py"), content: generateLegacyPython(desc, release.python) };
      }),
    );
  }
  return generateBuilder(request, targets, release, options.pyi ?? true, getRegistry);
}

/**
 * Runs the generation of one file; an error that is not already ours (a bug, or a descriptor
 * we did not expect) becomes a PythonGeneratorError naming the file, so a many-file run says
 * which one failed instead of an anonymous stack.
 */
function naming<T>(file: FileDescriptorProto, generate: () => T): T {
  try {
    return generate();
  } catch (error) {
    if (error instanceof PythonGeneratorError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new PythonGeneratorError(
      `${file.name}: the Python generator failed (${reason}); no file was written. Please report it with this .proto attached.`,
      { cause: error },
    );
  }
}

function generateBuilder(
  request: CodeGeneratorRequest,
  targets: readonly FileDescriptorProto[],
  release: BuilderRelease,
  pyi: boolean,
  getRegistry: () => FileRegistry,
): GeneratedFile[] {
  const index = indexFiles(request.protoFile);
  const out: GeneratedFile[] = [];
  for (const file of targets) out.push(...naming(file, () => generateBuilderFile(file, index, release, pyi, getRegistry)));
  return out;
}

function generateBuilderFile(
  file: FileDescriptorProto,
  index: ReturnType<typeof indexFiles>,
  release: BuilderRelease,
  pyi: boolean,
  getRegistry: () => FileRegistry,
): GeneratedFile[] {
  const serialized = serializeFileDescriptor(file, {
    rules: {
      customOptionOrder: release.py.customOptionOrder,
      stripSourceRetention: release.py.stripsSourceRetention,
      keepEmptiedOptions: release.py.keepsEmptiedOptions,
    },
    registry: getRegistry,
  });
  const py = { name: outputFileName(file.name, ".py"), content: generateBuilderPython({ index, serialized, release }) };
  if (!pyi) return [py];
  // protoc runs the pyi generator first when both are asked for; the order of the response does not matter to writers.
  const stub = generatePyi({ index, file: serialized.proto, format: release.pyi, keywords: release.py.keywords });
  return [{ name: outputFileName(file.name, ".pyi"), content: stub }, py];
}
