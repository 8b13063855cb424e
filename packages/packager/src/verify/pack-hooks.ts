// The checks `pack` runs itself, so a bundle that cannot work never reaches --out:
// - jars: Flink artifacts checked against the runtime's Flink version; on a target that takes one
//   jar (MSF `jarfile`, B1/B9) several jars are merged into one fat jar instead of failing;
// - the staged bundle: every native file audited against the profile (a mismatch fails the
//   pack), and the size budgets with their per-package breakdown (warnings).
import path from "node:path";
import { buildFatJar, checkFlinkArtifacts, FatJarError, flinkArtifactsOf } from "@pyflink-devkit/fat-jar";
import { auditBundle, NativeAuditError, type AuditTarget, type NativeFinding } from "@pyflink-devkit/native-audit";
import { WINDOWS_LAUNCHER } from "../archive/interpreter-archive.js";
import { budgetWarnings, checkBudgets } from "../budgets/size-budgets.js";
import { listZip } from "../inspect/list-zip.js";
import { listFiles } from "../inspect/read-bundle.js";
import { PackError } from "../pack-error.js";
import type { Profile } from "../profiles.js";
import type { ProjectFile } from "../project/collect-project.js";

/** Where the merged jar goes, named as in the AWS samples' layout (B6). */
export const FAT_JAR_NAME = "lib/pyflink-dependencies.jar";

export interface PreparedJars {
  readonly jars: readonly ProjectFile[];
  readonly warnings: readonly string[];
}

export async function prepareJars(jars: readonly ProjectFile[], profile: Profile, workDir: string, log: (line: string) => void = () => undefined): Promise<PreparedJars> {
  const warnings: string[] = [];
  if (profile.maxJars === undefined || jars.length <= profile.maxJars) {
    for (const jar of jars) {
      const { texts } = await listZip(jar.abs, (name) => /^META-INF\/maven\/.+\/pom\.properties$/.test(name)).catch(() => ({ texts: new Map<string, string>() }));
      const poms = [...texts].map(([pomPath, text]) => ({ path: pomPath, text }));
      warnings.push(...checkFlinkArtifacts(path.posix.basename(jar.rel), flinkArtifactsOf(path.posix.basename(jar.rel), poms), profile.flinkVersion).map((warning) => warning.message));
    }
    return { jars, warnings };
  }
  const output = path.join(workDir, FAT_JAR_NAME);
  let result;
  try {
    result = await buildFatJar({ jars: jars.map((jar) => jar.abs), output, flinkVersion: profile.flinkVersion, createdBy: "pyflink-pack" });
  } catch (error) {
    if (error instanceof FatJarError) throw new PackError("layout", error.message, { cause: error });
    throw error;
  }
  log(`merged ${jars.length} jars into ${FAT_JAR_NAME} (${result.entries} entries)`);
  warnings.push(`${profile.id} takes one jar: merged ${jars.map((jar) => jar.rel).join(", ")} into ${FAT_JAR_NAME}, in that order (the order of "jars" in pyflink-pack.json, a pom.xml's jar last; META-INF/services merged, ${result.dropped.filter((entry) => entry.reason === "signature").length} signature file(s) dropped)`);
  const relOf = new Map(jars.map((jar) => [path.basename(jar.abs), jar.rel]));
  const named = (file: string): string => relOf.get(file) ?? file;
  const differing = result.duplicateClasses.filter((entry) => !entry.identical);
  if (differing.length > 0) {
    warnings.push(`${differing.length} class(es) differ between the merged jars; the earlier jar in that order won: ${differing.slice(0, 5).map((entry) => `${entry.path} from ${named(entry.kept)} (not ${entry.ignored.map(named).join(", ")})`).join("; ")}${differing.length > 5 ? `; and ${differing.length - 5} more` : ""}. To let another copy win, list its jar first in "jars" of pyflink-pack.json.`);
  }
  const same = result.duplicateClasses.length - differing.length;
  if (same > 0) warnings.push(`${same} class(es) are in several merged jars with the same bytes (kept once, harmless)`);
  warnings.push(...result.warnings.map((warning) => warning.message));
  return { jars: [{ rel: FAT_JAR_NAME, abs: output, executable: false }], warnings };
}

/**
 * Windows executables (`.exe`, such as the launchers pip vendors in distlib) are never loaded or
 * run by CPython on Linux: on a Linux runtime they are inert data, not "cannot load" failures.
 * Extension modules (`.pyd`, `.so`, `.dll` loaded by ctypes) still are.
 */
export function isInertOnLinux(finding: NativeFinding): boolean {
  return finding.kind === "pe" && WINDOWS_LAUNCHER.test(finding.path);
}

/** What the native audit checks files against, for a profile. */
export const auditTargetOf = (profile: Profile): AuditTarget => ({ name: profile.id, arch: profile.machine, glibc: profile.glibc, python: profile.pythonVersion });

/** Files of the staged bundle audited before (pack's install cache audits each wheel once), with their findings under bundle paths. */
export interface AuditedBefore {
  readonly skip: (path: string) => boolean;
  readonly findings: readonly NativeFinding[];
}

/** Audits and budgets the staged bundle directory. Throws PackError("native-abi") when a native file does not fit the profile. */
export async function checkStagedBundle(stagedDir: string, profile: Profile, audited?: AuditedBefore): Promise<string[]> {
  let audit;
  try {
    audit = await auditBundle(stagedDir, auditTargetOf(profile), { skip: audited?.skip });
  } catch (error) {
    if (error instanceof NativeAuditError) throw new PackError("io", error.message, { cause: error });
    throw error;
  }
  const failed = [...audit.findings, ...(audited?.findings ?? [])].filter((finding) => finding.problems.length > 0 && !isInertOnLinux(finding));
  if (failed.length > 0) {
    throw new PackError(
      "native-abi",
      `${failed.length} native file(s) in the bundle cannot load on ${profile.id} (Linux ${profile.machine}, glibc ${profile.glibc}, CPython ${profile.pythonVersion}): ${failed.map((finding) => finding.path).join(", ")}. Install those packages for the target (wheels with the profile's tags), not from this machine's environment.`,
      { details: failed.flatMap((finding) => finding.problems) },
    );
  }
  const budgets = await checkBudgets({ files: await listFiles(stagedDir), runtime: { target: profile.target, sizeLimits: profile.sizeLimits, provided: profile.provided.map((p) => p.name) } });
  return budgetWarnings(budgets);
}
