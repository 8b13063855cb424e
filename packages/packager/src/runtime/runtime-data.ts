// The one runtime dataset: what `pip install apache-flink==<release>` installs for each supported
// Python on manylinux x86_64 (generated into data/runtimes.json by `update-runtimes`), plus the
// managed runtimes' published differences (managed-runtimes.ts). pack, verify and inspect read
// runtimes only through this module.
import { readFileSync } from "node:fs";
import { z } from "zod";
import { PackError } from "../pack-error.js";
import { MANAGED_RUNTIMES, type Machine, type ManagedRuntime } from "./managed-runtimes.js";
import { normalizeName } from "./flink-releases.js";

export const RUNTIME_DATA_VERSION = 1;

const installedSchema = z.strictObject({
  name: z.string().min(1),
  version: z.string().min(1),
  /** No wheel for the target: pip on the runtime builds it from this sdist. */
  sdist: z.literal(true).optional(),
});

const environmentSchema = z.strictObject({
  python: z.string().regex(/^3\.\d+$/),
  /** The pip that resolved this row (it ran under this Python). */
  pip: z.string(),
  /** apache-flink's Requires-Dist for this Python (markers evaluated), name → specifier. */
  pyflinkRanges: z.record(z.string(), z.string()),
  /** Every distribution installed, apache-flink included, sorted by normalized name. */
  installed: z.array(installedSchema).min(1),
});

const releaseSchema = z.strictObject({
  line: z.string().regex(/^\d+\.\d+$/),
  pyflink: z.string(),
  /** Why this patch: the newest of its line, or a managed runtime's published patch. */
  reason: z.string(),
  requiresPython: z.string(),
  /** apache-flink's Requires-Dist as published (markers included). */
  requiresDist: z.array(z.string()),
  environments: z.array(environmentSchema),
  /** Pythons apache-flink has wheels for that got no row, with the reason. */
  skipped: z.array(z.strictObject({ python: z.string(), reason: z.string() })),
});

export const runtimeDataSchema = z.strictObject({
  generated: z.string(),
  dataVersion: z.literal(RUNTIME_DATA_VERSION),
  platform: z.array(z.string()).min(1),
  resolver: z.string(),
  releases: z.array(releaseSchema).min(1),
});

export type InstalledDistribution = z.infer<typeof installedSchema>;
export type RuntimeEnvironment = z.infer<typeof environmentSchema>;
export type FlinkRelease = z.infer<typeof releaseSchema>;
export type RuntimeData = z.infer<typeof runtimeDataSchema>;

export const RUNTIME_DATA_URL = new URL("../../data/runtimes.json", import.meta.url);

/** Parses and validates the dataset's text; `where` names it in errors. */
export function parseRuntimeData(text: string, where: string): RuntimeData {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new PackError("config", `${where}: not JSON (${String(error)}). Regenerate it with \`pnpm --filter @pyflink-devkit/packager update-runtimes\`.`);
  }
  const parsed = runtimeDataSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const at = issue === undefined ? "" : ` at ${issue.path.join(".") || "<root>"}: ${issue.message}`;
    throw new PackError("config", `${where}: not a runtime dataset of version ${RUNTIME_DATA_VERSION}${at}. Regenerate it with \`pnpm --filter @pyflink-devkit/packager update-runtimes\`.`);
  }
  return parsed.data;
}

let loaded: RuntimeData | undefined;

/** The checked-in dataset (read once). */
export function runtimeData(): RuntimeData {
  if (loaded === undefined) {
    let text: string;
    try {
      text = readFileSync(RUNTIME_DATA_URL, "utf8");
    } catch (error) {
      throw new PackError("io", `The runtime dataset ${RUNTIME_DATA_URL.pathname} cannot be read (${String(error)}). Reinstall the package or regenerate it with \`pnpm --filter @pyflink-devkit/packager update-runtimes\`.`);
    }
    loaded = parseRuntimeData(text, RUNTIME_DATA_URL.pathname);
  }
  return loaded;
}

/** A distribution on the runtime's Python path. */
export interface RuntimeDistribution {
  readonly name: string;
  readonly version: string;
  /** Where the version comes from: the resolved install, or a vendor's published list. */
  readonly source: "resolved" | "published";
  /** The vendor's citation for a published version. */
  readonly citation?: string;
}

/** What one runtime (a Flink release on one Python, possibly with a vendor's changes) has installed. */
export interface RuntimePackages {
  readonly line: string;
  readonly pyflink: string;
  readonly python: string;
  readonly distributions: readonly RuntimeDistribution[];
  /** apache-flink's declared ranges, by normalized name. */
  readonly pyflinkRanges: ReadonlyMap<string, string>;
}

function lineOf(version: string): string {
  return version.split(".").slice(0, 2).join(".");
}

/** Release lines the dataset has, oldest first. */
export function flinkLines(data: RuntimeData = runtimeData()): string[] {
  return [...new Set(data.releases.map((release) => release.line))];
}

/** The release of a line: the named patch, else the newest of the line. */
export function findRelease(flink: string, data: RuntimeData = runtimeData()): FlinkRelease | undefined {
  const exact = data.releases.find((release) => release.pyflink === flink);
  if (exact !== undefined) return exact;
  return data.releases.find((release) => release.line === lineOf(flink) && release.reason === "newest");
}

/** Pythons the release has a resolved row for, oldest first. */
export function releasePythons(release: FlinkRelease): string[] {
  return release.environments.map((env) => env.python);
}

/**
 * The packages of apache-flink `flink` (a line or an exact patch) on `python`, with `published`
 * versions (a managed runtime's list) replacing or adding to the resolved ones.
 */
export function runtimePackages(flink: string, python: string, published: ManagedRuntime["published"] = [], data: RuntimeData = runtimeData()): RuntimePackages {
  const release = findRelease(flink, data);
  if (release === undefined) {
    throw new PackError("target", `Flink ${flink} is not in the runtime dataset (it has ${flinkLines(data).join(", ")}). Pick one of those, or regenerate the dataset with \`pnpm --filter @pyflink-devkit/packager update-runtimes\` after a new release.`);
  }
  const env = release.environments.find((candidate) => candidate.python === python);
  if (env === undefined) {
    throw new PackError("target", `apache-flink ${release.pyflink} has no Python ${python} (it supports ${releasePythons(release).join(", ")}). Pick one of those.`);
  }
  const byName = new Map<string, RuntimeDistribution>();
  for (const dist of env.installed) byName.set(normalizeName(dist.name), { name: dist.name, version: dist.version, source: "resolved" });
  for (const pkg of published) byName.set(normalizeName(pkg.name), { name: pkg.name, version: pkg.version, source: "published", citation: pkg.source });
  const distributions = [...byName.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, dist]) => dist);
  const pyflinkRanges = new Map(Object.entries(env.pyflinkRanges).map(([name, range]) => [normalizeName(name), range]));
  return { line: release.line, pyflink: release.pyflink, python, distributions, pyflinkRanges };
}

/** The managed runtimes, each with the apache-flink patch it resolves to in the dataset. */
export function managedRuntimes(data: RuntimeData = runtimeData()): { readonly runtime: ManagedRuntime; readonly release: FlinkRelease | undefined }[] {
  return MANAGED_RUNTIMES.map((runtime) => ({ runtime, release: findRelease(runtime.pyflink ?? runtime.flink, data) }));
}

export type { Machine, ManagedRuntime };
