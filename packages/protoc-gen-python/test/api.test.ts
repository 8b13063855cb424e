// The public API beyond byte equality: options, plugin parameters, errors.

import { create } from "@bufbuild/protobuf";
import { CodeGeneratorRequestSchema } from "@bufbuild/protobuf/wkt";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { DEFAULT_PROTOBUF_PYTHON, PythonGeneratorError, generatePython, protocGenPython } from "../src/index.js";
import { skipUnless } from "@pyflink-devkit/reference-tools";
import { bufRef, bufRequest } from "./support/buf-request.js";

const corpus = path.join(path.dirname(fileURLToPath(import.meta.url)), "corpus");

describe("errors", () => {
  it("rejects an unsupported version, naming it and listing the supported ones", () => {
    const request = create(CodeGeneratorRequestSchema, {});
    expect(() => generatePython(request, { protobufPython: "2.6.1" })).toThrow(PythonGeneratorError);
    let message = "";
    try {
      generatePython(request, { protobufPython: "2.6.1" });
    } catch (error) {
      message = error instanceof Error ? error.message : "";
    }
    expect(message).toContain('"2.6.1" is not supported');
    for (const v of ["3.5.0", "3.21.12", "4.21.12", "4.25.8", "5.29.5", "6.31.1", "7.35.1"]) expect(message).toContain(v);
  });

  it("rejects a file_to_generate missing from proto_file", () => {
    const request = create(CodeGeneratorRequestSchema, { fileToGenerate: ["a.proto"] });
    expect(() => generatePython(request, { protobufPython: "6.31.1" })).toThrow(/"a\.proto" is listed in file_to_generate/);
  });

  it("rejects unknown plugin parameters", () => {
    const request = create(CodeGeneratorRequestSchema, { parameter: "python_version=3" });
    expect(() => protocGenPython.run(request)).toThrow(/unknown plugin parameter "python_version"/);
  });
});

describe("options", skipUnless(bufRef), () => {
  const request = (parameter = "") => bufRequest({ root: corpus, files: ["imports/base.proto"], parameter });

  it("writes .py and .pyi by default, only .py with pyi: false", () => {
    expect(generatePython(request(), { protobufPython: "6.31.1" }).map((f) => f.name).sort()).toEqual([
      "imports/base_pb2.py",
      "imports/base_pb2.pyi",
    ]);
    expect(generatePython(request(), { protobufPython: "6.31.1", pyi: false }).map((f) => f.name)).toEqual([
      "imports/base_pb2.py",
    ]);
  });

  it("the plugin defaults to DEFAULT_PROTOBUF_PYTHON and honours protobuf_python and pyi=false", () => {
    const byDefault = protocGenPython.run(request());
    expect(byDefault.file.find((f) => f.name.endsWith(".py"))?.content).toContain(
      `# Protobuf Python Version: ${DEFAULT_PROTOBUF_PYTHON}\n`,
    );
    const old = protocGenPython.run(request("protobuf_python=4.25.3,pyi=false"));
    expect(old.file.map((f) => f.name)).toEqual(["imports/base_pb2.py"]);
    expect(old.file[0]?.content).toContain("# Protobuf Python Version: 4.25.3\n");
    // proto3 optional is declared, so protoc hands such files to the plugin.
    expect(byDefault.supportedFeatures).toBe(1n);
  });
});
