// A compiler's FileDescriptorSet (buf build, protoc --descriptor_set_out) as the
// CodeGeneratorRequest protoc would hand this plugin. Part of the package so a caller
// decodes with the same protobuf-es the generator runs on (one copy loaded, not two).

import { create, fromBinary } from "@bufbuild/protobuf";
import { CodeGeneratorRequestSchema, FileDescriptorSetSchema, type CodeGeneratorRequest } from "@bufbuild/protobuf/wkt";

/**
 * The request for `filesToGenerate` (names as in the set) with every file of `descriptorSet`
 * (dependencies first, as buf and protoc write them) as its proto_file.
 */
export function requestFromDescriptorSet(
  descriptorSet: Uint8Array,
  filesToGenerate: readonly string[],
  parameter = "",
): CodeGeneratorRequest {
  const set = fromBinary(FileDescriptorSetSchema, descriptorSet);
  return create(CodeGeneratorRequestSchema, { fileToGenerate: [...filesToGenerate], parameter, protoFile: set.file });
}
