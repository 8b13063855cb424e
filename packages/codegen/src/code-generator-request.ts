import { BinaryReader, BinaryWriter, WireType } from "@bufbuild/protobuf/wire";

/**
 * The CodeGeneratorRequest protoc would hand a plugin (the files to generate and every
 * FileDescriptorProto of buf's FileDescriptorSet, dependencies first) as wire bytes, built
 * straight from buf's output without decoding it: a
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
