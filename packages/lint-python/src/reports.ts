import type { Builder } from "junit-report-builder";
import type { LintReport, TaskResult } from "./run-lint.js";
import { writeFileAtomic } from "@pyflink-devkit/python-env";

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
      const detail = `${result.note ? `${result.note}. ` : ""}log: ${result.log}${result.cached ? " (cached result)" : ""}`;
      if (result.status === "failed") testCase.failure(`${String(result.problems)} problem(s); ${detail}`);
      else if (result.status === "skipped") testCase.skipped().standardOutput(detail);
      else testCase.standardOutput(detail);
    }
  }
  return builder.build();
}

export async function writeJsonReport(file: string, report: LintReport): Promise<void> {
  await writeFileAtomic(file, jsonReport(report));
}

export async function writeJunitReport(file: string, report: LintReport): Promise<void> {
  await writeFileAtomic(file, await junitReport(report));
}
