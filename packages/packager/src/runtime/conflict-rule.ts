// How a job's requirements meet what the runtime already installs — the rule that matches how
// Flink loads packages: python.files / pyFiles entries come first on the worker's PYTHONPATH, so a
// shipped package shadows the runtime's copy of it.
//
//  - A requirement the runtime's version satisfies is provided: not shipped.
//  - A requirement the runtime's version does not satisfy is shipped (the resolver picks a version
//    inside apache-flink's declared range for it, when it declares one) with a one-line warning.
//  - Refused: a version outside apache-flink's declared range, or any version other than the
//    runtime's of a package PyFlink itself is made of or talks to the JVM through.
//  - Everything else the runtime installs is provided too: the dataset holds the whole installed
//    set, so what the job's dependencies pull in transitively (six, urllib3, ...) is subtracted.
// Pure: no I/O; version logic is PEP 440 through @renovatebot/pep440.
import { major, minor, satisfies, valid } from "@renovatebot/pep440";
import { normalizeName } from "./flink-releases.js";
import type { RuntimePackages } from "./runtime-data.js";

/** Packages that must never be shadowed on the worker: PyFlink itself, its jars, its JVM bridges. */
export const NEVER_SHADOWED: ReadonlyMap<string, string> = new Map([
  ["apache-flink", "the job runs on the runtime's PyFlink"],
  ["apache-flink-libraries", "it holds the runtime's Flink jars"],
  ["pemja", "PyFlink's thread mode reaches the JVM through the runtime's build of it"],
  ["py4j", "PyFlink's client talks to the JVM through the runtime's build of it"],
]);

export interface UserRequirement {
  readonly name: string;
  /** PEP 440 specifier set ("" for any version), e.g. "==2.9.0.post0" or ">=2,<3". */
  readonly specifier: string;
  /** The requirement as the user wrote it, for messages. */
  readonly text: string;
}

export interface RuntimeUnderCheck {
  /** Profile id, for messages (e.g. `msf-flink-1.20`). */
  readonly id: string;
  readonly packages: Pick<RuntimePackages, "pyflink" | "pyflinkRanges"> & { readonly distributions: readonly ProvidedDistribution[] };
}

export interface ProvidedDistribution {
  readonly name: string;
  readonly version: string;
}

/** A requirement that shadows the runtime's copy: the resolver picks its version. */
export interface ShippedOverride {
  readonly name: string;
  readonly requirement: string;
  readonly runtimeVersion: string;
  /** apache-flink's declared range for it; a constraint for the resolver. */
  readonly range: string | undefined;
}

export interface RequirementPlan {
  /** Everything the runtime installs that the job does not override: never shipped. */
  readonly provided: readonly ProvidedDistribution[];
  readonly shipped: readonly ShippedOverride[];
  /** One message per refused requirement (what, why, how to fix). */
  readonly refusals: readonly string[];
  /** apache-flink pins on the runtime's own line: served by the runtime, resolved as the pinned version. */
  readonly servedByLine: readonly ProvidedDistribution[];
}

const EXACT_PIN = /^\s*===?\s*([^\s,;]+)\s*$/;

// Jobs pin apache-flink for local development (apache-flink==1.20.0 in requirements.txt), and most
// services do not publish their patch release: a pin on the runtime's own release line is the
// runtime's PyFlink, served by it, not a conflict.
const SERVED_BY_LINE = new Set(["apache-flink", "apache-flink-libraries"]);

/** The pinned version when it is an apache-flink pin on the runtime's own release line. */
function sameReleaseLine(name: string, specifier: string, runtimeVersion: string): string | undefined {
  const pinned = EXACT_PIN.exec(specifier)?.[1];
  if (!SERVED_BY_LINE.has(name) || pinned === undefined || valid(pinned) === null || valid(runtimeVersion) === null) return undefined;
  return major(pinned) === major(runtimeVersion) && minor(pinned) === minor(runtimeVersion) ? pinned : undefined;
}

function describeRelease(runtime: RuntimeUnderCheck): string {
  return `apache-flink ${runtime.packages.pyflink} (${runtime.id})`;
}

// A requirement line's name, extras and specifier (PEP 508, before any marker); options (-r, -i,
// --hash), URLs and comments are not requirements the rule can judge and are left to pip.
const REQUIREMENT_LINE = /^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*([^;#@]*)/;

/** The requirements the rule judges, from requirement lines (a requirements file's or inline). */
export function parseUserRequirements(lines: readonly string[]): UserRequirement[] {
  return lines.flatMap((line) => {
    const text = line.trim();
    if (text === "" || text.startsWith("#") || text.startsWith("-")) return [];
    const match = REQUIREMENT_LINE.exec(text);
    if (match?.[1] === undefined || text.includes("://")) return [];
    return [{ name: match[1], specifier: (match[2] ?? "").replace(/[()\s]/g, ""), text: text.split("#")[0]?.trim() ?? text }];
  });
}

/** Splits the job's requirements into provided, shipped overrides and refusals for one runtime. */
export function planRequirements(runtime: RuntimeUnderCheck, requirements: readonly UserRequirement[]): RequirementPlan {
  const installed = new Map(runtime.packages.distributions.map((dist) => [normalizeName(dist.name), dist]));
  const shipped: ShippedOverride[] = [];
  const refusals: string[] = [];
  const overridden = new Set<string>();
  const servedByLine: ProvidedDistribution[] = [];
  for (const requirement of requirements) {
    const name = normalizeName(requirement.name);
    const dist = installed.get(name);
    if (dist === undefined || satisfies(dist.version, requirement.specifier)) continue;
    const linePin = sameReleaseLine(name, requirement.specifier, dist.version);
    if (linePin !== undefined) {
      servedByLine.push({ name: dist.name, version: linePin });
      continue;
    }
    overridden.add(name);
    const why = NEVER_SHADOWED.get(name);
    if (why !== undefined) {
      refusals.push(`"${requirement.text}" would shadow ${dist.name} ${dist.version} on ${runtime.id}, which must not be replaced: ${why}. Drop it from the job's requirements (keep it for local development only) or pin ==${dist.version}.`);
      continue;
    }
    const range = runtime.packages.pyflinkRanges.get(name);
    const pinned = EXACT_PIN.exec(requirement.specifier)?.[1];
    if (range !== undefined && range !== "" && pinned !== undefined && !satisfies(pinned, range)) {
      refusals.push(rangeRefusal(runtime, requirement.text, dist.name, pinned, range, dist.version));
      continue;
    }
    shipped.push({ name: dist.name, requirement: requirement.text, runtimeVersion: dist.version, range: range === "" ? undefined : range });
  }
  const provided = runtime.packages.distributions.filter((dist) => !overridden.has(normalizeName(dist.name))).map((dist) => ({ name: dist.name, version: dist.version }));
  return { provided, shipped, refusals, servedByLine };
}

function rangeRefusal(runtime: RuntimeUnderCheck, text: string, name: string, version: string, range: string, runtimeVersion: string): string {
  return `"${text}" resolves to ${name} ${version}, outside ${describeRelease(runtime)}'s declared range ${name}${range}: shipped first on the worker path it would replace the runtime's ${runtimeVersion} under PyFlink. Choose a version in ${range} or drop the pin.`;
}

/**
 * After resolution: one warning per shipped override inside the range, a refusal for a version
 * outside it. `chosen` maps normalized names to the versions the resolver picked.
 */
export function checkShippedVersions(runtime: RuntimeUnderCheck, plan: RequirementPlan, chosen: ReadonlyMap<string, string>): { readonly warnings: readonly string[]; readonly refusals: readonly string[] } {
  const warnings: string[] = [];
  const refusals: string[] = [];
  for (const override of plan.shipped) {
    const version = chosen.get(normalizeName(override.name));
    if (version === undefined) continue;
    if (override.range !== undefined && !satisfies(version, override.range)) {
      refusals.push(rangeRefusal(runtime, override.requirement, override.name, version, override.range, override.runtimeVersion));
      continue;
    }
    const inside = override.range === undefined ? `apache-flink declares no range for ${override.name}` : `inside ${describeRelease(runtime)}'s range ${override.range}`;
    warnings.push(`${override.name} ${version} is shipped and shadows the runtime's ${override.runtimeVersion} on the worker path (${inside}).`);
  }
  return { warnings, refusals };
}
