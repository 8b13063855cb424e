// The two shapes of a pack result the CLI prints: the --json object (a contract, see README) and a
// readable summary. Both are strings/values; printing is the CLI's job.
import path from "node:path";
import type { PackResult } from "./pack.js";
import { deploymentSummary, type TargetName } from "./targets/registry.js";

export interface JsonReport {
  readonly target: TargetName;
  readonly artifacts: readonly { path: string; sha256: string }[];
  readonly deployConfig: unknown;
  readonly excluded: readonly string[];
  readonly warnings: readonly string[];
}

/** Exactly the keys of the --json contract, in contract order. */
export function toJsonReport(result: PackResult): JsonReport {
  return {
    target: result.target,
    artifacts: [...result.artifacts.map((a) => ({ path: a.path, sha256: a.sha256 })), { path: result.lockFile, sha256: result.lockSha256 }],
    deployConfig: result.deployConfig,
    excluded: result.excluded,
    warnings: result.warnings,
  };
}

/** A path relative to the working directory when it is inside it, else absolute. */
function shown(file: string): string {
  const rel = path.relative(process.cwd(), file);
  return rel === "" || rel.startsWith("..") || path.isAbsolute(rel) ? file : rel;
}

export function formatSummary(result: PackResult): string {
  const lines: string[] = [];
  lines.push(`pyflink-pack: ${result.profile.description} — ${result.profile.id} (Flink ${result.profile.flinkVersion}, Python ${result.profile.pythonVersion}, ${result.profile.platforms[0] ?? ""})`);
  if (result.reused) lines.push(`unchanged: reused ${shown(result.outDir)} (same inputs as the bundle already there; nothing rebuilt)`);
  lines.push("", "Artifacts:");
  for (const a of result.artifacts) lines.push(`  ${a.sha256}  ${shown(a.path)}  (${a.bytes} bytes, ${a.role})`);
  lines.push(`  ${result.lockSha256}  ${shown(result.lockFile)}  (lock file)`);
  lines.push("", ...deploymentSummary(result.target, result.deployConfig, result.outDir));
  if (result.distributions.length > 0) {
    lines.push("", `Shipped packages${result.dependenciesFromCache ? " (from the cache)" : ""}:`);
    for (const d of result.distributions) lines.push(`  ${d.name} ${d.version}  ${d.tag}${d.zipSafe ? "" : `  [not zip-safe: ${d.zipSafetyReasons.join("; ")}]`}`);
  }
  if (result.provided.length > 0) lines.push("", `Provided by the runtime, not shipped: ${result.provided.map((p) => `${p.name} ${p.version}${p.exact ? "" : " (assumed)"}`).join(", ")}`);
  if (result.excludedReasons.length > 0) {
    lines.push("", "Left out (use --include <glob> to ship one anyway):");
    for (const e of result.excludedReasons) lines.push(`  ${e.path}  (${e.reason})`);
  }
  if (result.warnings.length > 0) {
    lines.push("", "Warnings:");
    for (const w of result.warnings) lines.push(`  - ${w}`);
  }
  return `${lines.join("\n")}\n`;
}
