import { satisfies, valid } from "@renovatebot/pep440";

// A minor version stands for all its patch releases; no CPython minor has come near this many.
const PATCH_RELEASES = 100;

/**
 * Whether a Python version satisfies a `requires-python` specifier (PEP 440, through
 * @renovatebot/pep440). A full version ("3.11.7") is checked as is; a minor version ("3.11") is
 * allowed when one of its patch releases is, so `>=3.11.2` allows "3.11" and `<3.12` excludes "3.12".
 */
export function satisfiesRequiresPython(version: string, specifier: string | undefined): boolean {
  if (specifier === undefined || specifier.trim() === "") return true;
  // An unparsable specifier excludes nothing; pip would reject the project with its own message.
  const allows = (candidate: string): boolean => {
    try {
      return satisfies(candidate, specifier);
    } catch {
      return true;
    }
  };
  if (version.split(".").length >= 3 && valid(version) !== null) return allows(version);
  return Array.from({ length: PATCH_RELEASES }, (_, patch) => `${version}.${String(patch)}`).some(allows);
}
