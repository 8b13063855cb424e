// descriptor.proto itself: the pure-Python runtime cannot use
// AddSerializedFile() to build descriptor_pb2 (it needs descriptor_pb2), so
// protoc spells every descriptor out under `if … _USE_C_DESCRIPTORS …:`
// (Generator::PrintFileDescriptor, PrintAllEnumsInFile, PrintMessageDescriptors,
// FixForeignFieldsInDescriptors and, from 26.x, PrintResolvedFeatures).

import { isFieldSet, type DescMessage, type MessageShape } from "@bufbuild/protobuf";
import {
  EnumOptionsSchema,
  EnumValueOptionsSchema,
  FieldDescriptorProto_Label,
  FieldDescriptorProto_Type,
  FieldDescriptorProtoSchema,
  FieldOptions_OptionRetention,
  FieldOptionsSchema,
  FileOptionsSchema,
  MessageOptionsSchema,
  OneofOptionsSchema,
  type DescriptorProto,
  type EnumDescriptorProto,
  type FieldDescriptorProto,
  type FileDescriptorProto,
} from "@bufbuild/protobuf/wkt";
import { cEscape, cHexEscape, optionsLiteral, utf8 } from "../python-literal.js";
import { parseFloatingDefault, simpleDtoa, simpleFtoa } from "../protoc-number-format.js";
import type { PythonFormat } from "../releases.js";
import type { SerializedFileDescriptor } from "../serialized-descriptor.js";
import {
  CppType,
  cppType,
  enumOf,
  fileTypes,
  isRepeated,
  messageOf,
  type FileIndex,
  type MessageEntry,
  type TypeEntry,
} from "./model.js";
import { moduleAlias, moduleLevelDescriptorName, resolveKeyword } from "./names.js";

export interface DescriptorProtoInput {
  readonly index: FileIndex;
  readonly serialized: SerializedFileDescriptor;
  readonly format: PythonFormat;
}

/** OptionsValue() as the descriptor.proto path spells it (≤ 24.x: always None). */
function optionsValue<Desc extends DescMessage>(
  input: DescriptorProtoInput,
  schema: Desc,
  options: MessageShape<Desc> | undefined,
): string {
  if (!input.format.descriptorProtoOptions || options === undefined) return "None";
  return optionsLiteral(input.serialized.serialize(schema, options));
}

/** The `DESCRIPTOR = _descriptor.FileDescriptor(…)` / `AddSerializedFile` pair. */
export function descriptorProtoFileDescriptor(input: DescriptorProtoInput, guard: string): string {
  const file = input.serialized.proto;
  const hex = cHexEscape(input.serialized.bytes);
  let out = `${guard}\n`;
  out += "  DESCRIPTOR = _descriptor.FileDescriptor(\n";
  out += `    name='${file.name}',\n`;
  out += `    package='${file.package}',\n`;
  out += `    syntax='${file.syntax === "" ? "proto2" : file.syntax}',\n`;
  if (input.format.descriptorProtoFeatures) out += `    edition='${editionName(file)}',\n`;
  out += `    serialized_options=${optionsValue(input, FileOptionsSchema, file.options)},\n`;
  out += "    create_key=_descriptor._internal_create_key,\n";
  out += `    serialized_pb=b'${hex}'`;
  if (file.dependency.length > 0) {
    out += `,\n    dependencies=[${file.dependency.map((d) => `${moduleAlias(d)}.DESCRIPTOR,`).join("")}]`;
  }
  if (file.publicDependency.length > 0) {
    const names = file.publicDependency.map((i) => file.dependency[i] ?? "");
    out += `,\n    public_dependencies=[${names.map((d) => `${moduleAlias(d)}.DESCRIPTOR,`).join("")}]`;
  }
  out += "\n  )\n";
  out += "else:\n";
  out += `  DESCRIPTOR = _descriptor_pool.Default().AddSerializedFile(b'${hex}')\n`;
  return out;
}

function editionName(file: FileDescriptorProto): string {
  return file.syntax === "proto3" ? "EDITION_PROTO3" : "EDITION_PROTO2";
}

/**
 * The statements inside `if … _USE_C_DESCRIPTORS …:` before the builder's
 * `else:`, unindented (the caller indents them under the guard).
 */
export function descriptorProtoDescriptors(input: DescriptorProtoInput): string[] {
  const { index, format } = input;
  const file = input.serialized.proto;
  const kw = format.keywords;
  const lines: string[] = [];
  const types = fileTypes(index, file);
  const entry = types.entry;
  const messageEntry = types.message;
  const descName = (e: TypeEntry): string => moduleLevelDescriptorName(e, file.name, kw);
  const push = (indent: string, text: string): void => {
    for (const l of text.split("\n")) lines.push(l === "" ? "" : indent + l);
  };

  // --- PrintEnum
  const printEnum = (proto: EnumDescriptorProto, e: TypeEntry): void => {
    const name = descName(e);
    push("", `${name} = _descriptor.EnumDescriptor(`);
    push("", `  name='${proto.name}',`);
    push("", `  full_name='${e.fullName}',`);
    push("", "  filename=None,");
    push("", "  file=DESCRIPTOR,");
    push("", "  create_key=_descriptor._internal_create_key,");
    push("", "  values=[");
    proto.value.forEach((v, i) => {
      push("    ", "_descriptor.EnumValueDescriptor(");
      push("    ", `  name='${v.name}', index=${i}, number=${v.number},`);
      push("    ", `  serialized_options=${optionsValue(input, EnumValueOptionsSchema, v.options)},`);
      push("    ", "  type=None,");
      push("    ", "  create_key=_descriptor._internal_create_key),");
    });
    push("  ", "],");
    push("  ", "containing_type=None,");
    push("  ", `serialized_options=${optionsValue(input, EnumOptionsSchema, proto.options)},`);
    push("", ")");
    push("", `_sym_db.RegisterEnumDescriptor(${name})`);
    lines.push("");
  };
  const nestedEnums = (proto: DescriptorProto, e: MessageEntry): void => {
    for (const n of proto.nestedType) nestedEnums(n, messageEntry(e, n));
    for (const en of proto.enumType) printEnum(en, entry(e, en.name));
  };
  if (format.descriptorProtoEnums === "all") for (const en of file.enumType) printEnum(en, entry(undefined, en.name));
  for (const m of file.messageType) nestedEnums(m, messageEntry(undefined, m));

  // --- PrintMessageDescriptors
  const defaultValue = (field: FieldDescriptorProto): string => {
    if (isRepeated(field)) return "[]";
    const text = field.defaultValue;
    switch (cppType(field)) {
      case CppType.INT32:
      case CppType.INT64:
      case CppType.UINT32:
      case CppType.UINT64:
        return text === "" ? "0" : BigInt(text).toString();
      case CppType.DOUBLE:
      case CppType.FLOAT: {
        const value = text === "" ? 0 : parseFloatingDefault(text);
        if (value === Infinity) return "1e10000";
        if (value === -Infinity) return "-1e10000";
        if (Number.isNaN(value)) return "(1e10000 * 0)";
        return `float(${cppType(field) === CppType.FLOAT ? simpleFtoa(value) : simpleDtoa(value)})`;
      }
      case CppType.BOOL:
        return text === "true" ? "True" : "False";
      case CppType.ENUM: {
        const e = enumOf(index, field);
        const values = e?.kind === "enum" ? e.proto.value : [];
        const chosen = text === "" ? values[0] : values.find((v) => v.name === text);
        return String(chosen?.number ?? 0);
      }
      case CppType.STRING:
        return field.type === FieldDescriptorProto_Type.STRING
          ? `b"${cEscape(utf8(text))}".decode('utf-8')`
          : `b"${cEscape(unescapeBytes(text))}"`;
      case CppType.MESSAGE:
        return "None";
    }
  };
  const fieldDecl = (field: FieldDescriptorProto, i: number, full: string, isExtension: boolean): void => {
    const label =
      field.label === FieldDescriptorProto_Label.REQUIRED ? 2 : field.label === FieldDescriptorProto_Label.REPEATED ? 3 : 1;
    const json = field.jsonName === "" ? "" : `, json_name='${field.jsonName}'`;
    push("    ", "_descriptor.FieldDescriptor(");
    push("    ", `  name='${field.name}', full_name='${full}', index=${i},`);
    push("    ", `  number=${field.number}, type=${field.type}, cpp_type=${cppType(field)}, label=${label},`);
    push("    ", `  has_default_value=${field.defaultValue === "" ? "False" : "True"}, default_value=${defaultValue(field)},`);
    push("    ", "  message_type=None, enum_type=None, containing_type=None,");
    push("    ", `  is_extension=${isExtension ? "True" : "False"}, extension_scope=None,`);
    push(
      "    ",
      `  serialized_options=${optionsValue(input, FieldOptionsSchema, field.options)}${json}, file=DESCRIPTOR,  create_key=_descriptor._internal_create_key),`,
    );
  };
  const printDescriptor = (proto: DescriptorProto, e: MessageEntry): void => {
    for (const n of proto.nestedType) printDescriptor(n, messageEntry(e, n));
    lines.push("");
    push("", `${descName(e)} = _descriptor.Descriptor(`);
    push("  ", `name='${proto.name}',`);
    push("  ", `full_name='${e.fullName}',`);
    push("  ", "filename=None,");
    push("  ", "file=DESCRIPTOR,");
    push("  ", "containing_type=None,");
    push("  ", "create_key=_descriptor._internal_create_key,");
    push("  ", "fields=[");
    proto.field.forEach((f, i) => {
      fieldDecl(f, i, `${e.fullName}.${f.name}`, false);
    });
    push("  ", "],");
    push("  ", "extensions=[");
    proto.extension.forEach((f, i) => {
      fieldDecl(f, i, `${e.fullName}.${f.name}`, true);
    });
    push("  ", "],");
    push("  ", `nested_types=[${proto.nestedType.map((n) => `${descName(messageEntry(e, n))}, `).join("")}],`);
    push("  ", "enum_types=[");
    for (const en of proto.enumType) push("    ", `${descName(entry(e, en.name))},`);
    push("  ", "],");
    push("  ", `serialized_options=${optionsValue(input, MessageOptionsSchema, proto.options)},`);
    push("  ", `is_extendable=${proto.extensionRange.length > 0 ? "True" : "False"},`);
    if (!format.descriptorProtoFeatures) push("  ", `syntax='${file.syntax === "" ? "proto2" : file.syntax}',`);
    push("  ", `extension_ranges=[${proto.extensionRange.map((r) => `(${r.start}, ${r.end}), `).join("")}],`);
    push("  ", "oneofs=[");
    proto.oneofDecl.forEach((o, i) => {
      const opts = optionsValue(input, OneofOptionsSchema, o.options);
      push("    ", "_descriptor.OneofDescriptor(");
      push("    ", `  name='${o.name}', full_name='${e.fullName}.${o.name}',`);
      push("    ", `  index=${i}, containing_type=None,`);
      push("    ", "  create_key=_descriptor._internal_create_key,");
      push("    ", `fields=[]${opts === "None" ? "" : `, serialized_options=${opts}`}),`);
    });
    push("  ", "],");
    push("", ")");
  };
  for (const m of file.messageType) {
    printDescriptor(m, messageEntry(undefined, m));
    lines.push("");
  }

  // --- FixForeignFieldsInDescriptors
  const fixForeign = (proto: DescriptorProto, e: MessageEntry, parent: MessageEntry | undefined): void => {
    for (const n of proto.nestedType) fixForeign(n, messageEntry(e, n), e);
    const name = descName(e);
    for (const f of proto.field) {
      const ref = `${name}.fields_by_name['${f.name}']`;
      const m = messageOf(index, f);
      if (m !== undefined) push("", `${ref}.message_type = ${moduleLevelDescriptorName(m, file.name, kw)}`);
      const en = enumOf(index, f);
      if (en !== undefined) push("", `${ref}.enum_type = ${moduleLevelDescriptorName(en, file.name, kw)}`);
    }
    if (parent !== undefined) push("", `${name}.containing_type = ${descName(parent)}`);
    for (const en of proto.enumType) push("", `${descName(entry(e, en.name))}.containing_type = ${name}`);
    proto.oneofDecl.forEach((o, i) => {
      for (const f of proto.field) {
        if (f.oneofIndex !== i || !hasOneofIndex(f)) continue;
        push("", `${name}.oneofs_by_name['${o.name}'].fields.append(`);
        push("", `  ${name}.fields_by_name['${f.name}'])`);
        push("", `${name}.fields_by_name['${f.name}'].containing_oneof = ${name}.oneofs_by_name['${o.name}']`);
      }
    });
  };
  for (const m of file.messageType) fixForeign(m, messageEntry(undefined, m), undefined);
  for (const m of file.messageType) push("", `DESCRIPTOR.message_types_by_name['${m.name}'] = ${descName(messageEntry(undefined, m))}`);
  for (const en of file.enumType) push("", `DESCRIPTOR.enum_types_by_name['${en.name}'] = ${descName(entry(undefined, en.name))}`);
  for (const ext of file.extension) push("", `DESCRIPTOR.extensions_by_name['${ext.name}'] = ${resolveKeyword(ext.name, kw)}`);
  push("", "_sym_db.RegisterFileDescriptor(DESCRIPTOR)");
  lines.push("");

  if (format.descriptorProtoFeatures) lines.push(...resolvedFeatures(input, entry, messageEntry, descName));
  return lines;
}

function hasOneofIndex(field: FieldDescriptorProto): boolean {
  // proto2 presence: an unset oneof_index reads as 0, so ask whether it is set.
  return isFieldSet(field, FieldDescriptorProtoSchema.field.oneofIndex);
}

/** CUnescape of a bytes default as the descriptor holds it. */
function unescapeBytes(text: string): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 0x5c || i + 1 >= text.length) {
      for (const b of utf8(text[i] ?? "")) out.push(b);
      continue;
    }
    const n = text[++i] ?? "";
    const simple: Record<string, number> = { n: 10, r: 13, t: 9, a: 7, b: 8, f: 12, v: 11, "\\": 92, "'": 39, '"': 34, "?": 63 };
    if (n in simple) out.push(simple[n] ?? 0);
    else if (n === "x" || n === "X") {
      let hex = "";
      while (hex.length < 2 && /[0-9a-fA-F]/.test(text[i + 1] ?? "")) hex += text[++i] ?? "";
      out.push(parseInt(hex, 16));
    } else if (/[0-7]/.test(n)) {
      let oct = n;
      while (oct.length < 3 && /[0-7]/.test(text[i + 1] ?? "")) oct += text[++i] ?? "";
      out.push(parseInt(oct, 8) & 0xff);
    } else {
      for (const b of utf8(n)) out.push(b);
    }
  }
  return Uint8Array.from(out);
}

// ---------------------------------------------------------------------------
// PrintResolvedFeatures (26.x+): every descriptor's resolved FeatureSet,
// computed here because the runtime cannot resolve features while building
// descriptor.proto itself.

const EDITION_PROTO2 = 998;
const EDITION_PROTO3 = 999;

interface Feature {
  readonly name: string;
  readonly enumDescriptor: string;
  readonly byEdition: (edition: number) => string;
  readonly field: number;
}

function resolvedFeatures(
  input: DescriptorProtoInput,
  entry: (parent: MessageEntry | undefined, name: string) => TypeEntry,
  messageEntry: (parent: MessageEntry | undefined, proto: DescriptorProto) => MessageEntry,
  descName: (e: TypeEntry) => string,
): string[] {
  const file = input.serialized.proto;
  const index = input.index;
  const featureSet = file.messageType.find((m) => m.name === "FeatureSet");
  if (featureSet === undefined) throw new Error("internal: descriptor.proto without FeatureSet");
  const features: Feature[] = [];
  for (const field of [...featureSet.field].sort((a, b) => a.number - b.number)) {
    // Only enum features are resolved; source-retention ones are left out.
    if (field.type !== FieldDescriptorProto_Type.ENUM) continue;
    if (field.options?.retention === FieldOptions_OptionRetention.RETENTION_SOURCE) continue;
    const en = enumOf(index, field);
    if (en === undefined) continue;
    const defaults = [...(field.options?.editionDefaults ?? [])].sort((a, b) => a.edition - b.edition);
    features.push({
      name: field.name,
      field: field.number,
      enumDescriptor: moduleLevelDescriptorName(en, file.name, input.format.keywords),
      byEdition: (edition) => {
        let value = "";
        for (const d of defaults) {
          const since: number = d.edition;
          if (since <= edition) value = d.value;
        }
        return value;
      },
    });
  }
  const edition = file.syntax === "proto3" ? EDITION_PROTO3 : EDITION_PROTO2;
  const render = (overrides: Readonly<Record<string, string>>): string =>
    `_ResolvedFeatures(${features
      .map((f) => `${f.name}=${f.enumDescriptor}.values_by_name["${overrides[f.name] ?? f.byEdition(edition)}"].number`)
      .join(",")})`;
  const plain = render({});
  // InferLegacyProtoFeatures: what proto2/proto3 syntax means in features.
  const forField = (field: FieldDescriptorProto): string => {
    const overrides: Record<string, string> = {};
    if (field.label === FieldDescriptorProto_Label.REQUIRED) overrides.field_presence = "LEGACY_REQUIRED";
    if (field.type === FieldDescriptorProto_Type.GROUP) overrides.message_encoding = "DELIMITED";
    if (field.options?.packed === true) overrides.repeated_field_encoding = "PACKED";
    return Object.keys(overrides).length === 0 ? plain : render(overrides);
  };

  const lines = [
    "class _ResolvedFeatures:",
    "  def __init__(self, features = None, **kwargs):",
    "    if features:",
    "      for k, v in features.FIELDS.items():",
    "        setattr(self, k, getattr(features, k))",
    "    else:",
    "      for k, v in kwargs.items():",
    "        setattr(self, k, v)",
    `DESCRIPTOR._features = ${plain}`,
  ];
  const visitMessage = (proto: DescriptorProto, e: MessageEntry): void => {
    const name = descName(e);
    lines.push(`${name}._features = ${plain}`);
    proto.field.forEach((f, i) => lines.push(`${name}.fields[${i}]._features = ${forField(f)}`));
    proto.oneofDecl.forEach((_, i) => lines.push(`${name}.oneofs[${i}]._features = ${plain}`));
    proto.extension.forEach((f, i) => lines.push(`${name}.extensions[${i}]._features = ${forField(f)}`));
    for (const n of proto.nestedType) visitMessage(n, messageEntry(e, n));
  };
  for (const m of file.messageType) visitMessage(m, messageEntry(undefined, m));
  const visitEnum = (proto: EnumDescriptorProto, e: TypeEntry): void => {
    const name = descName(e);
    lines.push(`${name}._features = ${plain}`);
    proto.value.forEach((_, i) => lines.push(`${name}.values[${i}]._features = ${plain}`));
  };
  const enumsOf = (proto: DescriptorProto, e: MessageEntry): void => {
    for (const en of proto.enumType) visitEnum(en, entry(e, en.name));
    for (const n of proto.nestedType) enumsOf(n, messageEntry(e, n));
  };
  for (const m of file.messageType) enumsOf(m, messageEntry(undefined, m));
  for (const en of file.enumType) visitEnum(en, entry(undefined, en.name));
  return lines;
}
