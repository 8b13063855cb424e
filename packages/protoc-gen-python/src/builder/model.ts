// A light index over the request's FileDescriptorProtos: what the generators
// ask protoc's Descriptor objects (which file a type lives in, its nesting, map
// entries, public imports). Built from the raw protos rather than a full
// registry: protoc keeps map entries as nested types and their order matters.

import type {
  DescriptorProto,
  EnumDescriptorProto,
  FieldDescriptorProto,
  FileDescriptorProto,
} from "@bufbuild/protobuf/wkt";
import { FieldDescriptorProto_Label, FieldDescriptorProto_Type } from "@bufbuild/protobuf/wkt";

interface TypeBase {
  readonly fullName: string;
  /** Name of the .proto file that declares the type. */
  readonly file: string;
  /** Names from the outermost message down to this type. */
  readonly chain: readonly string[];
  readonly parent: MessageEntry | undefined;
}

export interface MessageEntry extends TypeBase {
  readonly kind: "message";
  readonly proto: DescriptorProto;
}

export interface EnumEntry extends TypeBase {
  readonly kind: "enum";
  readonly proto: EnumDescriptorProto;
}

export type TypeEntry = MessageEntry | EnumEntry;

export interface FileIndex {
  readonly files: ReadonlyMap<string, FileDescriptorProto>;
  /** Keyed by full name without the leading dot. */
  readonly types: ReadonlyMap<string, TypeEntry>;
}

export function indexFiles(protoFiles: readonly FileDescriptorProto[]): FileIndex {
  const files = new Map<string, FileDescriptorProto>();
  const types = new Map<string, TypeEntry>();
  for (const file of protoFiles) {
    files.set(file.name, file);
    const prefix = file.package === "" ? "" : file.package + ".";
    const addEnum = (proto: EnumDescriptorProto, parent: MessageEntry | undefined): void => {
      const fullName = (parent === undefined ? prefix : parent.fullName + ".") + proto.name;
      types.set(fullName, {
        kind: "enum",
        fullName,
        file: file.name,
        chain: [...(parent?.chain ?? []), proto.name],
        parent,
        proto,
      });
    };
    const addMessage = (proto: DescriptorProto, parent: MessageEntry | undefined): void => {
      const fullName = (parent === undefined ? prefix : parent.fullName + ".") + proto.name;
      const entry: MessageEntry = {
        kind: "message",
        fullName,
        file: file.name,
        chain: [...(parent?.chain ?? []), proto.name],
        parent,
        proto,
      };
      types.set(fullName, entry);
      for (const nested of proto.nestedType) addMessage(nested, entry);
      for (const e of proto.enumType) addEnum(e, entry);
    };
    for (const m of file.messageType) addMessage(m, undefined);
    for (const e of file.enumType) addEnum(e, undefined);
  }
  return { files, types };
}

/** Lookups of the types declared in one file, by their place in it. */
export interface FileTypes {
  /** A message or enum declared at top level (`parent` undefined) or inside `parent`. */
  readonly entry: (parent: MessageEntry | undefined, name: string) => TypeEntry;
  readonly message: (parent: MessageEntry | undefined, proto: DescriptorProto) => MessageEntry;
}

export function fileTypes(index: FileIndex, file: FileDescriptorProto): FileTypes {
  const entry = (parent: MessageEntry | undefined, name: string): TypeEntry => {
    const fullName =
      parent === undefined ? (file.package === "" ? name : `${file.package}.${name}`) : `${parent.fullName}.${name}`;
    const found = index.types.get(fullName);
    if (found === undefined) throw new Error(`internal: type ${fullName} missing from the index`);
    return found;
  };
  return {
    entry,
    message: (parent, proto) => {
      const found = entry(parent, proto.name);
      if (found.kind !== "message") throw new Error(`internal: ${found.fullName} is not a message`);
      return found;
    },
  };
}

/** The type a field refers to (type_name is fully qualified with a leading dot). */
export function fieldType(index: FileIndex, field: FieldDescriptorProto): TypeEntry | undefined {
  if (field.typeName === "") return undefined;
  return index.types.get(field.typeName.startsWith(".") ? field.typeName.slice(1) : field.typeName);
}

export function messageOf(index: FileIndex, field: FieldDescriptorProto): MessageEntry | undefined {
  const t = fieldType(index, field);
  return t?.kind === "message" ? t : undefined;
}

export function enumOf(index: FileIndex, field: FieldDescriptorProto): EnumEntry | undefined {
  const t = fieldType(index, field);
  return t?.kind === "enum" ? t : undefined;
}

/** The extendee of an extension field. */
export function extendeeOf(index: FileIndex, field: FieldDescriptorProto): MessageEntry | undefined {
  const t = index.types.get(field.extendee.startsWith(".") ? field.extendee.slice(1) : field.extendee);
  return t?.kind === "message" ? t : undefined;
}

export function isRepeated(field: FieldDescriptorProto): boolean {
  return field.label === FieldDescriptorProto_Label.REPEATED;
}

export function isMapField(index: FileIndex, field: FieldDescriptorProto): MessageEntry | undefined {
  if (!isRepeated(field) || field.type !== FieldDescriptorProto_Type.MESSAGE) return undefined;
  const entry = messageOf(index, field);
  return entry?.proto.options?.mapEntry === true ? entry : undefined;
}

/** protoc's FieldDescriptor::CppType, by the numbers protoc writes (cpp_type=N). */
export const CppType = {
  INT32: 1,
  INT64: 2,
  UINT32: 3,
  UINT64: 4,
  DOUBLE: 5,
  FLOAT: 6,
  BOOL: 7,
  ENUM: 8,
  STRING: 9,
  MESSAGE: 10,
} as const;
export type CppType = (typeof CppType)[keyof typeof CppType];

const CPP_TYPE_OF: Readonly<Record<FieldDescriptorProto_Type, CppType>> = {
  [FieldDescriptorProto_Type.DOUBLE]: CppType.DOUBLE,
  [FieldDescriptorProto_Type.FLOAT]: CppType.FLOAT,
  [FieldDescriptorProto_Type.INT64]: CppType.INT64,
  [FieldDescriptorProto_Type.UINT64]: CppType.UINT64,
  [FieldDescriptorProto_Type.INT32]: CppType.INT32,
  [FieldDescriptorProto_Type.FIXED64]: CppType.UINT64,
  [FieldDescriptorProto_Type.FIXED32]: CppType.UINT32,
  [FieldDescriptorProto_Type.BOOL]: CppType.BOOL,
  [FieldDescriptorProto_Type.STRING]: CppType.STRING,
  [FieldDescriptorProto_Type.GROUP]: CppType.MESSAGE,
  [FieldDescriptorProto_Type.MESSAGE]: CppType.MESSAGE,
  [FieldDescriptorProto_Type.BYTES]: CppType.STRING,
  [FieldDescriptorProto_Type.UINT32]: CppType.UINT32,
  [FieldDescriptorProto_Type.ENUM]: CppType.ENUM,
  [FieldDescriptorProto_Type.SFIXED32]: CppType.INT32,
  [FieldDescriptorProto_Type.SFIXED64]: CppType.INT64,
  [FieldDescriptorProto_Type.SINT32]: CppType.INT32,
  [FieldDescriptorProto_Type.SINT64]: CppType.INT64,
};

export function cppType(field: FieldDescriptorProto): CppType {
  return CPP_TYPE_OF[field.type];
}

/** Files publicly imported by `file`. */
export function publicDependencies(index: FileIndex, file: FileDescriptorProto): FileDescriptorProto[] {
  const out: FileDescriptorProto[] = [];
  for (const i of file.publicDependency) {
    const name = file.dependency[i];
    const dep = name === undefined ? undefined : index.files.get(name);
    if (dep !== undefined) out.push(dep);
  }
  return out;
}

export function dependencies(index: FileIndex, file: FileDescriptorProto): FileDescriptorProto[] {
  const out: FileDescriptorProto[] = [];
  for (const name of file.dependency) {
    const dep = index.files.get(name);
    if (dep !== undefined) out.push(dep);
  }
  return out;
}
