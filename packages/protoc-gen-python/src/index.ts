// Public API of @pyflink-devkit/protoc-gen-python: `_pb2.py` / `_pb2.pyi`
// byte-identical to what protoc's built-in python/pyi generators of a chosen
// protobuf release write, from a CodeGeneratorRequest (buf's or protoc's).

import { create, createFileRegistry, type FileRegistry } from "@bufbuild/protobuf";
import {
  CodeGeneratorResponse_Feature,
  CodeGeneratorResponseSchema,
  FileDescriptorSetSchema,
  type CodeGeneratorRequest,
  type CodeGeneratorResponse,
  type FileDescriptorProto,
} from "@bufbuild/protobuf/wkt";
import type { Plugin } from "@bufbuild/protoplugin";
import { indexFiles } from "./builder/model.js";
import { outputFileName } from "./builder/names.js";
import { generatePyi } from "./builder/pyi-generator.js";
import { generateBuilderPython } from "./builder/python-generator.js";
import { generateLegacyPython } from "./legacy/index.js";
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

/** The one error type of this package; the message names the input, the problem and the fix. */
export class PythonGeneratorError extends Error {
  override name = "PythonGeneratorError";
}

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
    return targets.map((file) => {
      const desc = getRegistry().getFile(file.name);
      if (desc === undefined) throw new PythonGeneratorError(`"${file.name}" could not be resolved from the request.`);
      return { name: outputFileName(file.name, ".py"), content: generateLegacyPython(desc, release.python) };
    });
  }
  return generateBuilder(request, targets, release, options.pyi ?? true, getRegistry);
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
  for (const file of targets) {
    const serialized = serializeFileDescriptor(file, {
      rules: {
        customOptionOrder: release.py.customOptionOrder,
        stripSourceRetention: release.py.stripsSourceRetention,
      },
      registry: getRegistry,
    });
    if (pyi) {
      // protoc runs the pyi generator first when both are asked for; the order of the response does not matter to writers.
      out.push({
        name: outputFileName(file.name, ".pyi"),
        content: generatePyi({ index, file: serialized.proto, format: release.pyi, keywords: release.py.keywords }),
      });
    }
    out.push({
      name: outputFileName(file.name, ".py"),
      content: generateBuilderPython({ index, serialized, release }),
    });
  }
  return out;
}

/** Parses "protobuf_python=6.31.1,pyi=false" (protoc's `--x_opt` / `--x_out=<params>:dir`). */
function parseParameter(parameter: string): PythonGeneratorOptions {
  let protobufPython = DEFAULT_PROTOBUF_PYTHON;
  let pyi: boolean | undefined;
  for (const part of parameter.split(",")) {
    const trimmed = part.trim();
    if (trimmed === "") continue;
    const eq = trimmed.indexOf("=");
    const key = eq < 0 ? trimmed : trimmed.slice(0, eq);
    const value = eq < 0 ? "" : trimmed.slice(eq + 1);
    if (key === "protobuf_python") {
      protobufPython = value;
    } else if (key === "pyi") {
      if (value !== "true" && value !== "false") {
        throw new PythonGeneratorError(`plugin parameter pyi=${value} is not a boolean; write pyi=true or pyi=false.`);
      }
      pyi = value === "true";
    } else {
      throw new PythonGeneratorError(
        `unknown plugin parameter "${key}"; accepted: protobuf_python=<version>, pyi=true|false.`,
      );
    }
  }
  return pyi === undefined ? { protobufPython } : { protobufPython, pyi };
}

/** The protoc plugin: parameter "protobuf_python=<version>" (default DEFAULT_PROTOBUF_PYTHON) and "pyi=false". */
export const protocGenPython: Plugin = {
  name: "protoc-gen-python",
  version: "v0.1.0",
  run(request: CodeGeneratorRequest): CodeGeneratorResponse {
    const options = parseParameter(request.parameter);
    const files = generatePython(request, options);
    return create(CodeGeneratorResponseSchema, {
      supportedFeatures: BigInt(CodeGeneratorResponse_Feature.PROTO3_OPTIONAL),
      file: files.map((f) => ({ name: f.name, content: f.content })),
    });
  },
};
