// The `_pb2.pyi` typing stub, as protoc's pyi generator (compiler/python/
// pyi_generator.cc) writes it. Releases differ in layout (sorted maps in
// 3.20/3.21, declaration order later) and in many small spellings; see PyiFormat.

import type { DescriptorProto, EnumDescriptorProto, FieldDescriptorProto, FileDescriptorProto } from "@bufbuild/protobuf/wkt";
import { FieldDescriptorProto_Type } from "@bufbuild/protobuf/wkt";
import type { PyiFormat } from "../releases.js";
import {
  CppType,
  cppType,
  dependencies,
  enumOf,
  fileTypes,
  isMapField,
  isRepeated,
  messageOf,
  publicDependencies,
  type FileIndex,
  type MessageEntry,
  type TypeEntry,
} from "./model.js";
import { asciiUpper, containsPythonKeyword, moduleName, namePrefixedWithNestedTypes } from "./names.js";

export interface PyiInput {
  readonly index: FileIndex;
  readonly file: FileDescriptorProto;
  readonly format: PyiFormat;
  readonly keywords: ReadonlySet<string>;
}

const WELL_KNOWN_TYPES: ReadonlySet<string> = new Set([
  "google.protobuf.Any",
  "google.protobuf.Duration",
  "google.protobuf.FieldMask",
  "google.protobuf.ListValue",
  "google.protobuf.Struct",
  "google.protobuf.Timestamp",
]);

const DATETIME_TYPES: ReadonlyMap<string, string> = new Map([
  ["google.protobuf.Timestamp", "datetime.datetime, "],
  ["google.protobuf.Duration", "datetime.timedelta, "],
]);

interface ImportModules {
  repeated: boolean;
  iterable: boolean;
  messages: boolean;
  enums: boolean;
  extendable: boolean;
  mapping: boolean;
  optional: boolean;
  union: boolean;
  wellKnownType: boolean;
  datetime: boolean;
}

/** Byte-wise comparison, like std::map<std::string> and std::sort by name. */
function byName(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function generatePyi(input: PyiInput): string {
  const { index, file, format: fmt, keywords: kw } = input;
  const out: string[] = [];
  let indent = "";
  const print = (text: string): void => {
    // io::Printer indents at the start of every non-empty line.
    let start = 0;
    for (;;) {
      const nl = text.indexOf("\n", start);
      const piece = nl < 0 ? text.slice(start) : text.slice(start, nl + 1);
      if (piece === "") break;
      const atLineStart = out.length === 0 || (out[out.length - 1] ?? "").endsWith("\n");
      out.push(atLineStart && piece !== "\n" ? indent + piece : piece);
      if (nl < 0) break;
      start = nl + 1;
    }
  };
  const t = (name: string): string => (fmt.underscoreTyping ? `_${name}` : name);
  const importMap = new Map<string, string>();
  const isKeyword = (name: string): boolean => kw.has(name);
  const types = fileTypes(index, file);
  const entry = types.entry;
  const messageEntry = types.message;

  const moduleLevelName = (e: TypeEntry): string => {
    let name = namePrefixedWithNestedTypes(e, ".", kw);
    if (e.file !== file.name) {
      const alias = importMap.get(e.file) ?? "_" + (moduleName(e.file).split(".").pop() ?? "");
      name = `${alias}.${name}`;
    }
    return name;
  };

  const fieldTypeName = (field: FieldDescriptorProto, containing: MessageEntry): string => {
    switch (cppType(field)) {
      case CppType.INT32:
      case CppType.UINT32:
      case CppType.INT64:
      case CppType.UINT64:
        return "int";
      case CppType.DOUBLE:
      case CppType.FLOAT:
        return "float";
      case CppType.BOOL:
        return "bool";
      case CppType.ENUM: {
        const e = enumOf(index, field);
        if (e === undefined) throw new Error(`internal: enum ${field.typeName} not found`);
        return moduleLevelName(e);
      }
      case CppType.STRING:
        return field.type === FieldDescriptorProto_Type.STRING ? "str" : "bytes";
      case CppType.MESSAGE: {
        const m = messageOf(index, field);
        if (m === undefined) throw new Error(`internal: message ${field.typeName} not found`);
        let name = moduleLevelName(m);
        const containingName = containing.chain[containing.chain.length - 1];
        if (fmt.qualifiesShadowedNames && containing.parent !== undefined && name === containingName) {
          name = `${moduleName(file.name)}.${name}`;
        }
        return name;
      }
    }
  };

  // --- CheckImportModules
  const mods: ImportModules = {
    repeated: false,
    iterable: false,
    messages: file.messageType.length > 0,
    enums: file.enumType.length > 0,
    extendable: false,
    mapping: false,
    optional: false,
    union: false,
    wellKnownType: false,
    datetime: false,
  };
  const check = (proto: DescriptorProto, e: MessageEntry): void => {
    if (proto.extensionRange.length > 0) mods.extendable = true;
    if (proto.enumType.length > 0) mods.enums = true;
    if (WELL_KNOWN_TYPES.has(e.fullName)) mods.wellKnownType = true;
    for (const field of proto.field) {
      if (isKeyword(field.name)) continue;
      mods.optional = true;
      if (isRepeated(field)) mods.repeated = true;
      const mapEntry = isMapField(index, field);
      const valueField = mapEntry?.proto.field[1];
      if (mapEntry !== undefined && valueField !== undefined) {
        mods.mapping = true;
        const valueType = cppType(valueField);
        if (valueType === CppType.MESSAGE) {
          mods.union = true;
          if (DATETIME_TYPES.has(messageOf(index, valueField)?.fullName ?? "")) mods.datetime = true;
        }
        if (valueType === CppType.ENUM) mods.union = true;
      } else {
        if (isRepeated(field)) mods.iterable = true;
        const type = cppType(field);
        if (type === CppType.MESSAGE) {
          mods.union = true;
          mods.mapping = true;
          if (DATETIME_TYPES.has(messageOf(index, field)?.fullName ?? "")) mods.datetime = true;
        }
        if (type === CppType.ENUM) mods.union = true;
      }
    }
    for (const n of proto.nestedType) check(n, messageEntry(e, n));
  };
  for (const m of file.messageType) check(m, messageEntry(undefined, m));

  // --- PrintImports
  if (fmt.datetimeImport && mods.datetime) print("import datetime\n\n");
  const seenAliases = new Set<string>();
  let hasImportlib = false;
  const importFor = (dep: FileDescriptorProto): void => {
    const name = moduleName(dep.name);
    const dot = name.lastIndexOf(".");
    let alias = "_" + name.slice(dot + 1);
    if (fmt.wellKnownBases) while (seenAliases.has(alias)) alias += "_1";
    if (fmt.importlibForKeywords && containsPythonKeyword(name, kw)) {
      if (!hasImportlib) {
        print("import importlib\n");
        hasImportlib = true;
      }
      print(`${alias} = importlib.import_module('${name}')\n`);
      return;
    }
    const statement = dot < 0 ? `import ${name}` : `from ${name.slice(0, dot)} import ${name.slice(dot + 1)}`;
    print(`${statement} as ${alias}\n`);
    if (fmt.wellKnownBases) {
      importMap.set(dep.name, alias);
      seenAliases.add(alias);
    }
  };
  for (const dep of dependencies(index, file)) {
    importFor(dep);
    if (fmt.importsForwardedDependencies) for (const pub of publicDependencies(index, dep)) importFor(pub);
  }
  if (mods.repeated) print("from google.protobuf.internal import containers as _containers\n");
  if (mods.enums) print("from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper\n");
  if (mods.extendable) print("from google.protobuf.internal import python_message as _python_message\n");
  if (fmt.wellKnownBases && mods.wellKnownType) {
    print("from google.protobuf.internal import well_known_types as _well_known_types\n");
  }
  print("from google.protobuf import descriptor as _descriptor\n");
  if (mods.messages) print("from google.protobuf import message as _message\n");
  const genericServices = file.service.length > 0 && file.options?.pyGenericServices === true;
  if (genericServices) print("from google.protobuf import service as _service\n");
  if (fmt.collectionsAbc && (mods.iterable || mods.mapping)) {
    const names: string[] = [];
    if (mods.iterable) names.push(" Iterable as _Iterable");
    if (mods.mapping) names.push(" Mapping as _Mapping");
    print(`from collections.abc import${names.join(",")}\n`);
  }
  const typing: string[] = [fmt.underscoreTyping ? "ClassVar as _ClassVar" : "ClassVar"];
  if (!fmt.collectionsAbc && mods.iterable) typing.push(fmt.underscoreTyping ? "Iterable as _Iterable" : "Iterable");
  if (!fmt.collectionsAbc && mods.mapping) typing.push(fmt.underscoreTyping ? "Mapping as _Mapping" : "Mapping");
  if (mods.optional) typing.push(fmt.underscoreTyping ? "Optional as _Optional" : "Optional");
  if (!fmt.underscoreTyping && file.service.length > 0) typing.push("Text");
  if (mods.union) typing.push(fmt.underscoreTyping ? "Union as _Union" : "Union");
  print(`from typing import ${typing.join(", ")}\n`);
  if (fmt.layout === "sorted") print("\n");
  for (const pub of publicDependencies(index, file)) {
    const name = moduleName(pub.name);
    for (const m of pub.messageType) print(`from ${name} import ${m.name}${fmt.publicImportAs ? ` as ${m.name}` : ""}\n`);
    for (const e of pub.enumType) print(`from ${name} import ${e.name}${fmt.publicImportAs ? ` as ${e.name}` : ""}\n`);
  }

  // --- shared pieces
  const slotsOf = (fields: readonly FieldDescriptorProto[]): string => {
    const names = fields.filter((f) => !isKeyword(f.name)).map((f) => `"${f.name}"`);
    switch (fmt.messageSlots) {
      case "list":
        return `__slots__ = [${names.join(", ")}]\n`;
      case "tuple":
        return `__slots__ = (${names.join(", ")}${names.length === 1 ? ",)" : ")"}\n`;
      case "empty":
        return "__slots__ = ()\n";
    }
  };
  const enumClass = (proto: EnumDescriptorProto): void => {
    print(`class ${proto.name}(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):\n    __slots__ = ${fmt.enumSlots}\n`);
  };
  const fieldLineType = (field: FieldDescriptorProto, container: MessageEntry): string => {
    const mapEntry = isMapField(index, field);
    const key = mapEntry?.proto.field[0];
    const value = mapEntry?.proto.field[1];
    let type: string;
    if (key !== undefined && value !== undefined) {
      type =
        (cppType(value) === CppType.MESSAGE ? "_containers.MessageMap[" : "_containers.ScalarMap[") +
        `${fieldTypeName(key, container)}, ${fieldTypeName(value, container)}`;
    } else {
      type = isRepeated(field)
        ? cppType(field) === CppType.MESSAGE
          ? "_containers.RepeatedCompositeFieldContainer["
          : "_containers.RepeatedScalarFieldContainer["
        : "";
      type += fieldTypeName(field, container);
    }
    return isRepeated(field) ? type + "]" : type;
  };
  const init = (proto: DescriptorProto, container: MessageEntry): void => {
    let selfName = "self";
    if (fmt.selfArgument === "rename-self") {
      while (proto.field.some((f) => f.name === selfName)) selfName += "_";
    }
    let text = `def __init__(${selfName}`;
    let hasKeywords = false;
    let isFirst = true;
    for (const field of proto.field) {
      if (isKeyword(field.name)) {
        hasKeywords = true;
        continue;
      }
      let name = field.name;
      if (fmt.selfArgument === "rename-first-field" && isFirst && name === "self") name = "self_";
      isFirst = false;
      text += `, ${name}: `;
      const optional = !(fmt.plainBoolInit && !isRepeated(field) && cppType(field) === CppType.BOOL);
      if (optional) text += `${t("Optional")}[`;
      const mapEntry = isMapField(index, field);
      const key = mapEntry?.proto.field[0];
      const value = mapEntry?.proto.field[1];
      if (key !== undefined && value !== undefined) {
        text += `${t("Mapping")}[${fieldTypeName(key, container)}, ${fieldTypeName(value, container)}]`;
      } else {
        if (isRepeated(field)) text += `${t("Iterable")}[`;
        const type = cppType(field);
        if (type === CppType.MESSAGE) {
          const extra = fmt.datetimeInit ? (DATETIME_TYPES.get(messageOf(index, field)?.fullName ?? "") ?? "") : "";
          text += `${t("Union")}[${extra}${fieldTypeName(field, container)}, ${t("Mapping")}]`;
        } else if (type === CppType.ENUM) {
          const e = enumOf(index, field);
          text += `${t("Union")}[${e === undefined ? "" : moduleLevelName(e)}, str]`;
        } else {
          text += fieldTypeName(field, container);
        }
        if (isRepeated(field)) text += "]";
      }
      if (optional) text += "]";
      text += " = ...";
    }
    if (hasKeywords) text += ", **kwargs";
    print(text + ") -> None: ...\n");
  };
  const classHeader = (e: MessageEntry): string => {
    const base = fmt.wellKnownBases && WELL_KNOWN_TYPES.has(e.fullName) ? `, _well_known_types.${e.chain.at(-1) ?? ""}` : "";
    return `class ${e.chain.at(-1) ?? ""}(_message.Message${base}):\n`;
  };
  const fieldNumberName = (field: FieldDescriptorProto): string => asciiUpper(field.name) + "_FIELD_NUMBER";
  const classVarInt = `${t("ClassVar")}[int]`;

  if (fmt.layout === "sorted") {
    // --- 3.20/3.21: names collected in sorted maps
    const printItems = (items: Map<string, string>): void => {
      for (const key of [...items.keys()].sort(byName)) print(`${key}: ${items.get(key) ?? ""}\n`);
    };
    const addEnumValues = (proto: EnumDescriptorProto, e: TypeEntry, items: Map<string, string>): void => {
      const name = moduleLevelName(e);
      for (const v of proto.value) items.set(v.name, name);
    };
    const addExtensions = (exts: readonly FieldDescriptorProto[], items: Map<string, string>): void => {
      for (const ext of exts) {
        items.set(asciiUpper(ext.name + "_FIELD_NUMBER"), classVarInt);
        items.set(ext.name, "_descriptor.FieldDescriptor");
      }
    };
    const fileItems = new Map<string, string>([["DESCRIPTOR", "_descriptor.FileDescriptor"]]);
    for (const pub of publicDependencies(index, file)) {
      for (const e of pub.enumType) {
        const pubEntry = index.types.get(pub.package === "" ? e.name : `${pub.package}.${e.name}`);
        if (pubEntry !== undefined) addEnumValues(e, pubEntry, fileItems);
      }
      addExtensions(pub.extension, fileItems);
    }
    for (const e of file.enumType) addEnumValues(e, entry(undefined, e.name), fileItems);
    addExtensions(file.extension, fileItems);
    printItems(fileItems);

    const message = (proto: DescriptorProto, e: MessageEntry, nested: boolean): void => {
      if (!nested) print("\n");
      print(classHeader(e));
      const saved = indent;
      indent += "    ";
      print(slotsOf([...proto.field].sort((a, b) => byName(a.name, b.name))));
      const items = new Map<string, string>();
      if (proto.extensionRange.length > 0) items.set("Extensions", "_python_message._ExtensionDict");
      for (const en of [...proto.enumType].sort((a, b) => byName(a.name, b.name))) {
        enumClass(en);
        addEnumValues(en, entry(e, en.name), items);
      }
      for (const n of [...proto.nestedType].sort((a, b) => byName(a.name, b.name))) {
        message(n, messageEntry(e, n), true);
      }
      addExtensions(proto.extension, items);
      for (const field of proto.field) {
        items.set(fieldNumberName(field), classVarInt);
        if (isKeyword(field.name)) continue;
        items.set(field.name, fieldLineType(field, e));
      }
      printItems(items);
      init(proto, e);
      indent = saved;
    };
    for (const m of [...file.messageType].sort((a, b) => byName(a.name, b.name))) {
      message(m, messageEntry(undefined, m), false);
    }
    for (const e of file.enumType) {
      print("\n");
      enumClass(e);
    }
    if (genericServices) {
      for (const s of [...file.service].sort((a, b) => byName(a.name, b.name))) {
        print(`\nclass ${s.name}(_service.service): ...\n\nclass ${s.name}_Stub(${s.name}): ...\n`);
      }
    }
    return out.join("");
  }

  // --- 22.x+: declaration order
  print("\n");
  print("DESCRIPTOR: _descriptor.FileDescriptor\n");
  const printExtensions = (exts: readonly FieldDescriptorProto[]): void => {
    for (const ext of exts) {
      print(`${asciiUpper(ext.name + "_FIELD_NUMBER")}: ${classVarInt}\n`);
      print(`${ext.name}: _descriptor.FieldDescriptor\n`);
    }
  };
  const printEnumValues = (proto: EnumDescriptorProto, e: TypeEntry, classVar: boolean): void => {
    const name = moduleLevelName(e);
    for (const v of proto.value) print(classVar ? `${v.name}: ${t("ClassVar")}[${name}]\n` : `${v.name}: ${name}\n`);
  };
  const printEnum = (proto: EnumDescriptorProto, e: TypeEntry): void => {
    enumClass(proto);
    const saved = indent;
    indent += "    ";
    printEnumValues(proto, e, true);
    indent = saved;
  };
  for (const pub of publicDependencies(index, file)) {
    printExtensions(pub.extension);
    for (const en of pub.enumType) {
      const pubEntry = index.types.get(pub.package === "" ? en.name : `${pub.package}.${en.name}`);
      if (pubEntry !== undefined) printEnumValues(en, pubEntry, false);
    }
  }
  for (const en of file.enumType) {
    print("\n");
    printEnum(en, entry(undefined, en.name));
  }
  for (const en of file.enumType) printEnumValues(en, entry(undefined, en.name), false);
  printExtensions(file.extension);

  const message = (proto: DescriptorProto, e: MessageEntry, nested: boolean): void => {
    if (!nested) print("\n");
    print(classHeader(e));
    const saved = indent;
    indent += "    ";
    print(slotsOf(proto.field));
    if (proto.extensionRange.length > 0) print("Extensions: _python_message._ExtensionDict\n");
    for (const en of proto.enumType) {
      const enEntry = entry(e, en.name);
      printEnum(en, enEntry);
      printEnumValues(en, enEntry, false);
    }
    for (const n of proto.nestedType) message(n, messageEntry(e, n), true);
    printExtensions(proto.extension);
    for (const field of proto.field) print(`${fieldNumberName(field)}: ${classVarInt}\n`);
    for (const field of proto.field) {
      if (isKeyword(field.name)) continue;
      print(`${field.name}: ${fieldLineType(field, e)}\n`);
    }
    init(proto, e);
    indent = saved;
  };
  for (const m of file.messageType) message(m, messageEntry(undefined, m), false);
  if (genericServices) {
    for (const s of file.service) {
      print(`\nclass ${s.name}(_service.service): ...\n\nclass ${s.name}_Stub(${s.name}): ...\n`);
    }
  }
  return out.join("");
}
