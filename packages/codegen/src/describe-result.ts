import { describeComparison } from "./diff-summary.js";
import type { GenerateResult } from "./gen-protos.js";

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

/** The lines gen-protos prints for a run: what was written, or for `--check` what differs. */
export function describeResult(result: GenerateResult, options: { readonly check: boolean; readonly label: string }): string[] {
  return [...result.notes.map((note) => `gen-protos: ${note}`), ...describeOutcome(result, options)];
}

function describeOutcome(result: GenerateResult, options: { readonly check: boolean; readonly label: string }): string[] {
  const { label } = options;
  if (options.check) {
    if (result.inSync) return [`gen-protos --check: all ${result.files.length} generated files of ${label} match their protos [${seconds(result.elapsedMs)}]`];
    const stale = result.files.filter((f) => f.comparison.status !== "same");
    const lines = [`gen-protos --check: ${stale.length} of ${result.files.length} generated files of ${label} are out of date:`];
    for (const f of result.files) lines.push(...describeComparison(f.displayPath, f.comparison));
    lines.push("Regenerate them with `pnpm gen:protos` (same flags, without --check) and commit the result.");
    return lines;
  }
  if (result.upToDate) return [`gen-protos: bindings of ${label} are up to date (protos unchanged); nothing written [${seconds(result.elapsedMs)}]`];
  const written = result.files.filter((f) => f.written);
  const lines = written.map((f) => `  ${f.comparison.status === "missing" ? "created" : "updated"}  ${f.displayPath}`);
  const unchanged = result.files.length - written.length;
  lines.push(
    `gen-protos: ${result.protoFiles.length} proto file(s) of ${label} → wrote ${written.length} file(s)${unchanged > 0 ? `, ${unchanged} already identical` : ""} [${seconds(result.elapsedMs)}]`,
  );
  return lines;
}
