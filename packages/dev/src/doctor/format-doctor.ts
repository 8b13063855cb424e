import type { CheckRow } from "./doctor-checks.js";
import type { DoctorReport } from "./run-doctor.js";

/** The report as text lines: required rows first, then optional ones, each ✗ followed by its fix. */
export function formatDoctorReport(report: DoctorReport): string[] {
  const width = Math.max(...report.rows.map((row) => row.label.length), 4) + 2;
  const lines: string[] = [];
  for (const [title, requirement] of [["Required", "required"], ["Optional", "optional"]] as const) {
    const rows = report.rows.filter((row) => row.requirement === requirement);
    if (rows.length === 0) continue;
    lines.push(title);
    for (const row of rows) lines.push(...formatRow(row, width));
  }
  const missing = report.rows.filter((row) => !row.ok && row.requirement === "required");
  lines.push(
    "",
    missing.length === 0
      ? `All required parts are there (${Math.round(report.durationMs)} ms).`
      : `${missing.length} required part${missing.length === 1 ? " is" : "s are"} missing: ${missing.map((row) => row.label).join(", ")}. Run the fix shown under each ✗.`,
  );
  return lines;
}

function formatRow(row: CheckRow, width: number): string[] {
  const line = `  ${row.ok ? "✓" : "✗"} ${row.label.padEnd(width)}${row.detail}`;
  if (row.ok) return [line];
  return [`${line}  — needed for ${row.neededFor}`, ...(row.fix === undefined ? [] : [`      fix: ${row.fix}`])];
}
