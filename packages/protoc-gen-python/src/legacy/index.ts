// The legacy descriptor-style `_pb2.py` (protoc 3.5 … 3.19).

import { createFileRegistry, type DescFile } from "@bufbuild/protobuf";
import type { DescriptorProto, FileDescriptorProto } from "@bufbuild/protobuf/wkt";
import { PythonGeneratorError, sourcePosition } from "../python-generator-error.js";
import { serializeFileDescriptor } from "../serialized-descriptor.js";
import { LEGACY_RELEASES, legacyFormatFor, type LegacyFormat } from "./formats.js";
import { generateLegacy } from "./generator.js";

export { LEGACY_RELEASES, LEGACY_FORMATS, legacyFormatFor, type LegacyFormat } from "./formats.js";

/** Every file `file` imports, directly or not, by name. */
function collectDependencies(file: DescFile, into: Map<string, DescFile>): Map<string, DescFile> {
  for (const dep of file.dependencies) {
    if (into.has(dep.proto.name)) continue;
    into.set(dep.proto.name, dep);
    collectDependencies(dep, into);
  }
  return into;
}

// SourceCodeInfo path numbers of the descriptor fields that hold fields and nested scopes.
const FILE_MESSAGES = 4;
const FILE_EXTENSIONS = 7;
const MESSAGE_FIELDS = 2;
const MESSAGE_NESTED = 3;
const MESSAGE_EXTENSIONS = 6;

/** The path and name of the first proto3 `optional` field or extension of `messages`, if any. */
function findProto3Optional(messages: readonly DescriptorProto[], prefix: readonly number[]): { path: number[]; name: string } | undefined {
  for (const [i, message] of messages.entries()) {
    const scope = [...prefix, i];
    for (const [listNumber, fields] of [[MESSAGE_FIELDS, message.field], [MESSAGE_EXTENSIONS, message.extension]] as const) {
      const index = fields.findIndex((f) => f.proto3Optional);
      const field = fields[index];
      if (field !== undefined) return { path: [...scope, listNumber, index], name: field.name };
    }
    const nested = findProto3Optional(message.nestedType, [...scope, MESSAGE_NESTED]);
    if (nested !== undefined) return nested;
  }
  return undefined;
}

/** What the generator of `release` cannot write, as protoc reports it, at the file's source position. */
function checkSupported(file: FileDescriptorProto, format: LegacyFormat, release: string): void {
  if (file.syntax !== "" && file.syntax !== "proto2" && file.syntax !== "proto3") {
    throw new PythonGeneratorError(
      `${file.name}: uses ${file.syntax === "editions" ? "editions" : `syntax "${file.syntax}"`}, but the python generator of protobuf ${release} knows proto2 and proto3 only; pick a newer --protobuf-python (editions need 5.27 or newer).`,
    );
  }
  if (format.proto3Optional) return;
  const extension = file.extension.findIndex((f) => f.proto3Optional);
  const extensionName = file.extension[extension]?.name;
  const found =
    extensionName !== undefined
      ? { path: [FILE_EXTENSIONS, extension], name: extensionName }
      : findProto3Optional(file.messageType, [FILE_MESSAGES]);
  if (found === undefined) return;
  // protoc stops here too: generators before 3.12 do not declare FEATURE_PROTO3_OPTIONAL.
  throw new PythonGeneratorError(
    `${sourcePosition(file, found.path)}: field ${found.name} is a proto3 optional field, which the python generator of protobuf ${release} does not support (it came with 3.12); pick --protobuf-python 3.12.0 or newer, or drop the optional label.`,
  );
}

/**
 * The `_pb2.py` protoc's built-in python generator of `release` (one of
 * LEGACY_RELEASES, e.g. "3.5.1") writes for `file`. The file's descriptor
 * should carry source_code_info (as a CodeGeneratorRequest's files to
 * generate do), so an explicit json_name can be told from buf's computed one
 * and an unsupported feature can be reported at its source position.
 */
export function generateLegacyPython(file: DescFile, release: string): string {
  const format = legacyFormatFor(release);
  if (format === undefined) {
    throw new PythonGeneratorError(
      `protobuf ${release} does not write the legacy descriptor-style _pb2.py; legacy releases are ${LEGACY_RELEASES.join(", ")}.`,
    );
  }
  checkSupported(file.proto, format, release);
  const dependencies = collectDependencies(file, new Map());
  const serialized = serializeFileDescriptor(file.proto, {
    // Every legacy protoc keeps custom options as unknown fields, in source order.
    rules: { customOptionOrder: "source", stripSourceRetention: false },
    // Resolved files, not protos: the registry then needs no import order (a proto-level
    // resolver adds imports of imports in discovery order, which breaks on deep graphs).
    registry: () => createFileRegistry(file.proto, (name) => dependencies.get(name)),
  });
  const files = new Map([...dependencies].map(([name, dep]) => [name, dep.proto] as const));
  return generateLegacy({ serialized, files }, format);
}
