// The protoc plugin: protoc (or buf) hands a CodeGeneratorRequest over stdin, gets the files back.

import { create } from "@bufbuild/protobuf";
import {
  CodeGeneratorResponse_Feature,
  CodeGeneratorResponseSchema,
  type CodeGeneratorRequest,
  type CodeGeneratorResponse,
} from "@bufbuild/protobuf/wkt";
import type { Plugin } from "@bufbuild/protoplugin";
import { DEFAULT_PROTOBUF_PYTHON, generatePython, type PythonGeneratorOptions } from "./generate-python.js";
import { PythonGeneratorError } from "./python-generator-error.js";

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
