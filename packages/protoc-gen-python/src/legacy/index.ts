// The legacy descriptor-style `_pb2.py` (protoc 3.5 … 3.19).

import { createFileRegistry, type DescFile } from "@bufbuild/protobuf";
import type { FileDescriptorProto } from "@bufbuild/protobuf/wkt";
import { serializeFileDescriptor } from "../serialized-descriptor.js";
import { LEGACY_RELEASES, legacyFormatFor } from "./formats.js";
import { generateLegacy } from "./generator.js";

export { LEGACY_RELEASES, LEGACY_FORMATS, legacyFormatFor, type LegacyFormat } from "./formats.js";

function collectFiles(file: DescFile, into: Map<string, FileDescriptorProto>): void {
  for (const dep of file.dependencies) {
    if (into.has(dep.proto.name)) continue;
    into.set(dep.proto.name, dep.proto);
    collectFiles(dep, into);
  }
}

/**
 * The `_pb2.py` protoc's built-in python generator of `release` (one of
 * LEGACY_RELEASES, e.g. "3.5.1") writes for `file`. The file's descriptor
 * should carry source_code_info (as a CodeGeneratorRequest's files to
 * generate do), so an explicit json_name can be told from buf's computed one.
 */
export function generateLegacyPython(file: DescFile, release: string): string {
  const format = legacyFormatFor(release);
  if (format === undefined) {
    throw new Error(
      `protobuf ${release} does not write the legacy descriptor-style _pb2.py; legacy releases are ${LEGACY_RELEASES.join(", ")}`,
    );
  }
  const files = new Map<string, FileDescriptorProto>();
  collectFiles(file, files);
  const serialized = serializeFileDescriptor(file.proto, {
    // Every legacy protoc keeps custom options as unknown fields, in source order.
    rules: { customOptionOrder: "source", stripSourceRetention: false },
    registry: () => createFileRegistry(file.proto, (name) => files.get(name)),
  });
  return generateLegacy({ serialized, files }, format);
}
