import { formatAuditReport } from "@pyflink-devkit/native-audit";
import { formatBudgetReport } from "../budgets/size-budgets.js";
import type { VerifyReport } from "./verify-bundle.js";

/** The verify report for a terminal: layout, imports, native audit, budgets, then the verdict. */
export function formatVerifyReport(report: VerifyReport): string {
  const { runtime, worker } = report;
  const lines = [`pyflink-pack verify ${report.bundle}: ${runtime.profileId} (Flink ${runtime.flink}, CPython ${runtime.python}, Linux ${runtime.machine}, glibc ${runtime.glibc})`, ""];
  lines.push("worker layout:");
  lines.push(`  entry:             ${worker.entry === undefined ? "(none)" : worker.entry.kind === "script" ? `script ${worker.entry.path}` : `module ${worker.entry.name}`}`);
  lines.push(`  python.files:      ${worker.pythonFiles.join(", ") || "(none)"}`);
  lines.push(`  python.archives:   ${worker.archives.map((a) => (a.target === a.path ? a.path : `${a.path}#${a.target}`)).join(", ") || "(none)"}`);
  if (worker.executable !== undefined) lines.push(`  python.executable: ${worker.executable}`);
  lines.push(`  PYTHONPATH:        ${report.pythonPath.join(":") || "(empty)"}`);
  if (report.clientPath !== undefined) lines.push(`  client only:       ${report.clientPath} (the entry script's directory; flink run -py puts it first on the client's sys.path)`);
  lines.push("");
  if (report.interpreter !== undefined) {
    lines.push(`imports (Python ${report.interpreter.version}, ${report.interpreter.executable}, ${report.interpreter.source}):`);
    if (report.served.length > 0) lines.push(`  provided by the runtime, served from the interpreter: ${report.served.join(", ")}`);
    if (report.stubbed.length > 0) lines.push(`  provided by the runtime, absent here, stubbed: ${report.stubbed.join(", ")}`);
    for (const check of report.imports) {
      const from = check.distribution === undefined ? "entry" : check.distribution;
      lines.push(`  ${check.ok ? "ok  " : "FAIL"} ${check.module} (${from})${check.ok ? "" : `: ${check.errorType ?? ""}: ${check.message ?? ""}`}`);
      if (!check.ok && check.explanation !== undefined) lines.push(`         ${check.explanation}`);
    }
    lines.push("");
  }
  lines.push(formatAuditReport(report.audit), "", formatBudgetReport(report.budgets), "");
  if (report.run !== undefined) {
    const run = report.run;
    lines.push(`run (PyFlink ${run.flink}, Python ${run.python}, ${(run.durationMs / 1000).toFixed(1)} s): ${run.status} — ${run.mode ?? "not started"}`, `  ${run.detail}`, "");
  }
  for (const note of report.notes) lines.push(`note: ${note}`);
  if (report.ok) lines.push("verify: OK — the bundle lays out, imports and loads as the runtime will see it.");
  else {
    lines.push(`verify: FAILED — ${report.problems.length} problem(s):`);
    for (const problem of report.problems) lines.push(`  - ${problem}`);
  }
  return `${lines.join("\n")}\n`;
}
