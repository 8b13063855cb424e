// Floating point numbers as protoc's C++ prints them. protoc rewrites every
// float/double default_value through FieldDescriptor::CopyTo
// (DefaultValueAsString: SimpleFtoa/SimpleDtoa) before serializing the file
// descriptor, and the legacy python generator prints defaults the same way;
// buf keeps its own spelling (e.g. "1.100000023841858" where protoc has "1.1").

/** C printf "%.<precision>g" of a finite number. */
export function formatG(value: number, precision: number): string {
  if (value === 0) return Object.is(value, -0) ? "-0" : "0";
  const match = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(value.toExponential(precision - 1));
  if (match === null) {
    throw new Error(`internal: unexpected exponential form of ${String(value)}`);
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

function special(value: number): string | undefined {
  if (value === Infinity) return "inf";
  if (value === -Infinity) return "-inf";
  if (Number.isNaN(value)) return "nan";
  return undefined;
}

/** protobuf's SimpleDtoa: "%.15g", or "%.17g" when that does not read back as the same double. */
export function simpleDtoa(value: number): string {
  const s = special(value);
  if (s !== undefined) return s;
  const short = formatG(value, 15);
  return Number(short) === value ? short : formatG(value, 17);
}

/** protobuf's SimpleFtoa: "%.6g", or "%.9g" when that does not read back as the same float. */
export function simpleFtoa(value: number): string {
  const s = special(value);
  if (s !== undefined) return s;
  const short = formatG(value, 6);
  return Math.fround(Number(short)) === value ? short : formatG(value, 9);
}

/** strtod() of a float/double default_value ("1.5", "-inf", "nan", "1e+300"). */
export function parseFloatingDefault(text: string): number {
  const body = text.startsWith("-") ? text.slice(1) : text;
  const negative = body !== text;
  const lower = body.toLowerCase();
  let magnitude: number;
  if (lower === "inf" || lower === "infinity") magnitude = Infinity;
  else if (lower === "nan") magnitude = NaN;
  else magnitude = Number(body);
  if (Number.isNaN(magnitude) && lower !== "nan") {
    throw new Error(`cannot read "${text}" as a floating point default value`);
  }
  return negative ? -magnitude : magnitude;
}

/** The default_value protoc serializes for a float (single) or double field. */
export function canonicalFloatingDefault(text: string, single: boolean): string {
  const value = parseFloatingDefault(text);
  return single ? simpleFtoa(Math.fround(value)) : simpleDtoa(value);
}
