// The FileDescriptorProto bytes exactly as protoc embeds them in `_pb2.py`.
//
// protoc serializes with C++, which writes known fields in field-number order
// (protobuf-es writes declaration order, which differs for descriptor.proto's
// messages) and keeps custom options either as unknown fields in the order they
// were written (old releases) or as parsed extensions in field-number order
// (releases that run StripSourceRetentionOptions). The compiler front end (buf,
// or protoc when we run as a plugin) also sets json_name on every field, while
// protoc's own generator only keeps a json_name written in the .proto.
//
// Approach: normalize the protobuf-es message (json_name, source_code_info,
// unknown-field order), let protobuf-es write it, then reorder the wire records
// of every message by the schema — a reorder keeps every length, except where
// source-retention options are dropped, so lengths are re-encoded on the way up.

import {
  clearField,
  clone,
  toBinary,
  type DescExtension,
  type DescField,
  type DescMessage,
  type MessageShape,
  type Registry,
} from "@bufbuild/protobuf";
import { protoCamelCase } from "@bufbuild/protobuf/reflect";
import { BinaryReader, BinaryWriter, WireType } from "@bufbuild/protobuf/wire";
import {
  FieldDescriptorProto_Type,
  EnumOptionsSchema,
  EnumValueOptionsSchema,
  ExtensionRangeOptionsSchema,
  FieldDescriptorProtoSchema,
  FieldOptions_OptionRetention,
  FieldOptionsSchema,
  FileDescriptorProtoSchema,
  FileOptionsSchema,
  MessageOptionsSchema,
  MethodOptionsSchema,
  OneofOptionsSchema,
  ServiceOptionsSchema,
  type DescriptorProto,
  type EnumDescriptorProto,
  type FieldDescriptorProto,
  type FileDescriptorProto,
  type ServiceDescriptorProto,
} from "@bufbuild/protobuf/wkt";
import { canonicalFloatingDefault } from "./protoc-number-format.js";

/** How protoc orders custom options (extensions of the *Options messages). */
export type CustomOptionOrder =
  /** ≤ 22.x: kept as unknown fields, in the order the .proto wrote them, after all known fields. */
  | "source"
  /** ≥ 23.x: re-parsed as extensions, so every field is in field-number order. */
  | "field-number";

export interface DescriptorSerializationRules {
  readonly customOptionOrder: CustomOptionOrder;
  /** Drop options whose extension is declared `retention = RETENTION_SOURCE` (≥ 23.x). */
  readonly stripSourceRetention: boolean;
  /**
   * Keep an options message that stripping left empty, as an empty record (23.x: protoc 23.4
   * writes `B\x00`); later releases drop it.
   */
  readonly keepEmptiedOptions?: boolean;
}

export interface SerializeFileDescriptorOptions {
  readonly rules: DescriptorSerializationRules;
  /**
   * Resolves custom options (extensions) so their message values are written
   * canonically and source-retention ones can be dropped. Usually a
   * `createFileRegistry` over the request's `proto_file`; built only when the
   * file has custom options, hence a thunk.
   */
  readonly registry?: () => Registry | undefined;
}

export interface SerializedFileDescriptor {
  /** The normalized proto: explicit json_name only, no source_code_info, options reordered. */
  readonly proto: FileDescriptorProto;
  /** The serialized file descriptor as protoc embeds it. */
  readonly bytes: Uint8Array;
  /** Canonical bytes of any message of `proto` (a DescriptorProto, options, …). */
  serialize<Desc extends DescMessage>(schema: Desc, message: MessageShape<Desc>): Uint8Array;
  /**
   * Offsets of a message of `proto` in `bytes`, found the way protoc finds
   * them (first occurrence of its serialization) for `_serialized_start/_end`.
   */
  span<Desc extends DescMessage>(schema: Desc, message: MessageShape<Desc>): { readonly start: number; readonly end: number };
}

/** Serializes one file of a CodeGeneratorRequest the way protoc's python generator does. */
export function serializeFileDescriptor(
  file: FileDescriptorProto,
  options: SerializeFileDescriptorOptions,
): SerializedFileDescriptor {
  // Built at most once per file, and only if some custom option needs it.
  let registry: Registry | undefined | null = null;
  const getRegistry = (): Registry | undefined => {
    if (registry === null) registry = options.registry?.();
    return registry;
  };
  const proto = normalizeFileDescriptorProto(file, options.rules, getRegistry);
  const canonicalizer = createCanonicalizer(options.rules, getRegistry);
  const bytes = canonicalizer(FileDescriptorProtoSchema, toBinary(FileDescriptorProtoSchema, proto));
  const haystack = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const serialize = <Desc extends DescMessage>(schema: Desc, message: MessageShape<Desc>): Uint8Array =>
    canonicalizer(schema, toBinary(schema, message));
  let embedded: ReadonlyMap<object, Uint8Array> | undefined;
  return {
    proto,
    bytes,
    serialize,
    span(schema, message) {
      // A message's own serialization is the payload it has inside `bytes` (canonicalization
      // works the same at every depth), so it is read from there instead of being serialized
      // again for every message and every nesting level.
      embedded ??= embeddedSerializations(proto, bytes);
      const needle = embedded.get(message) ?? serialize(schema, message);
      const start = haystack.indexOf(needle);
      if (start < 0) {
        // Cannot happen for a message of `proto`; a bug here must not write a wrong offset silently.
        throw new Error(`internal: ${schema.typeName} not found in the serialized descriptor of ${proto.name}`);
      }
      return { start, end: start + needle.length };
    },
  };
}

/** The repeated fields whose elements get a `_serialized_start/_end`, and whether each is a DescriptorProto (which has such fields of its own). */
const FILE_SCOPES: readonly (readonly [number, (f: FileDescriptorProto) => readonly object[], boolean])[] = [
  [4, (f) => f.messageType, true],
  [5, (f) => f.enumType, false],
  [6, (f) => f.service, false],
];
const MESSAGE_SCOPES: readonly (readonly [number, (m: DescriptorProto) => readonly object[], boolean])[] = [
  [3, (m) => m.nestedType, true],
  [4, (m) => m.enumType, false],
];

/**
 * The payload of every message, nested message, enum and service of `proto` inside its
 * serialization `bytes`: the n-th record of a repeated field is the n-th element of the list
 * (canonical order keeps repeated fields in order).
 */
function embeddedSerializations(proto: FileDescriptorProto, bytes: Uint8Array): Map<object, Uint8Array> {
  const found = new Map<object, Uint8Array>();
  const scan = <T>(payload: Uint8Array, owner: T, scopes: readonly (readonly [number, (o: T) => readonly object[], boolean])[]): void => {
    const seen = new Map<number, number>();
    for (const record of readRecords(payload)) {
      const scope = scopes.find(([no]) => no === record.no);
      if (scope === undefined || record.wireType !== WireType.LengthDelimited) continue;
      const index = seen.get(record.no) ?? 0;
      seen.set(record.no, index + 1);
      const element = scope[1](owner)[index];
      if (element === undefined) continue;
      const inner = payload.subarray(record.payloadStart, record.end);
      found.set(element, inner);
      if (scope[2]) scan(inner, element as DescriptorProto, MESSAGE_SCOPES);
    }
  };
  scan(bytes, proto, FILE_SCOPES);
  return found;
}

// ---------------------------------------------------------------------------
// Normalization of the protobuf-es message.

/** One option assignment as written in the .proto: its field number and, for `(opt).sub = …`, the rest of the path. */
interface OptionStatement {
  readonly no: number;
  readonly rest: readonly number[];
}

interface SourcePaths {
  readonly present: boolean;
  readonly has: (path: readonly number[]) => boolean;
  /** The option assignments of the options message at `optionsPath`, in source order. */
  readonly optionStatements: (optionsPath: readonly number[]) => readonly OptionStatement[];
}

/** Whether span `inner` lies within span `outer` (spans are [line, col, endCol] or [line, col, endLine, endCol]). */
function spanContains(outer: readonly number[], inner: readonly number[]): boolean {
  const norm = (s: readonly number[]): [number, number, number, number] =>
    s.length === 3 ? [s[0] ?? 0, s[1] ?? 0, s[0] ?? 0, s[2] ?? 0] : [s[0] ?? 0, s[1] ?? 0, s[2] ?? 0, s[3] ?? 0];
  const [l1, c1, el1, ec1] = norm(outer);
  const [l2, c2, el2, ec2] = norm(inner);
  const startsAfter = l2 > l1 || (l2 === l1 && c2 >= c1);
  const endsBefore = el2 < el1 || (el2 === el1 && ec2 <= ec1);
  return startsAfter && endsBefore;
}

function indexSourcePaths(file: FileDescriptorProto): SourcePaths {
  const locations = file.sourceCodeInfo?.location ?? [];
  let all: Set<string> | undefined;
  return {
    present: locations.length > 0,
    has: (path) => {
      all ??= new Set(locations.map((l) => l.path.join(",")));
      return all.has(path.join(","));
    },
    optionStatements: (prefix) => {
      // Every option statement has a location; so do the fields inside an
      // aggregate value `{ … }`, which lie within the statement's span.
      const accepted: { no: number; rest: number[]; span: readonly number[] }[] = [];
      for (const { path, span } of locations) {
        if (path.length <= prefix.length || !prefix.every((n, i) => path[i] === n)) continue;
        const no = path[prefix.length];
        if (no === undefined) continue;
        if (accepted.some((a) => a.no === no && spanContains(a.span, span))) continue;
        accepted.push({ no, rest: path.slice(prefix.length + 1), span });
      }
      return accepted;
    },
  };
}

// Field numbers of descriptor.proto used to build source-code-info paths.
const FILE_MESSAGE = 4;
const FILE_ENUM = 5;
const FILE_SERVICE = 6;
const FILE_EXTENSION = 7;
const FILE_OPTIONS = 8;
const MSG_FIELD = 2;
const MSG_NESTED = 3;
const MSG_ENUM = 4;
const MSG_EXT_RANGE = 5;
const MSG_EXTENSION = 6;
const MSG_OPTIONS = 7;
const MSG_ONEOF = 8;
const FIELD_OPTIONS = 8;
const FIELD_JSON_NAME = 10;
const ONEOF_OPTIONS = 2;
const EXT_RANGE_OPTIONS = 3;
const ENUM_VALUE = 2;
const ENUM_OPTIONS = 3;
const ENUM_VALUE_OPTIONS = 3;
const SERVICE_METHOD = 2;
const SERVICE_OPTIONS = 3;
const METHOD_OPTIONS = 4;

const JSON_NAME_FIELD = FieldDescriptorProtoSchema.field.jsonName;

interface WithUnknown {
  $unknown?: { no: number; wireType: WireType; data: Uint8Array }[] | undefined;
}

/**
 * Returns a copy of `file` as protoc's generator holds it: without
 * source_code_info, json_name only where the .proto wrote it, and custom
 * options in the order protoc keeps them.
 */
export function normalizeFileDescriptorProto(
  file: FileDescriptorProto,
  rules: DescriptorSerializationRules,
  registry?: () => Registry | undefined,
): FileDescriptorProto {
  const paths = indexSourcePaths(file);
  // Cloning source_code_info (often most of the message) only to drop it is wasted work.
  const sourceCodeInfo = file.sourceCodeInfo;
  file.sourceCodeInfo = undefined;
  let copy: FileDescriptorProto;
  try {
    copy = clone(FileDescriptorProtoSchema, file);
  } finally {
    file.sourceCodeInfo = sourceCodeInfo;
  }

  const options = (schema: DescMessage, opts: WithUnknown | undefined, path: readonly number[]): void => {
    if (opts?.$unknown === undefined || rules.customOptionOrder !== "source" || !paths.present) return;
    opts.$unknown = orderBySource(opts.$unknown, paths.optionStatements(path), (no) =>
      registry?.()?.getExtensionFor(schema, no),
    );
  };
  const field = (f: FieldDescriptorProto, path: readonly number[]): void => {
    // An explicit json_name has a source location of its own. Without source
    // info, only a json_name that differs from the default can be explicit.
    const explicit = paths.present
      ? paths.has([...path, FIELD_JSON_NAME])
      : f.jsonName !== "" && f.jsonName !== protoCamelCase(f.name);
    if (!explicit) clearField(f, JSON_NAME_FIELD);
    // protoc re-prints float/double defaults (FieldDescriptor::CopyTo →
    // SimpleFtoa/SimpleDtoa); buf keeps its own spelling ("1.100000023841858").
    if (f.defaultValue !== "" && (f.type === FieldDescriptorProto_Type.FLOAT || f.type === FieldDescriptorProto_Type.DOUBLE)) {
      f.defaultValue = canonicalFloatingDefault(f.defaultValue, f.type === FieldDescriptorProto_Type.FLOAT);
    }
    options(FieldOptionsSchema, f.options, [...path, FIELD_OPTIONS]);
  };
  const enumType = (e: EnumDescriptorProto, path: readonly number[]): void => {
    options(EnumOptionsSchema, e.options, [...path, ENUM_OPTIONS]);
    e.value.forEach((v, i) => {
      options(EnumValueOptionsSchema, v.options, [...path, ENUM_VALUE, i, ENUM_VALUE_OPTIONS]);
    });
  };
  const message = (m: DescriptorProto, path: readonly number[]): void => {
    m.field.forEach((f, i) => {
      field(f, [...path, MSG_FIELD, i]);
    });
    m.nestedType.forEach((n, i) => {
      message(n, [...path, MSG_NESTED, i]);
    });
    m.enumType.forEach((e, i) => {
      enumType(e, [...path, MSG_ENUM, i]);
    });
    m.extensionRange.forEach((r, i) => {
      options(ExtensionRangeOptionsSchema, r.options, [...path, MSG_EXT_RANGE, i, EXT_RANGE_OPTIONS]);
    });
    m.extension.forEach((f, i) => {
      field(f, [...path, MSG_EXTENSION, i]);
    });
    options(MessageOptionsSchema, m.options, [...path, MSG_OPTIONS]);
    m.oneofDecl.forEach((o, i) => {
      options(OneofOptionsSchema, o.options, [...path, MSG_ONEOF, i, ONEOF_OPTIONS]);
    });
  };
  const service = (s: ServiceDescriptorProto, path: readonly number[]): void => {
    options(ServiceOptionsSchema, s.options, [...path, SERVICE_OPTIONS]);
    s.method.forEach((m, i) => {
      options(MethodOptionsSchema, m.options, [...path, SERVICE_METHOD, i, METHOD_OPTIONS]);
    });
  };

  options(FileOptionsSchema, copy.options, [FILE_OPTIONS]);
  copy.messageType.forEach((m, i) => {
    message(m, [FILE_MESSAGE, i]);
  });
  copy.enumType.forEach((e, i) => {
    enumType(e, [FILE_ENUM, i]);
  });
  copy.service.forEach((s, i) => {
    service(s, [FILE_SERVICE, i]);
  });
  copy.extension.forEach((f, i) => {
    field(f, [FILE_EXTENSION, i]);
  });
  return copy;
}

interface RawUnknown {
  no: number;
  wireType: WireType;
  data: Uint8Array;
}

/**
 * Puts custom options (unknown fields) in the order protoc ≤ 22 keeps them:
 * one record per option statement, in source order. buf merges
 * `(opt).a = 1; (opt).b = 2;` into one message value, protoc writes one record
 * per statement, so such a value is split again by its sub-fields. Records no
 * statement claims keep their order, last.
 */
function orderBySource<T extends RawUnknown>(
  unknown: T[],
  statements: readonly OptionStatement[],
  extensionOf: (no: number) => DescExtension | undefined,
): T[] {
  if (statements.length === 0) return unknown;
  const queues = new Map<number, T[]>();
  for (const u of unknown) {
    const q = queues.get(u.no);
    if (q === undefined) queues.set(u.no, [{ ...u }]);
    else q.push({ ...u });
  }
  const out: T[] = [];
  for (const statement of statements) {
    const queue = queues.get(statement.no);
    const head = queue?.[0];
    if (queue === undefined || head === undefined) continue;
    const extension = extensionOf(statement.no);
    const sub = statement.rest[0];
    if (sub !== undefined && extension?.fieldKind === "message" && head.wireType === WireType.LengthDelimited) {
      const reader = new BinaryReader(head.data);
      const length = reader.uint32();
      const payload = head.data.subarray(reader.pos, reader.pos + length);
      const records = readRecords(payload);
      const mine = records.filter((r) => r.no === sub).map((r) => payload.subarray(r.start, r.end));
      const others = records.filter((r) => r.no !== sub).map((r) => payload.subarray(r.start, r.end));
      if (mine.length === 0) continue;
      const taken = concat(mine);
      out.push({ ...head, data: concat([lengthPrefix(taken.length), taken]) });
      const rest = concat(others);
      if (rest.length === 0) queue.shift();
      else head.data = concat([lengthPrefix(rest.length), rest]);
      continue;
    }
    const next = queue.shift();
    if (next !== undefined) out.push(next);
  }
  for (const u of unknown) {
    const left = queues.get(u.no);
    const first = left?.[0];
    if (left !== undefined && first !== undefined) {
      out.push(first);
      left.shift();
    }
  }
  return out;
}

// ---------------------------------------------------------------------------
// Wire-level canonicalization.

interface WireRecord {
  readonly no: number;
  readonly wireType: WireType;
  /** The whole record (tag included) as read. */
  readonly start: number;
  readonly end: number;
  /** For length-delimited records: where the payload starts. */
  readonly payloadStart: number;
}

function readRecords(bytes: Uint8Array): WireRecord[] {
  const records: WireRecord[] = [];
  const reader = new BinaryReader(bytes);
  while (reader.pos < reader.len) {
    const start = reader.pos;
    const [no, wireType] = reader.tag();
    let payloadStart = reader.pos;
    if (wireType === WireType.LengthDelimited) {
      const length = reader.uint32();
      payloadStart = reader.pos;
      reader.pos += length;
    } else {
      reader.skip(wireType, no);
    }
    records.push({ no, wireType, start, end: reader.pos, payloadStart });
  }
  return records;
}

/** A varint length prefix. */
function lengthPrefix(value: number): Uint8Array {
  return new BinaryWriter().uint32(value).finish();
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  let length = 0;
  for (const p of parts) length += p.length;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

type Canonicalizer = (schema: DescMessage, bytes: Uint8Array) => Uint8Array;

/** The *Options messages of descriptor.proto (retention.cc's IsOptionsProto). */
function isOptionsMessage(schema: DescMessage): boolean {
  return schema.file.proto.name === "google/protobuf/descriptor.proto" && schema.name.endsWith("Options");
}

function createCanonicalizer(
  rules: DescriptorSerializationRules,
  registryThunk: (() => Registry | undefined) | undefined,
): Canonicalizer {
  let registry: Registry | undefined | null = null;
  const getRegistry = (): Registry | undefined => {
    if (registry === null) registry = registryThunk?.();
    return registry;
  };

  const canonical = (schema: DescMessage, bytes: Uint8Array): Uint8Array => {
    const records = readRecords(bytes);
    if (records.length === 0) return bytes;
    const known: { no: number; part: Uint8Array }[] = [];
    const unknown: { no: number; part: Uint8Array }[] = [];
    for (const record of records) {
      const field: DescField | DescExtension | undefined =
        schema.fields.find((f) => f.number === record.no) ?? getRegistry()?.getExtensionFor(schema, record.no);
      // StripSourceRetentionOptions clears every source-retention field, at any depth.
      if (
        rules.stripSourceRetention &&
        field?.proto.options?.retention === FieldOptions_OptionRetention.RETENTION_SOURCE
      ) {
        continue;
      }
      let nested: DescMessage | undefined;
      let singular = false;
      if (record.wireType === WireType.LengthDelimited && field !== undefined) {
        if (field.fieldKind === "message") {
          nested = field.message;
          singular = true;
        } else if (field.fieldKind === "list" && field.listKind === "message") {
          nested = field.message;
        }
      }
      let part = bytes.subarray(record.start, record.end);
      if (nested !== undefined) {
        const payload = bytes.subarray(record.payloadStart, record.end);
        const fixed = canonical(nested, payload);
        // …and, from 24.x on, drops an options message that stripping left empty.
        if (rules.stripSourceRetention && rules.keepEmptiedOptions !== true && singular && isOptionsMessage(nested) && payload.length > 0 && fixed.length === 0) {
          continue;
        }
        if (fixed !== payload) {
          part = concat([
            bytes.subarray(record.start, record.payloadStart - lengthOfVarint(payload.length)),
            lengthPrefix(fixed.length),
            fixed,
          ]);
        }
      }
      (field !== undefined && field.kind === "field" ? known : unknown).push({ no: record.no, part });
    }
    // Array.prototype.sort is stable, so repeated fields keep their order.
    const ordered =
      rules.customOptionOrder === "field-number"
        ? [...known, ...unknown].sort((a, b) => a.no - b.no)
        : [...known.sort((a, b) => a.no - b.no), ...unknown];
    const out = concat(ordered.map((o) => o.part));
    return equalBytes(out, bytes) ? bytes : out;
  };
  return canonical;
}

function lengthOfVarint(value: number): number {
  return lengthPrefix(value).length;
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
