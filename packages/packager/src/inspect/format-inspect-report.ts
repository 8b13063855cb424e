import { formatBytes } from "../budgets/size-budgets.js";
import type { InspectReport } from "./inspect-bundle.js";

function table(headers: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = headers.map((header, column) => Math.max(header.length, ...rows.map((row) => (row[column] ?? "").length)));
  const line = (cells: readonly string[]): string => cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join("  ").trimEnd();
  return [line(headers), line(widths.map((width) => "-".repeat(width))), ...rows.map(line)];
}

/** The inspect report as tables for people. */
export function formatInspectReport(report: InspectReport, options: { readonly top?: number } = {}): string {
  const top = options.top ?? 8;
  const { runtime, worker } = report;
  const lines = [`bundle ${report.bundle}: ${runtime.profileId} (${runtime.target}, Flink ${runtime.flink}, CPython ${runtime.python}, Linux ${runtime.machine}, glibc ${runtime.glibc})`, ""];
  lines.push(...table(["ARTIFACT", "SIZE", "ROLE", "SHA256"], report.artifacts.map((artifact) => [artifact.path, formatBytes(artifact.bytes), artifact.role, artifact.sha256.slice(0, 16)])));
  for (const artifact of report.artifacts.filter((item) => item.contents.length > 1)) {
    lines.push("", `${artifact.path} contents (biggest first, compressed size):`);
    for (const item of artifact.contents.slice(0, top)) lines.push(`  ${formatBytes(item.bytes).padStart(10)}  ${item.name} (${item.kind})`);
    if (artifact.contents.length > top) lines.push(`  ... and ${artifact.contents.length - top} more`);
  }
  if (report.distributions.length > 0) {
    lines.push("", "PACKAGES");
    lines.push(...table(["NAME", "VERSION", "TAGS", "ZIP-SAFE", "WHERE"], report.distributions.map((dist) => [dist.name, dist.version, dist.tags.join(", "), dist.zipSafe === undefined ? "?" : dist.zipSafe ? "yes" : "no", dist.location])));
  }
  if (report.jars.length > 0) {
    lines.push("", "JARS");
    lines.push(...table(["JAR", "SIZE", "FLINK ARTIFACTS"], report.jars.map((jar) => [jar.path, formatBytes(jar.bytes), jar.flinkArtifacts.join("; ") || "-"])));
  }
  const provided = report.lock?.providedByRuntime ?? [];
  if (provided.length > 0) lines.push("", `provided by the runtime, not shipped: ${provided.map((p) => `${p.name} ${p.version}`).join(", ")}`);
  lines.push("", "worker layout:");
  lines.push(`  entry:           ${worker.entry === undefined ? "(none)" : worker.entry.kind === "script" ? `script ${worker.entry.path}` : `module ${worker.entry.name}`}`);
  lines.push(`  python.files:    ${worker.pythonFiles.join(", ") || "(none)"}`);
  lines.push(`  python.archives: ${worker.archives.map((archive) => (archive.target === archive.path ? archive.path : `${archive.path}#${archive.target}`)).join(", ") || "(none)"}`);
  if (worker.executable !== undefined) lines.push(`  python.executable: ${worker.executable}`);
  if (report.deployConfig !== undefined) lines.push("", "deploy config:", ...JSON.stringify(report.deployConfig, null, 2).split("\n").map((line) => `  ${line}`));
  if (report.warnings.length > 0) lines.push("", "warnings:", ...report.warnings.map((warning) => `  - ${warning}`));
  return `${lines.join("\n")}\n`;
}
