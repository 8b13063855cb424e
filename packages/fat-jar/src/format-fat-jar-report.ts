import type { FatJarResult } from "./build-fat-jar.js";

/** The result as terminal lines: what was merged, dropped, duplicated and what to look at. */
export function formatFatJarReport(result: FatJarResult, limit = 20): string {
  const lines = [`fat jar ${result.output}: ${result.entries} entries, ${result.bytes} bytes, sha256 ${result.sha256}`];
  for (const service of result.services) {
    if (service.from.length > 1) lines.push(`  merged ${service.path} from ${service.from.join(", ")} (${service.lines.length} providers)`);
  }
  const signatures = result.dropped.filter((entry) => entry.reason === "signature");
  if (signatures.length > 0) lines.push(`  dropped ${signatures.length} signature file(s): ${signatures.map((entry) => `${entry.jar}:${entry.path}`).join(", ")}`);
  const differing = result.duplicateClasses.filter((entry) => !entry.identical);
  if (result.duplicateClasses.length > 0) {
    lines.push(`  ${result.duplicateClasses.length} class(es) in more than one jar (${differing.length} differ); the first jar's copy was kept:`);
    for (const entry of result.duplicateClasses.slice(0, limit)) {
      lines.push(`    ${entry.identical ? "same" : "DIFF"} ${entry.path}: kept ${entry.kept}, ignored ${entry.ignored.join(", ")}`);
    }
    if (result.duplicateClasses.length > limit) lines.push(`    ... and ${result.duplicateClasses.length - limit} more`);
  }
  for (const warning of result.warnings) lines.push(`  warning: ${warning.message}`);
  return lines.join("\n");
}
