// Python string/bytes literal bodies exactly as protoc's generators write them.
//
// protoc escapes with CEscape (octal escapes, used for `_serialized_options`
// and proto2 string/bytes defaults) and CHexEscape (hex escapes, used for the
// serialized file descriptor). Both treat the input as raw bytes: every byte
// outside printable ASCII is escaped, so UTF-8 text comes out byte by byte.

const encoder = new TextEncoder();

/** UTF-8 bytes of a JavaScript string (what protoc holds for proto `string`s). */
export function utf8(text: string): Uint8Array {
  return encoder.encode(text);
}

// The escapes shared by both flavours (absl::CEscape / CHexEscape, and
// protobuf's own strutil before abseil).
const NAMED_ESCAPES: Readonly<Record<number, string>> = {
  0x0a: "\\n",
  0x0d: "\\r",
  0x09: "\\t",
  0x22: '\\"',
  0x27: "\\'",
  0x5c: "\\\\",
};

function isPrintable(byte: number): boolean {
  return byte >= 0x20 && byte < 0x7f;
}

function isHexDigit(byte: number): boolean {
  return (
    (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x46) || (byte >= 0x61 && byte <= 0x66)
  );
}

/** Precomputed `\ooo` escapes: the hot path of every `_serialized_options`. */
const OCTAL: readonly string[] = Array.from({ length: 256 }, (_, b) => "\\" + b.toString(8).padStart(3, "0"));
const HEX: readonly string[] = Array.from({ length: 256 }, (_, b) => "\\x" + b.toString(16).padStart(2, "0"));
/** The byte as itself or its named escape; "" where only a numeric escape will do. */
const PLAIN_OR_NAMED: readonly string[] = Array.from({ length: 256 }, (_, b) => {
  const named = NAMED_ESCAPES[b];
  if (named !== undefined) return named;
  return isPrintable(b) ? String.fromCharCode(b) : "";
});

/**
 * CEscape: the body of a Python literal with octal escapes (`\001`).
 * protoc writes it inside `b'...'` (options) and `b"..."` (defaults).
 */
export function cEscape(bytes: Uint8Array): string {
  let out = "";
  for (const byte of bytes) {
    const named = NAMED_ESCAPES[byte];
    if (named !== undefined) out += named;
    else if (isPrintable(byte)) out += String.fromCharCode(byte);
    else out += OCTAL[byte] ?? "";
  }
  return out;
}

/**
 * CHexEscape: the body of a Python literal with hex escapes (`\x01`).
 * A hex digit right after a hex escape is escaped too, because C would read it
 * as part of the escape — which is why protoc writes `\x18\x66link`.
 */
export function cHexEscape(bytes: Uint8Array): string {
  let out = "";
  let lastWasHex = false;
  for (const byte of bytes) {
    const plain = PLAIN_OR_NAMED[byte] ?? "";
    if (plain !== "" && !(lastWasHex && isHexDigit(byte))) {
      out += plain;
      lastWasHex = false;
    } else {
      out += HEX[byte] ?? "";
      lastWasHex = true;
    }
  }
  return out;
}

/** `b'<CEscape>'` or `None` — protoc's OptionsValue() for serialized options. */
export function optionsLiteral(serializedOptions: Uint8Array | undefined): string {
  if (serializedOptions === undefined || serializedOptions.length === 0) return "None";
  return "b'" + cEscape(serializedOptions) + "'";
}
