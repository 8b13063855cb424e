// Python literals for field defaults, as the legacy generator's
// StringifyDefaultValue() writes them. protoc formats floating point numbers
// with C's "%.15g"/"%.17g" (SimpleDtoa) and "%.6g"/"%.9g" (SimpleFtoa), keeping
// the shorter form when it parses back to the same value; we reproduce that.

/** C printf "%.<precision>g" for a finite number. */
export function formatG(value: number, precision: number): string {
  if (value === 0) return Object.is(value, -0) ? "-0" : "0";
  const match = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(value.toExponential(precision - 1));
  if (match === null) {
    throw new Error(`unexpected exponential form of ${String(value)}`);
  }
  const sign = match[1] ?? "";
  const digits = (match[2] ?? "") + (match[3] ?? "");
  const exponent = Number(match[4]);
  if (exponent < -4 || exponent >= precision) {
    const fraction = digits.slice(1).replace(/0+$/, "");
    const magnitude = Math.abs(exponent);
    return `${sign}${digits.slice(0, 1)}${fraction === "" ? "" : "." + fraction}e${exponent < 0 ? "-" : "+"}${magnitude < 10 ? "0" : ""}${magnitude}`;
  }
  const integer = exponent >= 0 ? digits.slice(0, exponent + 1) : "0";
  const fraction = (exponent >= 0 ? digits.slice(exponent + 1) : "0".repeat(-exponent - 1) + digits).replace(/0+$/, "");
  return `${sign}${integer}${fraction === "" ? "" : "." + fraction}`;
}

/** protobuf's SimpleDtoa: "%.15g", or "%.17g" when that does not round-trip. */
export function simpleDtoa(value: number): string {
  const short = formatG(value, 15);
  return Number(short) === value ? short : formatG(value, 17);
}

/** protobuf's SimpleFtoa: "%.6g", or "%.9g" when that does not round-trip as a float. */
export function simpleFtoa(value: number): string {
  const short = formatG(value, 6);
  return Math.fround(Number(short)) === value ? short : formatG(value, 9);
}

/** strtod() of a default_value as protoc's parser writes it (SimpleDtoa output, "inf", "-inf", "nan"). */
export function parseFloatingDefault(text: string): number {
  const body = text.startsWith("-") ? text.slice(1) : text;
  const negative = body !== text;
  let magnitude: number;
  if (body === "inf" || body === "infinity") magnitude = Infinity;
  else if (body === "nan") magnitude = NaN;
  else magnitude = Number(body);
  if (Number.isNaN(magnitude) && body !== "nan") {
    throw new Error(`cannot parse floating point default value "${text}"`);
  }
  return negative ? -magnitude : magnitude;
}

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
      throw new Error(`unknown escape sequence \\${next} in bytes default "${text}"`);
    }
  }
  return Uint8Array.from(out);
}
