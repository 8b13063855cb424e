// Target runtime profiles: a target name plus versions → everything pack, verify and inspect need to
// know about one runtime. The runtimes themselves are data in the target modules (targets/*.ts) and
// runtime/flink-releases.ts; this file only combines them.
import { PackError } from "./pack-error.js";
import { normalizeName, type ProvidedPackage, type PyFilesZipHandling } from "./runtime/flink-releases.js";
import { comparePython } from "./runtime/versions.js";
import { describeTargets, isTargetName, TARGETS, targetTraits, type TargetName } from "./targets/registry.js";
import type { RuntimeChoice, SizeLimit } from "./targets/target.js";

/** Everything the packager needs to know about one runtime. */
export interface Profile {
  readonly id: string;
  readonly target: TargetName;
  readonly description: string;
  readonly flinkVersion: string;
  /** The apache-flink release whose installed set `provided` is. */
  readonly pyflink: string;
  readonly pythonVersion: string;
  /** `cp` + version without dot, e.g. `cp311`. */
  readonly abi: string;
  readonly implementation: "cp";
  /** pip `--platform` values, most specific first. pip does not expand PEP 600 tags (D5), so each glibc level is listed. */
  readonly platforms: readonly string[];
  readonly machine: "x86_64" | "aarch64";
  readonly glibc: string;
  readonly provided: readonly ProvidedPackage[];
  readonly sizeLimits: readonly SizeLimit[];
  readonly deployKeys: readonly string[];
  readonly moduleEntry: boolean;
  readonly maxJars: number | undefined;
  readonly pyFilesZip: PyFilesZipHandling;
  /** Where the facts came from, for the summary and the lock file. */
  readonly notes: readonly string[];
}

export interface ProfileRequest {
  readonly target: string;
  readonly flink?: string | undefined;
  readonly python?: string | undefined;
  /** VVP engine version, e.g. `11.1.0` or `vvr-8.0.11-flink-1.17`. */
  readonly engine?: string | undefined;
  /** Self-managed Flink only: glibc of the workers (default 2.17 = manylinux2014). */
  readonly glibc?: string | undefined;
  readonly machine?: string | undefined;
  /** Overrides of the provided set: a version replaces, null removes (then the package is shipped). */
  readonly provided?: Readonly<Record<string, string | null>> | undefined;
}

/** pip `--platform` tags for a glibc range: manylinux_2_<glibc>..manylinux_2_17 plus the legacy aliases. */
export function manylinuxPlatforms(glibc: string, machine: "x86_64" | "aarch64"): string[] {
  const minor = Number(glibc.split(".")[1] ?? "17");
  const tags: string[] = [];
  for (let m = minor; m >= 17; m--) tags.push(`manylinux_2_${m}_${machine}`);
  // PEP 599/571/513 aliases: pip only expands manylinux2014 → 2010 → 1 itself (D5), say them all.
  tags.push(`manylinux2014_${machine}`);
  if (machine === "x86_64") tags.push("manylinux_2_12_x86_64", "manylinux2010_x86_64", "manylinux_2_5_x86_64", "manylinux1_x86_64");
  return tags;
}

function applyOverrides(provided: readonly ProvidedPackage[], overrides: ProfileRequest["provided"]): ProvidedPackage[] {
  const byName = new Map(provided.map((pkg) => [normalizeName(pkg.name), pkg]));
  for (const [name, version] of Object.entries(overrides ?? {})) {
    if (version === null) byName.delete(normalizeName(name));
    else byName.set(normalizeName(name), { name, version, exact: true });
  }
  return [...byName.values()].sort((a, b) => normalizeName(a.name).localeCompare(normalizeName(b.name)));
}

function parseMachine(machine: string | undefined): "x86_64" | "aarch64" {
  if (machine === undefined || machine === "x86_64" || machine === "amd64") return "x86_64";
  if (machine === "aarch64" || machine === "arm64") return "aarch64";
  throw new PackError("target", `Unknown machine "${machine}". Use x86_64 or aarch64.`);
}

/** Turns a target name plus versions into a full profile, or a PackError naming what is wrong. */
export function resolveProfile(request: ProfileRequest): Profile {
  const target = request.target;
  if (!isTargetName(target)) {
    throw new PackError("target", `Unknown target "${target}". Use one of: ${TARGETS.join(", ")} (${describeTargets()}).`);
  }
  const traits = targetTraits(target);
  const choice: RuntimeChoice = traits.resolve(request, parseMachine(request.machine));
  const { python, release } = choice;
  return {
    id: choice.id,
    target,
    description: traits.description,
    flinkVersion: choice.flink,
    pyflink: release.pyflink,
    pythonVersion: python,
    // Before 3.8 CPython tagged its ABI with the pymalloc "m" suffix (cp37m).
    abi: comparePython(python, "3.8") < 0 ? `cp${python.replace(".", "")}m` : `cp${python.replace(".", "")}`,
    implementation: "cp",
    platforms: manylinuxPlatforms(choice.glibc, choice.machine),
    machine: choice.machine,
    glibc: choice.glibc,
    provided: applyOverrides(choice.provided, request.provided),
    sizeLimits: traits.sizeLimits,
    deployKeys: traits.deployKeys,
    moduleEntry: traits.moduleEntry,
    maxJars: traits.maxJars,
    pyFilesZip: release.pyFilesZip,
    notes: [...choice.notes, `provided packages: what pip install apache-flink==${release.pyflink} installs on Python ${python} (data/runtimes.json)`],
  };
}

/** Every known profile, for `--list-targets` and the README table. */
export function listProfiles(): Profile[] {
  return TARGETS.flatMap((target) => targetTraits(target).profileRequests().map(resolveProfile));
}
