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
  const chunks: Uint8Array[] = [];
  const encoder = new TextEncoder();
  for (const file of filesToGenerate) {
    const name = encoder.encode(file);
    chunks.push(Uint8Array.of(0x0a), varint(name.length), name);
  }
  let pos = 0;
  while (pos < descriptorSet.length) {
    const [tag, afterTag] = readVarint(descriptorSet, pos);
    const wireType = tag & 7;
    if (wireType !== 2) throw new Error(`unexpected wire type ${wireType} in a FileDescriptorSet at byte ${pos}`);
    const [length, start] = readVarint(descriptorSet, afterTag);
    const end = start + length;
    // Field 1 (file) becomes proto_file (15, length-delimited: tag byte 0x7a); nothing else is expected.
    if (tag >>> 3 === 1) chunks.push(Uint8Array.of(0x7a), varint(length), descriptorSet.subarray(start, end));
    pos = end;
  }
  const out = new Uint8Array(chunks.reduce((sum, c) => sum + c.length, 0));
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

function varint(value: number): Uint8Array {
  const bytes: number[] = [];
  let v = value;
  while (v > 0x7f) {
    bytes.push((v & 0x7f) | 0x80);
    v = Math.floor(v / 128);
  }
  bytes.push(v);
  return Uint8Array.from(bytes);
}

function readVarint(bytes: Uint8Array, start: number): [number, number] {
  let value = 0;
  let factor = 1;
  let pos = start;
  for (;;) {
    const byte = bytes[pos++];
    if (byte === undefined) throw new Error("truncated varint in a FileDescriptorSet");
    value += (byte & 0x7f) * factor;
    if (byte < 0x80) return [value, pos];
    factor *= 128;
  }
}
