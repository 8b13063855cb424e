import type { Builder } from "junit-report-builder";
import type { LintReport, TaskResult } from "./run-lint.js";
import { readFile } from "node:fs/promises";
import { writeFileAtomic } from "@pyflink-devkit/python-env";
import { CHECK_NAMES, isCheckName } from "./checks.js";
import { LintPythonError } from "./lint-python-error.js";
import { reportWriteError } from "./output-places.js";

/** The JSON report: exactly the documented contract, nothing more (other tools parse it). */
export function jsonReport(report: LintReport): string {
  const results = report.results.map((result) => ({
    check: result.check,
    python: result.python,
    status: result.status,
    durationMs: Math.round(result.durationMs),
    cached: result.cached,
    log: result.log,
    problems: result.problems,
  }));
  return `${JSON.stringify({ exitCode: report.exitCode, results }, null, 2)}\n`;
}

/** JUnit XML: one testsuite per check, one testcase per Python version (or "project"). */
export async function junitReport(report: LintReport): Promise<string> {
  // Loaded on demand: a no-change rerun without --junit should not pay for it. The package's types
  // say `export default`, but its CommonJS build assigns `module.exports`, so under Node's ESM
  // interop the default import is the builder itself.
  const junit = (await import("junit-report-builder")).default as unknown as Builder;
  const builder = junit.newBuilder();
  const byCheck = new Map<string, TaskResult[]>();
  for (const result of report.results) byCheck.set(result.check, [...(byCheck.get(result.check) ?? []), result]);
  for (const [check, results] of byCheck) {
    const suite = builder.testSuite().name(`lint-python.${check}`);
    for (const result of results) {
      const testCase = suite
        .testCase()
        .className(`lint-python.${check}`)
        .name(result.python === null ? check : `${check} (Python ${result.python})`)
        .time(result.durationMs / 1000);
      const detail = `${result.detail ?? result.note ?? ""}${result.detail !== undefined || result.note !== undefined ? ". " : ""}log: ${result.log}${result.cached ? " (cached result)" : ""}`;
      if (result.status === "failed") testCase.failure(`${String(result.problems)} problem(s); ${detail}`);
      else if (result.status === "error") testCase.error(`did not run to a verdict; ${detail}`);
      else if (result.status === "skipped") testCase.skipped().standardOutput(detail);
      else testCase.standardOutput(detail);
    }
  }
  return builder.build();
}

export async function writeJsonReport(file: string, report: LintReport): Promise<void> {
  await writeFileAtomic(file, jsonReport(report)).catch((error: unknown) => {
    throw reportWriteError(file, "--json", error);
  });
}

export async function writeJunitReport(file: string, report: LintReport): Promise<void> {
  const xml = await junitReport(report);
  await writeFileAtomic(file, xml).catch((error: unknown) => {
    throw reportWriteError(file, "--junit", error);
  });
}

const STATUSES = ["passed", "failed", "skipped", "error"] as const;

function parseJsonReport(file: string, text: string): TaskResult[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new LintPythonError(`${file}: not JSON (${error instanceof Error ? error.message : String(error)}). Pass the files lint-python wrote with --json.`, { exitCode: 2 });
  }
  const results = typeof data === "object" && data !== null && "results" in data && Array.isArray(data.results) ? (data.results as unknown[]) : undefined;
  if (results === undefined) throw new LintPythonError(`${file}: no "results" list; pass the files lint-python wrote with --json.`, { exitCode: 2 });
  return results.map((entry, index) => {
    const item = (typeof entry === "object" && entry !== null ? entry : {}) as Record<string, unknown>;
    const { check, python, status, durationMs, cached, log, problems } = item;
    if (
      !(typeof check === "string" && isCheckName(check)) ||
      !(python === null || typeof python === "string") ||
      !STATUSES.includes(status as (typeof STATUSES)[number]) ||
      typeof durationMs !== "number" ||
      typeof cached !== "boolean" ||
      typeof log !== "string" ||
      typeof problems !== "number"
    ) {
      throw new LintPythonError(`${file}: results[${String(index)}] is not a lint-python result (check, python, status, durationMs, cached, log, problems). Pass the files lint-python wrote with --json.`, { exitCode: 2 });
    }
    const id = python === null ? check : `${check}-${python}`;
    return { id, check, python, status: status as TaskResult["status"], durationMs, cached, log, problems };
  });
}

/**
 * One report from the JSON reports of `--shard` runs: their results in the plan's order (checks,
 * then Python versions), exit code 1 when any failed. A task reported by two shards means the
 * shards were not run with the same flags, so it is refused.
 */
export async function mergeReports(files: readonly string[]): Promise<LintReport> {
  if (files.length === 0) throw new LintPythonError("merge-reports needs the JSON reports to merge: lint-python merge-reports a.json b.json …", { exitCode: 2 });
  const byId = new Map<string, { readonly result: TaskResult; readonly file: string }>();
  for (const file of files) {
    const text = await readFile(file, "utf8").catch((error: unknown) => {
      throw new LintPythonError(`${file}: cannot be read (${error instanceof Error ? error.message : String(error)}). Pass existing --json reports.`, { exitCode: 2 });
    });
    for (const result of parseJsonReport(file, text)) {
      const seen = byId.get(result.id);
      if (seen !== undefined) {
        throw new LintPythonError(`${result.id} is in both ${seen.file} and ${file}: shards of one run never overlap; run every shard with the same flags and --shard k/n.`, { exitCode: 2 });
      }
      byId.set(result.id, { result, file });
    }
  }
  const order = (result: TaskResult): [number, number] => [CHECK_NAMES.indexOf(result.check), result.python === null ? -1 : Number(result.python.split(".")[1] ?? 0) + 100 * Number(result.python.split(".")[0] ?? 0)];
  const results = [...byId.values()].map(({ result }) => result).sort((a, b) => order(a)[0] - order(b)[0] || order(a)[1] - order(b)[1]);
  return {
    exitCode: results.some((result) => result.status === "failed" || result.status === "error") ? 1 : 0,
    results,
    project: "",
    logDir: "",
    durationMs: results.reduce((total, result) => total + result.durationMs, 0),
  };
}
