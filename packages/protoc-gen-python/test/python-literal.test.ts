// Escaping rules of absl::CEscape / CHexEscape, with expectations taken from
// protoc's real output (the Flink fixtures and protoc 3.21.12 runs).

import { describe, expect, it } from "vitest";
import { cEscape, cHexEscape, optionsLiteral, utf8 } from "../src/python-literal.js";

describe("cHexEscape", () => {
  it("escapes a hex digit that follows a hex escape (protoc: \\x18\\x66link)", () => {
    expect(cHexEscape(utf8("\x18flink"))).toBe("\\x18\\x66link");
  });
  it("uses named escapes for quotes, backslash and whitespace controls", () => {
    expect(cHexEscape(utf8("\"'\\\n\r\t"))).toBe("\\\"\\'\\\\\\n\\r\\t");
  });
  it("does not escape a printable character after a named escape", () => {
    expect(cHexEscape(utf8("\"*\nA"))).toBe("\\\"*\\nA");
  });
  it("writes UTF-8 byte by byte", () => {
    expect(cHexEscape(utf8("é"))).toBe("\\xc3\\xa9");
  });
});

describe("cEscape", () => {
  it("uses three-digit octal escapes (protoc: b'\\n\\037org.apache…')", () => {
    expect(cEscape(Uint8Array.from([0x0a, 0x1f, 0x6f]))).toBe("\\n\\037o");
  });
  it("never escapes a hex digit after an octal escape", () => {
    expect(cEscape(Uint8Array.from([0x01, 0x61]))).toBe("\\001a");
  });
});

describe("optionsLiteral", () => {
  it("is None for absent or empty options", () => {
    expect(optionsLiteral(undefined)).toBe("None");
    expect(optionsLiteral(new Uint8Array())).toBe("None");
  });
  it("wraps escaped options in b'…' (protoc: b'8\\001' for map_entry)", () => {
    expect(optionsLiteral(Uint8Array.from([0x38, 0x01]))).toBe("b'8\\001'");
  });
});
