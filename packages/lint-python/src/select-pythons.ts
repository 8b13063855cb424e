import { describeInterpreter, pickInterpreter, type Interpreter } from "@pyflink-devkit/python-env";
import type { PythonProject } from "./project.js";
import { satisfiesRequiresPython } from "./requires-python.js";
import { LintPythonError } from "./lint-python-error.js";

/** One Python version a run was asked for: its interpreter, or why it is skipped. */
export interface PythonTarget {
  readonly minor: string;
  readonly interpreter: Interpreter | undefined;
  /** Set when there is no interpreter for it or the project does not support it. */
  readonly skipReason: string | undefined;
}

/** "3.11", "py311", "py3.11", "python3.11" → "3.11". */
export function normalizePythonVersion(raw: string): string {
  const value = raw.trim().toLowerCase().replace(/^python/, "").replace(/^py/, "");
  const dotted = /^(\d+)\.(\d+)$/.exec(value);
  if (dotted) return `${dotted[1] ?? ""}.${dotted[2] ?? ""}`;
  const compact = /^(\d)(\d+)$/.exec(value);
  if (compact) return `${compact[1] ?? ""}.${compact[2] ?? ""}`;
  throw new LintPythonError(`--python ${raw}: not a Python version. Write it as 3.11 (or py311), comma-separated for several.`, { exitCode: 2 });
}

/**
 * The versions to run: `--python`, else `[tool.lint-python] python`, else tox.ini's envlist, else
 * every interpreter found that the project's requires-python allows. A version without an
 * interpreter, or one the project excludes, stays in the list as skipped, so a report never
 * silently drops it.
 */
export function selectPythons(project: PythonProject, requested: readonly string[] | undefined, interpreters: readonly Interpreter[]): PythonTarget[] {
  const fromConfig = project.configuredPythons?.map(normalizePythonVersion);
  const fromTox = project.toxEnvs.flatMap((env) => (env.python === undefined ? [] : [env.python]));
  const found = interpreters.filter((interpreter) => Number(interpreter.minor.split(".")[0]) >= 3).map((interpreter) => interpreter.minor);
  const wanted =
    requested?.map(normalizePythonVersion) ??
    fromConfig ??
    (fromTox.length > 0 ? fromTox : found.filter((minor) => satisfiesRequiresPython(minor, project.requiresPython)));
  const unique = [...new Set(wanted)].sort(compareMinor);
  const available = [...new Set(found)].sort(compareMinor).join(", ") || "none";
  return unique.map((minor) => {
    if (!satisfiesRequiresPython(minor, project.requiresPython)) {
      return { minor, interpreter: undefined, skipReason: `${project.name} requires Python ${project.requiresPython ?? ""}` };
    }
    const interpreter = pickInterpreter(interpreters, minor);
    if (interpreter === undefined) {
      return { minor, interpreter: undefined, skipReason: `no Python ${minor} interpreter found (found: ${available}); install it, e.g. \`pyenv install ${minor}\`` };
    }
    return { minor, interpreter, skipReason: undefined };
  });
}

export function describeTarget(target: PythonTarget): string {
  return target.interpreter === undefined ? `${target.minor} (skipped: ${target.skipReason ?? ""})` : describeInterpreter(target.interpreter);
}

function compareMinor(a: string, b: string): number {
  const [aMajor = 0, aMinor = 0] = a.split(".").map(Number);
  const [bMajor = 0, bMinor = 0] = b.split(".").map(Number);
  return aMajor - bMajor || aMinor - bMinor;
}
