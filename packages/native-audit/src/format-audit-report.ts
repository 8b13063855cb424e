import type { AuditReport } from "./audit-bundle.js";

/** The report as lines for a terminal: one line per file, problems indented under it. */
export function formatAuditReport(report: AuditReport): string {
  const { target } = report;
  const lines = [`native audit against ${target.name} (Linux ${target.arch}, glibc ${target.glibc}, CPython ${target.python}): ${report.filesScanned} files scanned`];
  for (const finding of report.findings) {
    lines.push(`  ${finding.problems.length === 0 ? "ok  " : "FAIL"} ${finding.path}  [${finding.summary}]`);
    for (const problem of finding.problems) lines.push(`         ${problem}`);
  }
  const failed = report.findings.filter((finding) => finding.problems.length > 0).length;
  lines.push(failed === 0 ? "  every native file fits the runtime" : `  ${failed} file(s) do not fit the runtime`);
  return lines.join("\n");
}
