// META-INF/MANIFEST.MF as the JAR File Specification wants it: `Name: value` lines ending in CRLF,
// no line longer than 72 bytes (longer values continue on lines starting with one space), and a
// blank line at the end of the main section.

export interface ManifestOptions {
  readonly mainClass?: string | undefined;
  readonly createdBy: string;
  /** More main-section attributes, written after the standard ones in the given order. */
  readonly extra?: Readonly<Record<string, string>>;
}

const MAX_LINE_BYTES = 72;

export function renderManifest(options: ManifestOptions): Buffer {
  const attributes: [string, string][] = [
    ["Manifest-Version", "1.0"],
    ["Created-By", options.createdBy],
  ];
  if (options.mainClass !== undefined) attributes.push(["Main-Class", options.mainClass]);
  for (const [name, value] of Object.entries(options.extra ?? {})) attributes.push([name, value]);
  const lines = attributes.flatMap(([name, value]) => wrap(`${name}: ${value}`));
  return Buffer.from(`${lines.join("\r\n")}\r\n\r\n`, "utf8");
}

/** Splits a header into 72-byte lines without cutting a UTF-8 character in two. */
function wrap(line: string): string[] {
  const out: string[] = [];
  let current = "";
  let limit = MAX_LINE_BYTES;
  for (const char of line) {
    if (Buffer.byteLength(current + char, "utf8") > limit) {
      out.push(current);
      current = " ";
      limit = MAX_LINE_BYTES;
    }
    current += char;
  }
  out.push(current);
  return out;
}
