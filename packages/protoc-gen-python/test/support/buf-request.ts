// Compiles .proto files with the real buf into the CodeGeneratorRequest a
// protoc plugin would receive. Shared by the builder-style and legacy tests.

import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { create, fromBinary } from "@bufbuild/protobuf";
import { requirement } from "@pyflink-devkit/reference-tools";
import { CodeGeneratorRequestSchema, FileDescriptorSetSchema, type CodeGeneratorRequest } from "@bufbuild/protobuf/wkt";

const packageDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** buf from this package's devDependencies (@bufbuild/buf). */
export const bufBin = path.join(packageDir, "node_modules", ".bin", process.platform === "win32" ? "buf.cmd" : "buf");

export const bufAvailable = existsSync(bufBin);

/** buf as a reference tests skip on, with the reason recorded. */
export const bufRef = requirement(bufAvailable, "npm:@bufbuild/buf", "npm", "buf is not installed (run ./tools/setup, or pnpm install in packages/protoc-gen-python)");

export interface BufRequestInput {
  /** Directory the .proto import paths are relative to (buf's module root). */
  readonly root: string;
  /** Files to generate, relative to `root` (e.g. "a/b.proto"). */
  readonly files: readonly string[];
  /** The plugin parameter (e.g. "protobuf_python=3.21.12"). */
  readonly parameter?: string;
}

/**
 * Runs `buf build <root> --path <file>… --as-file-descriptor-set` (source info
 * included, imports and buf's well-known types included) and wraps the files
 * in a CodeGeneratorRequest, dependencies first as buf orders them.
 */
export function bufRequest(input: BufRequestInput): CodeGeneratorRequest {
  const args = ["build", input.root, "--as-file-descriptor-set", "-o", "-#format=binpb"];
  for (const file of input.files) args.push("--path", path.join(input.root, file));
  const out = execFileSync(bufBin, args, { maxBuffer: 256 * 1024 * 1024, stdio: ["ignore", "pipe", "pipe"] });
  const set = fromBinary(FileDescriptorSetSchema, new Uint8Array(out.buffer, out.byteOffset, out.byteLength));
  return create(CodeGeneratorRequestSchema, {
    fileToGenerate: [...input.files],
    parameter: input.parameter ?? "",
    protoFile: set.file,
  });
}
