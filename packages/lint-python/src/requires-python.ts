/**
 * Whether a Python minor version ("3.12") satisfies a `requires-python` specifier such as
 * ">=3.11", ">=3.9,<3.13" or "~=3.11". Only the major.minor part matters here: we choose
 * interpreters by minor version, as tox envs and lint-python.sh did.
 */
export function satisfiesRequiresPython(minor: string, specifier: string | undefined): boolean {
  if (specifier === undefined || specifier.trim() === "") return true;
  const version = toTuple(minor);
  return specifier.split(",").every((clause) => satisfiesClause(version, clause.trim()));
}

type Tuple = readonly [number, number, number];

function satisfiesClause(version: Tuple, clause: string): boolean {
  const match = /^(~=|==|!=|<=|>=|<|>)\s*([\d.*]+)$/.exec(clause);
  if (!match) return true;
  const op = match[1] ?? "";
  const raw = match[2] ?? "";
  const wildcard = raw.endsWith(".*");
  const bound = toTuple(raw.replace(/\.\*$/, ""));
  const boundParts = raw.replace(/\.\*$/, "").split(".").length;
  // A minor version stands for every patch release; compare against the bound's precision.
  const cmp = compareTuples(version, bound, Math.min(boundParts, 2));
  switch (op) {
    case ">=":
      return cmp >= 0 || compareTuples(version, bound, 2) === 0;
    case ">":
      return cmp > 0;
    case "<=":
      return cmp <= 0;
    case "<":
      return compareTuples(version, bound, 2) < 0;
    case "==":
      return wildcard || boundParts <= 2 ? cmp === 0 : compareTuples(version, bound, 2) === 0;
    case "!=":
      return wildcard ? cmp !== 0 : true;
    case "~=":
      return compareTuples(version, bound, 2) >= 0 && version[0] === bound[0];
    default:
      return true;
  }
}

function toTuple(version: string): Tuple {
  const parts = version.split(".").map((part) => Number.parseInt(part, 10));
  return [parts[0] ?? 0, parts[1] ?? 0, parts[2] ?? 0];
}

function compareTuples(a: Tuple, b: Tuple, precision: number): number {
  for (let i = 0; i < precision; i++) {
    const diff = (a[i] ?? 0) - (b[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}
