// The ts-proto thread's request bytes, built by re-tagging buf's output, against protobuf-es
// decoding buf's set and encoding a CodeGeneratorRequest (an independent encoder).
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import { create, equals, fromBinary, toBinary } from "@bufbuild/protobuf";
import { CodeGeneratorRequestSchema, FileDescriptorSetSchema } from "@bufbuild/protobuf/wkt";
import { describe, expect, it } from "vitest";
import { requestBytesFromDescriptorSet } from "../src/code-generator-request.js";
import { repoRoot } from "./support/cli.js";

const bufBin = path.join(path.dirname(createRequire(import.meta.url).resolve("@bufbuild/buf/package.json")), "bin", "buf");

describe("requestBytesFromDescriptorSet", () => {
  it("equals protobuf-es's CodeGeneratorRequest for buf's descriptor set of proto/", () => {
    const set = new Uint8Array(execFileSync(process.execPath, [bufBin, "build", path.join(repoRoot, "proto"), "--as-file-descriptor-set", "-o", "-#format=binpb"]));
    const files = ["flink-fn-execution.proto"];
    const ours = requestBytesFromDescriptorSet(set, files);
    const reference = create(CodeGeneratorRequestSchema, { fileToGenerate: files, protoFile: fromBinary(FileDescriptorSetSchema, set).file });
    expect(equals(CodeGeneratorRequestSchema, fromBinary(CodeGeneratorRequestSchema, ours), reference)).toBe(true);
    expect(Buffer.from(ours).equals(Buffer.from(toBinary(CodeGeneratorRequestSchema, reference)))).toBe(true);
  });
});
