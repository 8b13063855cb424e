// What each Flink release's PyFlink runtime puts on the worker's Python path, as data: one place
// that pack (what not to ship), verify (what to stub or serve) and inspect read. Every deploy
// target runs PyFlink on its workers, so every target reads these releases.
//
// Fact IDs (A5, A28, A29, ...) refer to docs/packaging-facts.md in this package, which cites the
// upstream sources.
import { PackError } from "../pack-error.js";
import type { PublishedPackage } from "./managed-runtimes.js";
import { findRelease, flinkLines, releasePythons, runtimePackages } from "./runtime-data.js";

/** A package the runtime already has on the worker's Python path. */
export interface ProvidedPackage {
  readonly name: string;
  readonly version: string;
  /**
   * false: the runtime's exact build is not published; `version` is what a fresh `pip install
   * apache-flink==<release>` resolves to (the dataset) and what conflicts are checked against.
   * Override it with `"provided": {"<name>": "<version>"}` in pyflink-pack.json when you know better.
   */
  readonly exact: boolean;
}

/** How Flink puts a `.zip` given in python.files on the worker's PYTHONPATH (A28, A29). */
export type PyFilesZipHandling = "extracted" | "zipimport";

export interface FlinkRelease {
  /** The release line, e.g. `1.20`. */
  readonly flink: string;
  /** The apache-flink patch release whose installed set is the runtime's. */
  readonly pyflink: string;
  /** Pythons the dataset resolved this release for (apache-flink's manylinux wheels), oldest first. */
  readonly pythons: readonly string[];
  readonly pyFilesZip: PyFilesZipHandling;
}

// FLINK-21140 (A29, apache/flink#14755, Flink 1.13) made Flink extract `.zip` python.files before
// putting them on PYTHONPATH; every release in the dataset (1.15 on) is newer, hence "extracted".
const PY_FILES_ZIP: PyFilesZipHandling = "extracted";

/** The newest release line in the dataset: the default of every self-managed target. */
export function newestFlinkLine(): string {
  const lines = flinkLines();
  const newest = lines[lines.length - 1];
  if (newest === undefined) throw new PackError("target", "The runtime dataset has no Flink release. Regenerate it with `pnpm --filter @pyflink-devkit/packager update-runtimes`.");
  return newest;
}

/**
 * What the runtime has installed: everything `pip install apache-flink==<pyflink>` installs on
 * `python` (the dataset), with a managed runtime's `published` versions over it. apache-flink and
 * its libraries are exact; the rest is what a fresh install resolves to (`exact: false`), unless a
 * vendor published it.
 */
export function providedPackages(release: FlinkRelease, python: string, published: readonly PublishedPackage[] = []): ProvidedPackage[] {
  return runtimePackages(release.pyflink, python, published).distributions.map((dist) => ({
    name: dist.name,
    version: dist.version,
    exact: dist.source === "published" || EXACT_WITH_RELEASE.has(normalizeName(dist.name)),
  }));
}

const EXACT_WITH_RELEASE = new Set(["apache-flink", "apache-flink-libraries"]);

/**
 * Top-level modules of runtime-provided distributions, by PEP 503 name: what verify serves from
 * the interpreter's site-packages or stubs when they are absent there.
 */
const TOP_LEVEL_MODULES: Readonly<Record<string, readonly string[]>> = {
  "apache-flink": ["pyflink"],
  "apache-beam": ["apache_beam"],
  "python-dateutil": ["dateutil"],
  "avro-python3": ["avro"],
  py4j: ["py4j"],
  cloudpickle: ["cloudpickle"],
  pandas: ["pandas"],
  pyarrow: ["pyarrow"],
  pytz: ["pytz"],
  numpy: ["numpy"],
  fastavro: ["fastavro"],
  requests: ["requests"],
  httplib2: ["httplib2"],
  pemja: ["pemja"],
};

/** PEP 503 name normalisation. */
export function normalizeName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, "-");
}

/** The top-level modules the given provided distributions install; pyflink always. */
export function providedModules(names: readonly string[]): string[] {
  // Beyond the table, a distribution's import name is taken to be its own name (six, urllib3, idna,
  // certifi, ...): the dataset lists every installed distribution, not their modules.
  const modules = [...new Set(names.flatMap((name) => TOP_LEVEL_MODULES[normalizeName(name)] ?? [normalizeName(name).replace(/-/g, "_")]))];
  return modules.includes("pyflink") ? modules : [...modules, "pyflink"];
}

/** `1.20.1` → `1.20`. */
export function minorOf(version: string): string {
  return version.split(".").slice(0, 2).join(".");
}

/** The release a Flink version (a line, or an exact patch the dataset has) belongs to; `where` names the target in the error. */
export function flinkRelease(flink: string, where: string): FlinkRelease {
  const release = findRelease(flink);
  if (release === undefined) {
    throw new PackError("target", `${where}: Flink ${flink} is not a runtime the packager knows. Use one of ${flinkLines().join(", ")}.`);
  }
  return { flink: release.line, pyflink: release.pyflink, pythons: releasePythons(release), pyFilesZip: PY_FILES_ZIP };
}

/** The requested Python as `major.minor` when the runtime runs it; the newest it runs when none is requested. */
export function checkPython(python: string | undefined, allowed: readonly string[], where: string): string {
  const fallback = allowed[allowed.length - 1];
  if (python === undefined) {
    if (fallback === undefined) throw new PackError("target", `${where}: no Python version known.`);
    return fallback;
  }
  const minor = minorOf(python);
  if (!allowed.includes(minor)) {
    throw new PackError("target", `${where} runs Python ${allowed.join("/")}, not ${python}. Drop --python or pass one of ${allowed.join(", ")}.`);
  }
  return minor;
}
