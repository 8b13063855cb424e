import type { CodeGeneratorRequest } from "@bufbuild/protobuf/wkt";

/**
 * The CodeGeneratorRequest protoc would hand a plugin: the files to generate, the parameter, and
 * every FileDescriptorProto (dependencies first) from buf's FileDescriptorSet.
 */
export async function buildCodeGeneratorRequest(
  descriptorSet: Uint8Array,
  filesToGenerate: readonly string[],
  parameter = "",
): Promise<CodeGeneratorRequest> {
  const [{ create, fromBinary }, { CodeGeneratorRequestSchema, FileDescriptorSetSchema }] = await Promise.all([
    import("@bufbuild/protobuf"),
    import("@bufbuild/protobuf/wkt"),
  ]);
  const set = fromBinary(FileDescriptorSetSchema, descriptorSet);
  return create(CodeGeneratorRequestSchema, { fileToGenerate: [...filesToGenerate], parameter, protoFile: set.file });
}

