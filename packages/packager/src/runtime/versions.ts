// Version comparison through the libraries that define it: PEP 440 for Python versions, semver
// (after coercing `2.31` to `2.31.0`) for the other dotted versions runtimes are named by (glibc,
// Ververica engine lines). A version neither can read is an error, never "matches".
import { compare as comparePep440 } from "@renovatebot/pep440";
import semver from "semver";
import { PackError } from "../pack-error.js";

function coerced(version: string): semver.SemVer {
  const parsed = /^\d+(\.\d+){0,2}$/.test(version) ? semver.coerce(version) : null;
  if (parsed === null) throw new PackError("target", `"${version}" is not a dotted version (like 2.31 or 11.7.0). Give the version as numbers separated by dots.`);
  return parsed;
}

/** Compares glibc or engine versions: negative, 0, positive. */
export function compareDotted(a: string, b: string): number {
  return semver.compare(coerced(a), coerced(b));
}

/** Compares Python versions by PEP 440: negative, 0, positive. */
export function comparePython(a: string, b: string): number {
  return comparePep440(a, b);
}
