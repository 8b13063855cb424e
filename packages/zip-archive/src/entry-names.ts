// What makes an entry name unsafe to write below a directory. Every reader of this package sees
// names as written (an audit must see a `../` entry too); extraction and jar merging refuse them.
// Flink's own extraction checks names the same way (CompressionUtils).

/** Why an entry name must not be written below a directory; undefined when it is safe. */
export function unsafeEntryName(name: string): string | undefined {
  if (name.includes("\0")) return "contains a NUL byte";
  if (name.startsWith("/") || /^[A-Za-z]:/.test(name) || name.startsWith("\\")) return "is an absolute path";
  if (name.split(/[/\\]/).includes("..")) return "climbs out with '..'";
  return undefined;
}
