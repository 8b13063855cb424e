// Python module and identifier names as protoc's python helpers spell them.

import type { TypeEntry } from "./model.js";

function stripProto(filename: string): string {
  if (filename.endsWith(".protodevel")) return filename.slice(0, -".protodevel".length);
  if (filename.endsWith(".proto")) return filename.slice(0, -".proto".length);
  return filename;
}

/** "a/b-c.proto" → "a.b_c_pb2" */
export function moduleName(filename: string): string {
  return stripProto(filename).replaceAll("-", "_").replaceAll("/", ".") + "_pb2";
}

/** "a/b_c.proto" → "a_dot_b__c__pb2": the alias a generated module imports another under. */
export function moduleAlias(filename: string): string {
  return moduleName(filename).replaceAll("_", "__").replaceAll(".", "_dot_");
}

/** "a/b-c.proto" → "a/b_c_pb2.py" */
export function outputFileName(filename: string, suffix: ".py" | ".pyi"): string {
  return moduleName(filename).replaceAll(".", "/") + suffix;
}

/** absl::AsciiStrToUpper: only a–z change. */
export function asciiUpper(text: string): string {
  return text.replace(/[a-z]+/g, (m) => m.toUpperCase());
}

export function containsPythonKeyword(module: string, keywords: ReadonlySet<string>): boolean {
  return module.split(".").some((token) => keywords.has(token));
}

/** `globals()['x']` for a keyword, else `x`. */
export function resolveKeyword(name: string, keywords: ReadonlySet<string>): string {
  return keywords.has(name) ? `globals()['${name}']` : name;
}

/** NamePrefixedWithNestedTypes(descriptor, separator). */
export function namePrefixedWithNestedTypes(entry: TypeEntry, separator: string, keywords: ReadonlySet<string>): string {
  const name = entry.chain[entry.chain.length - 1] ?? "";
  if (entry.parent !== undefined) {
    const prefix = namePrefixedWithNestedTypes(entry.parent, separator, keywords);
    if (separator === "." && keywords.has(name)) return `getattr(${prefix}, '${name}')`;
    return prefix + separator + name;
  }
  return separator === "." ? resolveKeyword(name, keywords) : name;
}

/** `_OUTER_INNER`, module-qualified when the type lives in another file. */
export function moduleLevelDescriptorName(entry: TypeEntry, currentFile: string, keywords: ReadonlySet<string>): string {
  const name = "_" + asciiUpper(namePrefixedWithNestedTypes(entry, "_", keywords));
  return entry.file === currentFile ? name : `${moduleAlias(entry.file)}.${name}`;
}

/** `Outer.Inner`, module-qualified when the type lives in another file. */
export function moduleLevelMessageName(entry: TypeEntry, currentFile: string, keywords: ReadonlySet<string>): string {
  const name = namePrefixedWithNestedTypes(entry, ".", keywords);
  return entry.file === currentFile ? name : `${moduleAlias(entry.file)}.${name}`;
}

/** `_SERVICE` for a service of the current file. */
export function moduleLevelServiceDescriptorName(serviceName: string): string {
  return asciiUpper("_" + serviceName);
}
