import { BinaryReader, BinaryWriter, WireType } from "@bufbuild/protobuf/wire";
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

/**
 * The same request as wire bytes, built straight from buf's output without decoding it: a
 * FileDescriptorSet is `repeated FileDescriptorProto file = 1`, a CodeGeneratorRequest carries
 * the same messages as `proto_file = 15` after its `file_to_generate = 1` strings. Lets the
 * ts-proto thread start the moment buf returns.
 */
export function requestBytesFromDescriptorSet(descriptorSet: Uint8Array, filesToGenerate: readonly string[]): Uint8Array {
  const writer = new BinaryWriter();
  for (const file of filesToGenerate) writer.tag(1, WireType.LengthDelimited).string(file);
  const reader = new BinaryReader(descriptorSet);
  while (reader.pos < reader.len) {
    const start = reader.pos;
    const [no, wireType] = reader.tag();
    if (wireType !== WireType.LengthDelimited) throw new Error(`unexpected wire type ${wireType} in a FileDescriptorSet at byte ${start}`);
    const file = reader.bytes();
    // Field 1 (file) becomes proto_file; nothing else is expected.
    if (no === 1) writer.tag(15, WireType.LengthDelimited).bytes(file);
  }
  return writer.finish();
}
