import type { CommandError } from "@pyflink-devkit/runner";
import { PythonEnvError } from "./python-env-error.js";

const INDEX_HINT =
  "check the requirement's name and version, and that your package index has a matching distribution for this Python and platform (`pip config list`, PIP_INDEX_URL, PIP_EXTRA_INDEX_URL, PIP_FIND_LINKS)";

interface FailurePattern {
  /** Matched against pip's / uv's combined output; group 1, when present, is the requirement. */
  readonly pattern: RegExp;
  readonly explain: (requirement: string, subject: string) => string;
  /** The failure in a few words, for `PythonEnvError.summary`. */
  readonly summary: (requirement: string) => string;
}

// What pip (and uv) print for the failures people actually hit, and what to tell them. The first
// match wins, so the more specific patterns come first.
const FAILURE_PATTERNS: readonly FailurePattern[] = [
  {
    pattern: /No matching distribution found for (\S+)/,
    explain: (req, subject) => `${subject}: no distribution found for requirement '${req}'; ${INDEX_HINT}.`,
    summary: (req) => `no distribution of '${req}' found on the package index`,
  },
  {
    pattern: /Because (\S+) was not found in the package registry/,
    explain: (req, subject) => `${subject}: requirement '${req}' was not found in the package registry; ${INDEX_HINT} (uv reads UV_INDEX_URL / uv.toml, not pip.conf).`,
    summary: (req) => `'${req}' not found in the package registry`,
  },
  {
    pattern: /Invalid requirement: '?([^'\n]+)'?/,
    explain: (req, subject) => `${subject}: '${req}' is not a valid requirement; fix its syntax (PEP 508, e.g. "flake8==7.2.0" or "Jinja2<3.1.0").`,
    summary: (req) => `'${req}' is not a valid requirement`,
  },
  {
    pattern: /(ResolutionImpossible|conflicting dependencies|No solution found when resolving)/,
    explain: (_req, subject) => `${subject}: the requirements conflict with each other; relax one of the pins named in the log.`,
    summary: () => "the requirements conflict with each other",
  },
  {
    pattern: /No module named pip/,
    explain: (_req, subject) => `${subject}: this Python has no pip; use an environment created with pip (venv does this) or run \`python -m ensurepip\`.`,
    summary: () => "the Python has no pip",
  },
];

/** pip's "(from versions: 1.0, 1.1, ...)": the newest few, so a wrong pin is obvious at once. */
function availableVersions(output: string): string {
  const listed = /\(from versions: ([^)]*)\)/.exec(output)?.[1]?.trim();
  if (listed === undefined || listed === "" || listed === "none") return "";
  const versions = listed.split(/,\s*/);
  const shown = versions.slice(-8).join(", ");
  return ` The index has: ${versions.length > 8 ? "…, " : ""}${shown}.`;
}

/** Turns a failed pip / uv command into a `PythonEnvError` that names the requirement and the fix. */
export function explainInstallFailure(
  error: CommandError,
  context: { readonly python: string; readonly tool: "pip" | "uv"; readonly label?: string; readonly note?: string },
): PythonEnvError {
  const output = `${error.stderr}\n${error.stdout}`;
  const subject = `${context.tool} install into ${context.label ?? context.python} failed`;
  const where = `${context.note === undefined ? "" : ` ${context.note}`}${error.logFile ? ` Full output: ${error.logFile}.` : ""}`;
  for (const { pattern, explain, summary } of FAILURE_PATTERNS) {
    const match = pattern.exec(output);
    if (match) return new PythonEnvError(`${explain(match[1] ?? "", subject)}${availableVersions(output)}${where}`, { cause: error, logFile: error.logFile, summary: `${context.tool} install failed: ${summary(match[1] ?? "")}` });
  }
  const reason = error.timedOut ? "timed out" : error.cancelled ? "was cancelled" : `exited with code ${error.exitCode}`;
  const tail = output.trim().split("\n").slice(-10).join("\n");
  return new PythonEnvError(`${error.command} ${reason}.${where} Read the output below and fix the requirement or the index it names.\n${tail}`, {
    cause: error,
    logFile: error.logFile,
    summary: `${context.tool} install ${reason}`,
  });
}
