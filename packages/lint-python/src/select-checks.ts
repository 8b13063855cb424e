import { CHECK_NAMES, isCheckName, type CheckName } from "./checks.js";
import { LintPythonError } from "./lint-python-error.js";

/**
 * `-i` / `-e` (comma-separated) → the checks to run, in the fixed order. Both at once is
 * ambiguous and rejected (lint-python.sh rejected it too, but named the wrong flags).
 */
export function selectChecks(include: string | undefined, exclude: string | undefined): CheckName[] {
  if (include !== undefined && exclude !== undefined) {
    throw new LintPythonError("-i and -e cannot be used together: -i names the checks to run, -e the ones to leave out. Pass one of them.", { exitCode: 2 });
  }
  if (include !== undefined) {
    const wanted = parseCheckList(include, "-i");
    return CHECK_NAMES.filter((name) => wanted.includes(name));
  }
  if (exclude !== undefined) {
    const unwanted = parseCheckList(exclude, "-e");
    return CHECK_NAMES.filter((name) => !unwanted.includes(name));
  }
  return [...CHECK_NAMES];
}

/** A comma-separated list of check names; `all` stands for every check. */
export function parseCheckList(value: string, flag: string): CheckName[] {
  const names = value.split(",").map((name) => name.trim()).filter((name) => name !== "");
  if (names.length === 0) throw new LintPythonError(`${flag} needs at least one check name (${CHECK_NAMES.join(", ")}).`, { exitCode: 2 });
  const checks: CheckName[] = [];
  for (const name of names) {
    if (name === "all") return [...CHECK_NAMES];
    if (!isCheckName(name)) {
      throw new LintPythonError(`${flag} ${value}: '${name}' is not a check. The checks are ${CHECK_NAMES.join(", ")} (see -l).`, { exitCode: 2 });
    }
    checks.push(name);
  }
  return checks;
}
