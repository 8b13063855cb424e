// Pieces of the legacy generator's StringifyDefaultValue().


import { PythonGeneratorError } from "../python-generator-error.js";
/** The legacy generator's spelling of a floating point default. */
export function pythonFloat(value: number, format: (v: number) => string): string {
  if (value === Infinity) return "1e10000";
  if (value === -Infinity) return "-1e10000";
  if (Number.isNaN(value)) return "(1e10000 * 0)";
  return `float(${format(value)})`;
}

const simpleEscapes: Readonly<Record<string, number>> = {
  n: 0x0a, r: 0x0d, t: 0x09, "\\": 0x5c, "'": 0x27, '"': 0x22, "?": 0x3f,
  a: 0x07, b: 0x08, f: 0x0c, v: 0x0b,
};

/**
 * protobuf's UnescapeCEscapeString: a bytes field's default_value is stored
 * C-escaped in the descriptor, and the generator re-escapes the raw bytes.
 */
export function unescapeCBytes(text: string): Uint8Array {
  const out: number[] = [];
  const latin = Buffer.from(text, "utf8");
  for (let i = 0; i < latin.length; i++) {
    const c = latin[i] ?? 0;
    if (c !== 0x5c) {
      out.push(c);
      continue;
    }
    const next = String.fromCharCode(latin[i + 1] ?? 0);
    const simple = simpleEscapes[next];
    if (simple !== undefined) {
      out.push(simple);
      i += 1;
    } else if (next >= "0" && next <= "7") {
      let value = 0;
      let n = 0;
      while (n < 3 && i + 1 < latin.length) {
        const d = String.fromCharCode(latin[i + 1] ?? 0);
        if (d < "0" || d > "7") break;
        value = value * 8 + Number(d);
        i += 1;
        n += 1;
      }
      out.push(value & 0xff);
    } else if (next === "x" || next === "X") {
      i += 1;
      let value = 0;
      while (i + 1 < latin.length && /[0-9a-fA-F]/.test(String.fromCharCode(latin[i + 1] ?? 0))) {
        value = value * 16 + parseInt(String.fromCharCode(latin[i + 1] ?? 0), 16);
        i += 1;
      }
      out.push(value & 0xff);
    } else {
      throw new PythonGeneratorError(`unknown escape sequence \\${next} in bytes default "${text}"`);
    }
  }
  return Uint8Array.from(out);
}
