// The descriptor-style `_pb2.py` of protoc 3.5 … 3.19, following the
// structure of python_generator.cc of those releases (the specification):
// each section below mirrors one of its Print*/Fix* steps, in the same order,
// and every per-release difference is read from a LegacyFormat.

import { isFieldSet, type DescMessage, type MessageShape } from "@bufbuild/protobuf";
import {
  DescriptorProtoSchema,
  EnumDescriptorProtoSchema,
  EnumOptionsSchema,
  EnumValueOptionsSchema,
  FieldDescriptorProto_Label,
  FieldDescriptorProto_Type,
  FieldDescriptorProtoSchema,
  FieldOptionsSchema,
  FileOptionsSchema,
  MessageOptionsSchema,
  MethodOptionsSchema,
  OneofOptionsSchema,
  ServiceDescriptorProtoSchema,
  ServiceOptionsSchema,
  type DescriptorProto,
  type EnumDescriptorProto,
  type FieldDescriptorProto,
  type FileDescriptorProto,
  type ServiceDescriptorProto,
} from "@bufbuild/protobuf/wkt";
import { cEscape, cHexEscape, utf8 } from "../python-literal.js";
import type { SerializedFileDescriptor } from "../serialized-descriptor.js";
import { parseFloatingDefault, simpleDtoa, simpleFtoa } from "../protoc-number-format.js";
import { pythonFloat, unescapeCBytes } from "./default-value.js";
import type { LegacyFormat } from "./formats.js";
import { LegacyPrinter } from "./printer.js";
import { PythonGeneratorError } from "../python-generator-error.js";

/** What the generator reads: the file to generate, as protoc holds it, and the files it imports. */
export interface LegacyInput {
  /** The normalized proto of `serialized` (explicit json_name only, no source info). */
  readonly serialized: SerializedFileDescriptor;
  /** Every file the request has, by name: the imports (transitively) at least. */
  readonly files: ReadonlyMap<string, FileDescriptorProto>;
}

interface MessageNode {
  readonly kind: "message";
  readonly proto: DescriptorProto;
  readonly fullName: string;
  readonly fileName: string;
  readonly parent: MessageNode | undefined;
}

interface EnumNode {
  readonly kind: "enum";
  readonly proto: EnumDescriptorProto;
  readonly fullName: string;
  readonly fileName: string;
  readonly parent: MessageNode | undefined;
}

interface ExtensionNode {
  readonly proto: FieldDescriptorProto;
  /** The message the extension is declared in (extension_scope), if any. */
  readonly scope: MessageNode | undefined;
  readonly index: number;
}

const DESCRIPTOR_KEY = "DESCRIPTOR";

interface Span {
  readonly start: number;
  readonly end: number;
}

// FieldDescriptor::CppType of every FieldDescriptorProto.Type (descriptor.h).
const CPP_TYPE: Readonly<Record<number, number>> = {
  [FieldDescriptorProto_Type.DOUBLE]: 5,
  [FieldDescriptorProto_Type.FLOAT]: 6,
  [FieldDescriptorProto_Type.INT64]: 2,
  [FieldDescriptorProto_Type.UINT64]: 4,
  [FieldDescriptorProto_Type.INT32]: 1,
  [FieldDescriptorProto_Type.FIXED64]: 4,
  [FieldDescriptorProto_Type.FIXED32]: 3,
  [FieldDescriptorProto_Type.BOOL]: 7,
  [FieldDescriptorProto_Type.STRING]: 9,
  [FieldDescriptorProto_Type.GROUP]: 10,
  [FieldDescriptorProto_Type.MESSAGE]: 10,
  [FieldDescriptorProto_Type.BYTES]: 9,
  [FieldDescriptorProto_Type.UINT32]: 3,
  [FieldDescriptorProto_Type.ENUM]: 8,
  [FieldDescriptorProto_Type.SFIXED32]: 1,
  [FieldDescriptorProto_Type.SFIXED64]: 2,
  [FieldDescriptorProto_Type.SINT32]: 1,
  [FieldDescriptorProto_Type.SINT64]: 2,
};

/** The options message of each kind of descriptor; 3.5 names its class in descriptor_pb2.XOptions(). */
const OPTIONS_SCHEMA = {
  File: FileOptionsSchema,
  Message: MessageOptionsSchema,
  Field: FieldOptionsSchema,
  Enum: EnumOptionsSchema,
  EnumValue: EnumValueOptionsSchema,
  Oneof: OneofOptionsSchema,
  Service: ServiceOptionsSchema,
  Method: MethodOptionsSchema,
} as const;
type OptionsKind = keyof typeof OPTIONS_SCHEMA;

// Returns `filename` without ".protodevel" or ".proto" (StripProto).
function stripProto(filename: string): string {
  if (filename.endsWith(".protodevel")) return filename.slice(0, -".protodevel".length);
  if (filename.endsWith(".proto")) return filename.slice(0, -".proto".length);
  return filename;
}

export function moduleName(filename: string): string {
  return stripProto(filename).replaceAll("-", "_").replaceAll("/", ".") + "_pb2";
}

function moduleAlias(filename: string): string {
  return moduleName(filename).replaceAll("_", "__").replaceAll(".", "_dot_");
}

// C's UpperString/ToUpper: ASCII letters only (toUpperCase() would also map non-ASCII).
function upperAscii(text: string): string {
  return /[^a-zA-Z0-9_.]/.test(text) ? text.replace(/[a-z]/g, (c) => c.toUpperCase()) : text.toUpperCase();
}

function syntaxOf(file: FileDescriptorProto): string {
  if (file.syntax === "" || file.syntax === "proto2") return "proto2";
  if (file.syntax === "proto3") return "proto3";
  throw new PythonGeneratorError(
    `${file.name} uses syntax "${file.syntax}", but the python generator of protobuf 3.5–3.19 knows proto2 and proto3 only; generate it with a newer protobuf_python.`,
  );
}

function pythonBool(value: boolean): string {
  return value ? "True" : "False";
}

class Generator {
  private readonly p = new LegacyPrinter();
  private readonly file: FileDescriptorProto;
  private readonly types = new Map<string, MessageNode | EnumNode>();
  private readonly serialized: Uint8Array;
  private readonly isDescriptorProto: boolean;

  constructor(
    private readonly input: LegacyInput,
    private readonly format: LegacyFormat,
  ) {
    this.file = input.serialized.proto;
    for (const file of input.files.values()) this.indexFile(file);
    this.indexFile(this.file);
    this.serialized = input.serialized.bytes;
    this.isDescriptorProto = this.file.name === "google/protobuf/descriptor.proto";
  }

  // ---- type index ----------------------------------------------------------

  private indexFile(file: FileDescriptorProto): void {
    const prefix = file.package === "" ? "" : file.package + ".";
    for (const e of file.enumType) {
      this.types.set(prefix + e.name, { kind: "enum", proto: e, fullName: prefix + e.name, fileName: file.name, parent: undefined });
    }
    for (const m of file.messageType) this.indexMessage(m, prefix + m.name, file.name, undefined);
  }

  private indexMessage(proto: DescriptorProto, fullName: string, fileName: string, parent: MessageNode | undefined): void {
    const node: MessageNode = { kind: "message", proto, fullName, fileName, parent };
    this.types.set(fullName, node);
    for (const e of proto.enumType) {
      const name = `${fullName}.${e.name}`;
      this.types.set(name, { kind: "enum", proto: e, fullName: name, fileName, parent: node });
    }
    for (const m of proto.nestedType) this.indexMessage(m, `${fullName}.${m.name}`, fileName, node);
  }

  private lookup(typeName: string): MessageNode | EnumNode {
    const node = this.types.get(typeName.startsWith(".") ? typeName.slice(1) : typeName);
    if (node === undefined) {
      throw new PythonGeneratorError(`${this.file.name}: type ${typeName} is not defined in the file or its imports`);
    }
    return node;
  }

  private lookupMessage(typeName: string): MessageNode {
    const node = this.lookup(typeName);
    if (node.kind !== "message") throw new PythonGeneratorError(`${this.file.name}: ${typeName} is not a message`);
    return node;
  }

  private lookupEnum(typeName: string): EnumNode {
    const node = this.lookup(typeName);
    if (node.kind !== "enum") throw new PythonGeneratorError(`${this.file.name}: ${typeName} is not an enum`);
    return node;
  }

  private messageNode(proto: DescriptorProto, parent: MessageNode | undefined): MessageNode {
    const scope = parent === undefined ? this.file.package : parent.fullName;
    return this.lookupMessage(scope === "" ? proto.name : `${scope}.${proto.name}`);
  }

  private enumNode(proto: EnumDescriptorProto, parent: MessageNode | undefined): EnumNode {
    const scope = parent === undefined ? this.file.package : parent.fullName;
    return this.lookupEnum(scope === "" ? proto.name : `${scope}.${proto.name}`);
  }

  private children(message: MessageNode): MessageNode[] {
    return message.proto.nestedType.map((m) => this.messageNode(m, message));
  }

  private topMessages(): MessageNode[] {
    return this.file.messageType.map((m) => this.messageNode(m, undefined));
  }

  // ---- names ---------------------------------------------------------------

  private isKeyword(name: string): boolean {
    return this.format.keywords.includes(name);
  }

  private resolveKeyword(name: string): string {
    return this.format.resolvesKeywords && this.isKeyword(name) ? `globals()['${name}']` : name;
  }

  private nestedNames(node: MessageNode | EnumNode): string[] {
    const names: string[] = [];
    for (let current: MessageNode | EnumNode | undefined = node; current !== undefined; current = current.parent) {
      names.unshift(current.proto.name);
    }
    return names;
  }

  private readonly descriptorNames = new Map<MessageNode | EnumNode, string>();

  /** ModuleLevelDescriptorName: `_OUTER_INNER`, module-qualified when from another file. */
  private descriptorName(node: MessageNode | EnumNode): string {
    let name = this.descriptorNames.get(node);
    if (name === undefined) {
      name = "_" + upperAscii(this.nestedNames(node).join("_"));
      if (node.fileName !== this.file.name) name = `${moduleAlias(node.fileName)}.${name}`;
      this.descriptorNames.set(node, name);
    }
    return name;
  }

  /** ModuleLevelMessageName: `Outer.Inner` (with keyword escapes from 3.8). */
  private messageClassName(node: MessageNode): string {
    const names = this.nestedNames(node);
    let name = "";
    names.forEach((part, i) => {
      if (i === 0) name = this.resolveKeyword(part);
      else if (this.format.resolvesKeywords && this.isKeyword(part)) name = `getattr(${name}, '${part}')`;
      else name = `${name}.${part}`;
    });
    return node.fileName === this.file.name ? name : `${moduleAlias(node.fileName)}.${name}`;
  }

  private serviceDescriptorName(service: ServiceDescriptorProto): string {
    return "_" + upperAscii(service.name);
  }

  private fullName(scope: MessageNode | undefined, name: string): string {
    if (scope !== undefined) return `${scope.fullName}.${name}`;
    return this.file.package === "" ? name : `${this.file.package}.${name}`;
  }

  // ---- literals ------------------------------------------------------------

  private bytesLiteral(escaped: string, quote: "'" | '"'): string {
    return this.format.bytesHelper ? `_b(${quote}${escaped}${quote})` : `b${quote}${escaped}${quote}`;
  }

  /** OptionsValue(): None, or the options as a literal (3.5: parsed through descriptor_pb2). */
  private optionsValue<K extends OptionsKind>(
    kind: K,
    message: MessageShape<(typeof OPTIONS_SCHEMA)[K]> | undefined,
  ): string {
    if (message === undefined || this.isDescriptorProto) return "None";
    const options = this.input.serialized.serialize(OPTIONS_SCHEMA[kind], message);
    if (options.length === 0) return "None";
    const literal = this.bytesLiteral(cEscape(options), "'");
    if (this.format.options === "parse") {
      return `_descriptor._ParseOptions(descriptor_pb2.${kind}Options(), ${literal})`;
    }
    return literal;
  }

  private optionsArgument(): string {
    return this.format.options === "parse" ? "options" : "serialized_options";
  }

  private createKeyLine(): string {
    return this.format.createKey ? "create_key=_descriptor._internal_create_key,\n" : "";
  }

  private defaultValue(field: FieldDescriptorProto): string {
    if (field.label === FieldDescriptorProto_Label.REPEATED) return "[]";
    const has = this.fieldHasDefault(field);
    const text = field.defaultValue;
    switch (field.type) {
      case FieldDescriptorProto_Type.INT32:
      case FieldDescriptorProto_Type.SINT32:
      case FieldDescriptorProto_Type.SFIXED32:
      case FieldDescriptorProto_Type.INT64:
      case FieldDescriptorProto_Type.SINT64:
      case FieldDescriptorProto_Type.SFIXED64:
      case FieldDescriptorProto_Type.UINT32:
      case FieldDescriptorProto_Type.FIXED32:
      case FieldDescriptorProto_Type.UINT64:
      case FieldDescriptorProto_Type.FIXED64:
        return has ? BigInt(text).toString() : "0";
      case FieldDescriptorProto_Type.DOUBLE:
        return pythonFloat(has ? parseFloatingDefault(text) : 0, simpleDtoa);
      case FieldDescriptorProto_Type.FLOAT:
        return pythonFloat(has ? Math.fround(parseFloatingDefault(text)) : 0, simpleFtoa);
      case FieldDescriptorProto_Type.BOOL:
        return pythonBool(has && text === "true");
      case FieldDescriptorProto_Type.ENUM: {
        const enumType = this.lookupEnum(field.typeName);
        const value = has ? enumType.proto.value.find((v) => v.name === text) : enumType.proto.value[0];
        if (value === undefined) {
          throw new PythonGeneratorError(`${this.file.name}: field ${field.name} has no default enum value ${text}`);
        }
        return String(value.number);
      }
      case FieldDescriptorProto_Type.STRING:
        return this.bytesLiteral(cEscape(utf8(text)), '"') + ".decode('utf-8')";
      case FieldDescriptorProto_Type.BYTES:
        return this.bytesLiteral(cEscape(unescapeCBytes(text)), '"');
      case FieldDescriptorProto_Type.MESSAGE:
      case FieldDescriptorProto_Type.GROUP:
        return "None";
    }
    throw new PythonGeneratorError(`${this.file.name}: field ${field.name} has an unknown type ${String(field.type)}`);
  }


  // ---- file header ---------------------------------------------------------

  private printTopBoilerplate(): void {
    const f = this.format;
    this.p.print(
      (f.codingLine ? "# -*- coding: utf-8 -*-\n" : "") +
        "# Generated by the protocol buffer compiler.  DO NOT EDIT!\n" +
        "# source: $filename$\n" +
        (f.bytesHelper
          ? "\nimport sys\n_b=sys.version_info[0]<3 and (lambda x:x) or (lambda x:x.encode('latin1'))\n"
          : f.docstring
            ? '"""Generated protocol buffer code."""\n'
            : "\n"),
      { filename: this.file.name },
    );
    if (this.file.enumType.length > 0) {
      this.p.print("from google.protobuf.internal import enum_type_wrapper\n");
    }
    this.p.print("from google.protobuf import descriptor as _descriptor\n");
    if (f.importsDescriptorPool) {
      this.p.print("from google.protobuf import descriptor_pool as _descriptor_pool\n");
    }
    this.p.print(
      "from google.protobuf import message as _message\n" +
        "from google.protobuf import reflection as _reflection\n" +
        "from google.protobuf import symbol_database as _symbol_database\n",
    );
    if (this.hasGenericServices()) {
      this.p.print("from google.protobuf import service as _service\nfrom google.protobuf import service_reflection\n");
    }
    if (f.importsDescriptorPb2 && !this.isDescriptorProto) {
      this.p.print("from google.protobuf import descriptor_pb2\n");
    }
    this.p.print("# @@protoc_insertion_point(imports)\n\n_sym_db = _symbol_database.Default()\n");
    this.p.print("\n\n");
  }

  private hasGenericServices(): boolean {
    return this.file.service.length > 0 && this.file.options?.pyGenericServices === true;
  }

  private dependency(name: string): FileDescriptorProto {
    const dep = this.input.files.get(name);
    if (dep === undefined) throw new PythonGeneratorError(`${this.file.name}: imported file ${name} is missing from the request`);
    return dep;
  }

  private publicDependencies(file: FileDescriptorProto): string[] {
    return file.publicDependency.map((i) => {
      const name = file.dependency[i];
      if (name === undefined) throw new PythonGeneratorError(`${file.name}: public_dependency ${i} is out of range`);
      return name;
    });
  }

  private printImports(): void {
    for (const filename of this.file.dependency) {
      const name = moduleName(filename);
      const alias = moduleAlias(filename);
      if (name.split(".").some((token) => this.isKeyword(token))) {
        this.p.print("import importlib\n");
        this.p.print("$alias$ = importlib.import_module('$name$')\n", { alias, name });
      } else {
        const lastDot = name.lastIndexOf(".");
        const statement =
          lastDot < 0 ? `import ${name}` : `from ${name.slice(0, lastDot)} import ${name.slice(lastDot + 1)}`;
        this.p.print("$statement$ as $alias$\n", { statement, alias });
      }
      this.copyPublicDependenciesAliases(alias, this.dependency(filename));
    }
    this.p.print("\n");
    for (const filename of this.publicDependencies(this.file)) {
      this.p.print("from $module$ import *\n", { module: moduleName(filename) });
    }
    this.p.print("\n");
  }

  private copyPublicDependenciesAliases(copyFrom: string, file: FileDescriptorProto): void {
    for (const filename of this.publicDependencies(file)) {
      this.p.print(
        "try:\n  $alias$ = $copy_from$.$alias$\nexcept AttributeError:\n  $alias$ = $copy_from$.$module$\n",
        { alias: moduleAlias(filename), module: moduleName(filename), copy_from: copyFrom },
      );
      this.copyPublicDependenciesAliases(copyFrom, this.dependency(filename));
    }
  }


  private printFileDescriptor(): void {
    const vars = {
      descriptor_name: DESCRIPTOR_KEY,
      name: this.file.name,
      package: this.file.package,
      syntax: syntaxOf(this.file),
      options: this.optionsValue("File", this.file.options),
      serialized: cHexEscape(this.serialized),
    };
    const pool = this.format.layout === "pool";
    if (pool && this.isDescriptorProto) {
      this.p.print("if _descriptor._USE_C_DESCRIPTORS == False:\n");
      this.p.indent();
    }
    if (!pool || this.isDescriptorProto) {
      this.p.print(
        "$descriptor_name$ = _descriptor.FileDescriptor(\n  name='$name$',\n  package='$package$',\n  syntax='$syntax$',\n" +
          (this.format.options === "serialized" ? "  serialized_options=$options$,\n" : "") +
          (this.format.createKey ? "  create_key=_descriptor._internal_create_key,\n" : ""),
        vars,
      );
      this.p.indent();
      this.p.print(this.format.bytesHelper ? "serialized_pb=_b('$serialized$')\n" : "serialized_pb=b'$serialized$'\n", vars);
      if (this.file.dependency.length > 0) {
        this.p.print(",\ndependencies=[");
        for (const dep of this.file.dependency) {
          this.p.print("$module_alias$.DESCRIPTOR,", { module_alias: moduleAlias(dep) });
        }
        this.p.print("]");
      }
      const publicDeps = this.publicDependencies(this.file);
      if (publicDeps.length > 0) {
        this.p.print(",\npublic_dependencies=[");
        for (const dep of publicDeps) {
          this.p.print("$module_alias$.DESCRIPTOR,", { module_alias: moduleAlias(dep) });
        }
        this.p.print("]");
      }
      this.p.outdent();
      this.p.print(")\n");
    }
    if (pool) {
      if (this.isDescriptorProto) {
        this.p.outdent();
        this.p.print("else:\n");
        this.p.indent();
      }
      this.p.print("$descriptor_name$ = _descriptor_pool.Default().AddSerializedFile(b'$serialized$')\n", vars);
      if (this.isDescriptorProto) this.p.outdent();
    }
    this.p.print("\n");
  }

  // ---- enums ---------------------------------------------------------------

  private printTopLevelEnums(): void {
    const values: [string, number][] = [];
    for (const proto of this.file.enumType) {
      const node = this.enumNode(proto, undefined);
      if (this.format.layout === "pool") this.printFindEnum(node);
      else this.printCreateEnum(node);
      this.p.print("$name$ = enum_type_wrapper.EnumTypeWrapper($descriptor_name$)", {
        name: this.resolveKeyword(proto.name),
        descriptor_name: this.descriptorName(node),
      });
      this.p.print("\n");
      for (const value of proto.value) values.push([value.name, value.number]);
    }
    for (const [name, value] of values) {
      this.p.print("$name$ = $value$\n", { name: this.resolveKeyword(name), value: String(value) });
    }
    this.p.print("\n");
  }

  private printCreateEnum(node: EnumNode): void {
    const name = this.descriptorName(node);
    this.p.print(
      "$descriptor_name$ = _descriptor.EnumDescriptor(\n  name='$name$',\n  full_name='$full_name$',\n  filename=None,\n  file=$file$,\n" +
        (this.format.createKey ? "  create_key=_descriptor._internal_create_key,\n" : "") +
        "  values=[\n",
      { descriptor_name: name, name: node.proto.name, full_name: node.fullName, file: DESCRIPTOR_KEY },
    );
    this.p.indent();
    this.p.indent();
    node.proto.value.forEach((value, index) => {
      this.p.print(
        "_descriptor.EnumValueDescriptor(\n  name='$name$', index=$index$, number=$number$,\n  $options_arg$=$options$,\n" +
          (this.format.createKey ? "  type=None,\n  create_key=_descriptor._internal_create_key)" : "  type=None)"),
        {
          name: value.name,
          index: String(index),
          number: String(value.number),
          options_arg: this.optionsArgument(),
          options: this.optionsValue("EnumValue", value.options),
        },
      );
      this.p.print(",\n");
    });
    this.p.outdent();
    this.p.print("],\n");
    this.p.print("containing_type=None,\n");
    this.p.print("$options_arg$=$options_value$,\n", {
      options_arg: this.optionsArgument(),
      options_value: this.optionsValue("Enum", node.proto.options),
    });
    if (this.format.layout === "descriptors") {
      this.printSerializedPbInterval(this.span(EnumDescriptorProtoSchema, node.proto));
    }
    this.p.outdent();
    this.p.print(")\n");
    this.p.print("_sym_db.RegisterEnumDescriptor($name$)\n", { name });
    this.p.print("\n");
  }

  private printFindEnum(node: EnumNode): void {
    const vars = {
      descriptor_name: this.descriptorName(node),
      name: node.proto.name,
      file: DESCRIPTOR_KEY,
      containing_type: node.parent === undefined ? "" : this.descriptorName(node.parent),
    };
    if (node.parent !== undefined) {
      this.p.print("$descriptor_name$ = $containing_type$.enum_types_by_name['$name$']\n", vars);
    } else {
      this.p.print("$descriptor_name$ = $file$.enum_types_by_name['$name$']\n", vars);
    }
  }

  private printAllNestedEnums(mode: "create" | "find"): void {
    const visit = (message: MessageNode): void => {
      for (const child of this.children(message)) visit(child);
      for (const e of message.proto.enumType) {
        const node = this.enumNode(e, message);
        if (mode === "create") this.printCreateEnum(node);
        else this.printFindEnum(node);
      }
    };
    for (const message of this.topMessages()) visit(message);
  }

  // ---- extensions and fields -----------------------------------------------

  private topLevelExtensions(): ExtensionNode[] {
    return this.file.extension.map((proto, index) => ({ proto, scope: undefined, index }));
  }

  private printTopLevelExtensions(): void {
    for (const ext of this.topLevelExtensions()) {
      this.p.print("$constant_name$ = $number$\n", {
        constant_name: upperAscii(ext.proto.name + "_FIELD_NUMBER"),
        number: String(ext.proto.number),
      });
      if (this.format.layout === "pool") {
        this.p.print("$resolved_name$ = $file$.extensions_by_name['$name$']\n", {
          resolved_name: this.resolveKeyword(ext.proto.name),
          file: DESCRIPTOR_KEY,
          name: ext.proto.name,
        });
      } else {
        this.p.print("$name$ = ", { name: this.resolveKeyword(ext.proto.name) });
        this.printFieldDescriptor(ext.proto, ext.index, undefined, true);
        this.p.print("\n");
      }
    }
    this.p.print("\n");
  }

  private printFieldDescriptor(
    field: FieldDescriptorProto,
    index: number,
    scope: MessageNode | undefined,
    isExtension: boolean,
  ): void {
    const vars = {
      name: field.name,
      full_name: this.fullName(scope, field.name),
      index: String(index),
      number: String(field.number),
      type: String(field.type),
      cpp_type: String(CPP_TYPE[field.type] ?? 0),
      label: String(field.label),
      has_default_value: pythonBool(this.fieldHasDefault(field)),
      default_value: this.defaultValue(field),
      is_extension: pythonBool(isExtension),
      options_arg: this.optionsArgument(),
      options: this.optionsValue("Field", field.options),
      json_name: isFieldSet(field, FieldDescriptorProtoSchema.field.jsonName) ? `, json_name='${field.jsonName}'` : "",
    };
    this.p.print(
      "_descriptor.FieldDescriptor(\n" +
        "  name='$name$', full_name='$full_name$', index=$index$,\n" +
        "  number=$number$, type=$type$, cpp_type=$cpp_type$, label=$label$,\n" +
        "  has_default_value=$has_default_value$, default_value=$default_value$,\n" +
        "  message_type=None, enum_type=None, containing_type=None,\n" +
        "  is_extension=$is_extension$, extension_scope=None,\n" +
        "  $options_arg$=$options$$json_name$, file=DESCRIPTOR" +
        (this.format.createKey ? ",  create_key=_descriptor._internal_create_key)" : ")"),
      vars,
    );
  }

  // protoc's parser sets default_value only when the .proto writes one
  // (possibly the empty string), so presence is what has_default_value means.
  private fieldHasDefault(field: FieldDescriptorProto): boolean {
    return isFieldSet(field, FieldDescriptorProtoSchema.field.defaultValue);
  }

  private printFieldList(listName: string, fields: readonly FieldDescriptorProto[], scope: MessageNode, isExtension: boolean): void {
    this.p.print("$list$=[\n", { list: listName });
    this.p.indent();
    fields.forEach((field, index) => {
      this.printFieldDescriptor(field, index, scope, isExtension);
      this.p.print(",\n");
    });
    this.p.outdent();
    this.p.print("],\n");
  }

  // ---- messages ------------------------------------------------------------

  private printMessageDescriptors(mode: "create" | "find"): void {
    for (const message of this.topMessages()) {
      if (mode === "create") {
        this.printCreateDescriptor(message);
        this.p.print("\n");
      } else {
        this.printFindDescriptor(message);
      }
    }
  }

  private printCreateDescriptor(message: MessageNode): void {
    for (const child of this.children(message)) this.printCreateDescriptor(child);
    const proto = message.proto;
    this.p.print("\n");
    this.p.print("$descriptor_name$ = _descriptor.Descriptor(\n", { descriptor_name: this.descriptorName(message) });
    this.p.indent();
    this.p.print(
      "name='$name$',\nfull_name='$full_name$',\nfilename=None,\nfile=$file$,\ncontaining_type=None,\n" + this.createKeyLine(),
      { name: proto.name, full_name: message.fullName, file: DESCRIPTOR_KEY },
    );
    this.printFieldList("fields", proto.field, message, false);
    this.printFieldList("extensions", proto.extension, message, true);
    this.p.print("nested_types=[");
    for (const child of this.children(message)) {
      this.p.print("$name$, ", { name: this.descriptorName(child) });
    }
    this.p.print("],\n");
    this.p.print("enum_types=[\n");
    this.p.indent();
    for (const e of proto.enumType) {
      this.p.printRaw(this.descriptorName(this.enumNode(e, message)));
      this.p.print(",\n");
    }
    this.p.outdent();
    this.p.print("],\n");
    this.p.print("$options_arg$=$options_value$,\nis_extendable=$extendable$,\nsyntax='$syntax$'", {
      options_arg: this.optionsArgument(),
      options_value: this.optionsValue("Message", proto.options),
      extendable: pythonBool(proto.extensionRange.length > 0),
      syntax: syntaxOf(this.file),
    });
    this.p.print(",\n");
    this.p.print("extension_ranges=[");
    for (const range of proto.extensionRange) {
      this.p.print("($start$, $end$), ", { start: String(range.start), end: String(range.end) });
    }
    this.p.print("],\n");
    this.p.print("oneofs=[\n");
    this.p.indent();
    proto.oneofDecl.forEach((oneof, index) => {
      const options = this.optionsValue("Oneof", oneof.options);
      const optionsArg = options === "None" ? "" : `, ${this.optionsArgument()}=${options}`;
      this.p.print(
        "_descriptor.OneofDescriptor(\n  name='$name$', full_name='$full_name$',\n" +
          (this.format.createKey
            ? "  index=$index$, containing_type=None,\n  create_key=_descriptor._internal_create_key,\n"
            : "  index=$index$, containing_type=None, ") +
          "fields=[]$options$),\n",
        { name: oneof.name, full_name: `${message.fullName}.${oneof.name}`, index: String(index), options: optionsArg },
      );
    });
    this.p.outdent();
    this.p.print("],\n");
    if (this.format.layout === "descriptors") {
      this.printSerializedPbInterval(this.span(DescriptorProtoSchema, proto));
    }
    this.p.outdent();
    this.p.print(")\n");
  }

  private printFindDescriptor(message: MessageNode): void {
    if (message.parent !== undefined) {
      this.p.print("$descriptor_name$ = $containing_type$.nested_types_by_name['$name$']\n", {
        descriptor_name: this.descriptorName(message),
        containing_type: this.descriptorName(message.parent),
        name: message.proto.name,
      });
    } else {
      this.p.print("$descriptor_name$ = $file$.message_types_by_name['$name$']\n", {
        descriptor_name: this.descriptorName(message),
        file: DESCRIPTOR_KEY,
        name: message.proto.name,
      });
    }
    for (const child of this.children(message)) this.printFindDescriptor(child);
  }

  // PrintSerializedPbInterval(): where the element's own serialization first
  // occurs in the file's bytes (protoc uses string::find, so identical
  // elements share the first offset).
  private span<Desc extends DescMessage>(
    schema: Desc,
    message: MessageShape<Desc>,
  ): Span {
    return this.input.serialized.span(schema, message);
  }

  private printSerializedPbInterval(span: Span): void {
    this.p.print("serialized_start=$serialized_start$,\nserialized_end=$serialized_end$,\n", {
      serialized_start: String(span.start),
      serialized_end: String(span.end),
    });
  }

  private printNamedSerializedPbInterval(name: string, span: Span): void {
    this.p.print("$name$._serialized_start=$serialized_start$\n$name$._serialized_end=$serialized_end$\n", {
      name,
      serialized_start: String(span.start),
      serialized_end: String(span.end),
    });
  }

  private fieldReference(scope: MessageNode | undefined, field: FieldDescriptorProto, dict: string): string {
    if (scope === undefined) return this.resolveKeyword(field.name);
    return `${this.descriptorName(scope)}.${dict}['${field.name}']`;
  }

  private fixForeignFieldsInField(scope: MessageNode | undefined, field: FieldDescriptorProto, dict: string): void {
    const ref = this.fieldReference(scope, field, dict);
    if (field.type === FieldDescriptorProto_Type.MESSAGE || field.type === FieldDescriptorProto_Type.GROUP) {
      this.p.print("$field_ref$.message_type = $foreign_type$\n", {
        field_ref: ref,
        foreign_type: this.descriptorName(this.lookupMessage(field.typeName)),
      });
    }
    if (field.type === FieldDescriptorProto_Type.ENUM) {
      this.p.print("$field_ref$.enum_type = $enum_type$\n", {
        field_ref: ref,
        enum_type: this.descriptorName(this.lookupEnum(field.typeName)),
      });
    }
  }

  private fixForeignFieldsInDescriptor(message: MessageNode, containing: MessageNode | undefined): void {
    for (const child of this.children(message)) this.fixForeignFieldsInDescriptor(child, message);
    for (const field of message.proto.field) this.fixForeignFieldsInField(message, field, "fields_by_name");
    const name = this.descriptorName(message);
    if (containing !== undefined) {
      this.p.print("$nested_name$.containing_type = $parent_name$\n", {
        nested_name: name,
        parent_name: this.descriptorName(containing),
      });
    }
    for (const e of message.proto.enumType) {
      this.p.print("$nested_name$.containing_type = $parent_name$\n", {
        nested_name: this.descriptorName(this.enumNode(e, message)),
        parent_name: name,
      });
    }
    message.proto.oneofDecl.forEach((oneof, oneofIndex) => {
      for (const field of message.proto.field) {
        if (field.oneofIndex !== oneofIndex || !this.inOneof(field)) continue;
        const vars = { descriptor_name: name, oneof_name: oneof.name, field_name: field.name };
        this.p.print(
          "$descriptor_name$.oneofs_by_name['$oneof_name$'].fields.append(\n  $descriptor_name$.fields_by_name['$field_name$'])\n",
          vars,
        );
        this.p.print(
          "$descriptor_name$.fields_by_name['$field_name$'].containing_oneof = $descriptor_name$.oneofs_by_name['$oneof_name$']\n",
          vars,
        );
      }
    });
  }

  // An unset oneof_index reads as 0, so membership is field presence.
  private inOneof(field: FieldDescriptorProto): boolean {
    return isFieldSet(field, FieldDescriptorProtoSchema.field.oneofIndex);
  }

  private fixForeignFieldsInDescriptors(): void {
    const top = this.topMessages();
    for (const message of top) this.fixForeignFieldsInDescriptor(message, undefined);
    for (const message of top) {
      this.p.print("$descriptor_name$.message_types_by_name['$message_name$'] = $message_descriptor_name$\n", {
        descriptor_name: DESCRIPTOR_KEY,
        message_name: message.proto.name,
        message_descriptor_name: this.descriptorName(message),
      });
    }
    for (const e of this.file.enumType) {
      this.p.print("$descriptor_name$.enum_types_by_name['$enum_name$'] = $enum_descriptor_name$\n", {
        descriptor_name: DESCRIPTOR_KEY,
        enum_name: e.name,
        enum_descriptor_name: this.descriptorName(this.enumNode(e, undefined)),
      });
    }
    for (const ext of this.file.extension) {
      this.p.print("$descriptor_name$.extensions_by_name['$field_name$'] = $resolved_name$\n", {
        descriptor_name: DESCRIPTOR_KEY,
        field_name: ext.name,
        resolved_name: this.resolveKeyword(ext.name),
      });
    }
    this.p.print("_sym_db.RegisterFileDescriptor($name$)\n", { name: DESCRIPTOR_KEY });
    this.p.print("\n");
  }

  private printMessages(): void {
    for (const message of this.topMessages()) {
      const toRegister: string[] = [];
      this.printMessage(message, "", toRegister, false);
      for (const name of toRegister) {
        this.p.print("_sym_db.RegisterMessage($name$)\n", { name: this.resolveKeyword(name) });
      }
      this.p.print("\n");
    }
  }

  private printMessage(message: MessageNode, prefix: string, toRegister: string[], nested: boolean): void {
    const name = message.proto.name;
    const literal = this.format.classBody === "dict-literal";
    let qualified: string;
    if (!literal) {
      qualified = prefix + name;
      this.p.print("$name$ = _reflection.GeneratedProtocolMessageType('$name$', (_message.Message,), dict(\n", { name });
    } else if (nested) {
      qualified = this.isKeyword(name) ? `getattr(${prefix}, '${name}')` : `${prefix}.${name}`;
      this.p.print("'$name$' : _reflection.GeneratedProtocolMessageType('$name$', (_message.Message,), {\n", { name });
    } else {
      qualified = this.resolveKeyword(name);
      this.p.print("$qualified_name$ = _reflection.GeneratedProtocolMessageType('$name$', (_message.Message,), {\n", {
        qualified_name: qualified,
        name,
      });
    }
    this.p.indent();
    toRegister.push(qualified);
    for (const child of this.children(message)) {
      this.p.print("\n");
      this.printMessage(child, literal ? qualified : qualified + ".", toRegister, true);
      this.p.print(",\n");
    }
    const vars = {
      descriptor_key: DESCRIPTOR_KEY,
      descriptor_name: this.descriptorName(message),
      module_name: moduleName(this.file.name),
      full_name: message.fullName,
    };
    if (literal) {
      this.p.print("'$descriptor_key$' : $descriptor_name$,\n'__module__' : '$module_name$'\n", vars);
    } else {
      this.p.print("$descriptor_key$ = $descriptor_name$,\n__module__ = '$module_name$'\n", vars);
    }
    this.p.print("# @@protoc_insertion_point(class_scope:$full_name$)\n", vars);
    this.p.print(literal ? "})\n" : "))\n");
    this.p.outdent();
  }

  private nestedExtensions(message: MessageNode): ExtensionNode[] {
    return message.proto.extension.map((proto, index) => ({ proto, scope: message, index }));
  }

  private fixForeignFieldsInExtensions(): void {
    for (const ext of this.topLevelExtensions()) this.fixForeignFieldsInExtension(ext);
    const visit = (message: MessageNode): void => {
      for (const child of this.children(message)) visit(child);
      for (const ext of this.nestedExtensions(message)) this.fixForeignFieldsInExtension(ext);
    };
    for (const message of this.topMessages()) visit(message);
    this.p.print("\n");
  }

  private fixForeignFieldsInExtension(ext: ExtensionNode): void {
    if (this.format.layout === "descriptors") {
      this.fixForeignFieldsInField(ext.scope, ext.proto, "extensions_by_name");
    }
    this.p.print("$extended_message_class$.RegisterExtension($field$)\n", {
      extended_message_class: this.messageClassName(this.lookupMessage(ext.proto.extendee)),
      field: this.fieldReference(ext.scope, ext.proto, "extensions_by_name"),
    });
  }

  // ---- options fix-ups -----------------------------------------------------

  private printOptionsFixingCode(descriptor: string, options: string): void {
    if (this.format.options === "parse") {
      this.p.print("$descriptor$.has_options = True\n$descriptor$._options = $options$\n", { descriptor, options });
    } else if (this.format.layout === "pool") {
      this.p.print("$descriptor$._options = None\n$descriptor$._serialized_options = $options$\n", { descriptor, options });
    } else {
      this.p.print("$descriptor$._options = None\n", { descriptor });
    }
  }

  private fixAllDescriptorOptions(): void {
    const fileOptions = this.optionsValue("File", this.file.options);
    if (fileOptions !== "None") this.printOptionsFixingCode(DESCRIPTOR_KEY, fileOptions);
    else if (this.format.layout === "pool") this.p.print("DESCRIPTOR._options = None\n");
    for (const e of this.file.enumType) this.fixOptionsForEnum(this.enumNode(e, undefined));
    for (const ext of this.topLevelExtensions()) this.fixOptionsForField(ext.proto, undefined, true);
    for (const message of this.topMessages()) this.fixOptionsForMessage(message);
    if (this.format.layout === "pool") {
      for (const service of this.file.service) this.fixOptionsForService(service);
    }
  }

  private fixOptionsForEnum(node: EnumNode): void {
    const name = this.descriptorName(node);
    const options = this.optionsValue("Enum", node.proto.options);
    if (options !== "None") this.printOptionsFixingCode(name, options);
    for (const value of node.proto.value) {
      const valueOptions = this.optionsValue("EnumValue", value.options);
      if (valueOptions !== "None") this.printOptionsFixingCode(`${name}.values_by_name["${value.name}"]`, valueOptions);
    }
  }

  private fixOptionsForField(field: FieldDescriptorProto, scope: MessageNode | undefined, isExtension: boolean): void {
    const options = this.optionsValue("Field", field.options);
    if (options === "None") return;
    const name =
      isExtension && scope === undefined
        ? field.name
        : this.fieldReference(scope, field, isExtension ? "extensions_by_name" : "fields_by_name");
    this.printOptionsFixingCode(name, options);
  }

  private fixOptionsForMessage(message: MessageNode): void {
    for (const child of this.children(message)) this.fixOptionsForMessage(child);
    for (const oneof of message.proto.oneofDecl) {
      const options = this.optionsValue("Oneof", oneof.options);
      if (options !== "None") {
        this.printOptionsFixingCode(`${this.descriptorName(message)}.oneofs_by_name['${oneof.name}']`, options);
      }
    }
    for (const e of message.proto.enumType) this.fixOptionsForEnum(this.enumNode(e, message));
    for (const field of message.proto.field) this.fixOptionsForField(field, message, false);
    for (const ext of message.proto.extension) this.fixOptionsForField(ext, message, true);
    const options = this.optionsValue("Message", message.proto.options);
    if (options !== "None") this.printOptionsFixingCode(this.descriptorName(message), options);
  }

  private fixOptionsForService(service: ServiceDescriptorProto): void {
    const name = this.serviceDescriptorName(service);
    const options = this.optionsValue("Service", service.options);
    if (options !== "None") this.printOptionsFixingCode(name, options);
    for (const method of service.method) {
      const methodOptions = this.optionsValue("Method", method.options);
      if (methodOptions !== "None") this.printOptionsFixingCode(`${name}.methods_by_name['${method.name}']`, methodOptions);
    }
  }

  // ---- services ------------------------------------------------------------

  private printServiceDescriptors(): void {
    this.file.service.forEach((service, index) => {
      const name = this.serviceDescriptorName(service);
      if (this.format.layout === "pool") {
        this.p.print("$service_name$ = $file$.services_by_name['$name$']\n", {
          service_name: name,
          file: DESCRIPTOR_KEY,
          name: service.name,
        });
        return;
      }
      this.printCreateServiceDescriptor(service, index);
      this.p.print("$descriptor_name$.services_by_name['$service_name$'] = $service_descriptor_name$\n", {
        descriptor_name: DESCRIPTOR_KEY,
        service_name: service.name,
        service_descriptor_name: name,
      });
      this.p.print("\n");
    });
  }

  private printCreateServiceDescriptor(service: ServiceDescriptorProto, index: number): void {
    this.p.print("\n");
    const serviceName = this.serviceDescriptorName(service);
    const fullName = this.fullName(undefined, service.name);
    this.p.print("$service_name$ = _descriptor.ServiceDescriptor(\n", { service_name: serviceName });
    this.p.indent();
    this.p.print(
      "name='$name$',\nfull_name='$full_name$',\nfile=$file$,\nindex=$index$,\n$options_arg$=$options_value$,\n" +
        this.createKeyLine(),
      {
        name: service.name,
        full_name: fullName,
        file: DESCRIPTOR_KEY,
        index: String(index),
        options_arg: this.optionsArgument(),
        options_value: this.optionsValue("Service", service.options),
      },
    );
    this.printSerializedPbInterval(this.span(ServiceDescriptorProtoSchema, service));
    this.p.print("methods=[\n");
    service.method.forEach((method, methodIndex) => {
      this.p.print("_descriptor.MethodDescriptor(\n");
      this.p.indent();
      this.p.print(
        "name='$name$',\nfull_name='$full_name$',\nindex=$index$,\ncontaining_service=None,\ninput_type=$input_type$,\noutput_type=$output_type$,\n$options_arg$=$options_value$,\n" +
          this.createKeyLine(),
        {
          name: method.name,
          full_name: `${fullName}.${method.name}`,
          index: String(methodIndex),
          input_type: this.descriptorName(this.lookupMessage(method.inputType)),
          output_type: this.descriptorName(this.lookupMessage(method.outputType)),
          options_arg: this.optionsArgument(),
          options_value: this.optionsValue("Method", method.options),
        },
      );
      this.p.outdent();
      this.p.print("),\n");
    });
    this.p.outdent();
    this.p.print("])\n");
    this.p.print("_sym_db.RegisterServiceDescriptor($name$)\n", { name: serviceName });
    this.p.print("\n");
  }

  private printServices(): void {
    for (const service of this.file.service) {
      const vars = {
        class_name: service.name,
        descriptor_key: DESCRIPTOR_KEY,
        descriptor_name: this.serviceDescriptorName(service),
        module_name: moduleName(this.file.name),
      };
      const body = "$descriptor_key$ = $descriptor_name$,\n__module__ = '$module_name$'\n";
      this.p.print("$class_name$ = service_reflection.GeneratedServiceType('$class_name$', (_service.Service,), dict(\n", vars);
      this.p.indent();
      this.p.print(body, vars);
      this.p.print("))\n\n");
      this.p.outdent();
      this.p.print(
        "$class_name$_Stub = service_reflection.GeneratedServiceStubType('$class_name$_Stub', ($class_name$,), dict(\n",
        vars,
      );
      this.p.indent();
      this.p.print(body, vars);
      this.p.print("))\n\n");
      this.p.outdent();
      this.p.print("\n");
    }
  }

  // 3.19 sets the offsets after the fact, in the order of SetSerializedPbInterval().
  private setSerializedPbIntervals(): void {
    for (const e of this.file.enumType) {
      this.printNamedSerializedPbInterval(this.descriptorName(this.enumNode(e, undefined)), this.span(EnumDescriptorProtoSchema, e));
    }
    const visit = (message: MessageNode): void => {
      this.printNamedSerializedPbInterval(this.descriptorName(message), this.span(DescriptorProtoSchema, message.proto));
      for (const child of this.children(message)) visit(child);
      for (const e of message.proto.enumType) {
        this.printNamedSerializedPbInterval(this.descriptorName(this.enumNode(e, message)), this.span(EnumDescriptorProtoSchema, e));
      }
    };
    for (const message of this.topMessages()) visit(message);
    for (const service of this.file.service) {
      this.printNamedSerializedPbInterval(this.serviceDescriptorName(service), this.span(ServiceDescriptorProtoSchema, service));
    }
  }

  // ---- the whole file ------------------------------------------------------

  generate(): string {
    this.printTopBoilerplate();
    this.printImports();
    this.printFileDescriptor();
    this.printTopLevelEnums();
    this.printTopLevelExtensions();
    if (this.format.layout === "descriptors") {
      this.printAllNestedEnums("create");
      this.printMessageDescriptors("create");
      this.fixForeignFieldsInDescriptors();
      this.printMessages();
      this.fixForeignFieldsInExtensions();
      this.fixAllDescriptorOptions();
      this.printServiceDescriptors();
    } else {
      if (this.isDescriptorProto) {
        this.p.print("if _descriptor._USE_C_DESCRIPTORS == False:\n");
        this.p.indent();
        this.printAllNestedEnums("create");
        this.printMessageDescriptors("create");
        this.fixForeignFieldsInDescriptors();
        this.p.outdent();
        this.p.print("else:\n");
        this.p.indent();
      }
      this.printMessageDescriptors("find");
      this.printAllNestedEnums("find");
      if (this.isDescriptorProto) this.p.outdent();
      this.printMessages();
      this.printServiceDescriptors();
      this.p.print("if _descriptor._USE_C_DESCRIPTORS == False:\n");
      this.p.indent();
      this.fixForeignFieldsInExtensions();
      this.fixAllDescriptorOptions();
      this.setSerializedPbIntervals();
      this.p.outdent();
    }
    if (this.hasGenericServices()) this.printServices();
    this.p.print("# @@protoc_insertion_point(module_scope)\n");
    return this.p.toString();
  }
}

export function generateLegacy(input: LegacyInput, format: LegacyFormat): string {
  return new Generator(input, format).generate();
}
