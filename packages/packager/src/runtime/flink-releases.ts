// What each Flink release's PyFlink runtime puts on the worker's Python path, as data: one place
// that pack (what not to ship), verify (what to stub or serve) and inspect read. Every deploy
// target runs PyFlink on its workers, so every target reads these releases.
//
// Fact IDs (A5, A28, A29, ...) refer to docs/packaging-facts.md in this package, which cites the
// upstream sources.
import { PackError } from "../pack-error.js";

/** A package the runtime already has on the worker's Python path. */
export interface ProvidedPackage {
  readonly name: string;
  readonly version: string;
  /**
   * false: the runtime's exact build is not published; `version` is one that satisfies the pin in
   * that release's apache-flink setup.py and is what conflicts are checked against. Override it
   * with `"provided": {"<name>": "<version>"}` in pyflink-pack.json when you know better.
   */
  readonly exact: boolean;
}

/** How Flink puts a `.zip` given in python.files on the worker's PYTHONPATH (A28, A29). */
export type PyFilesZipHandling = "extracted" | "zipimport";

export interface FlinkRelease {
  readonly flink: string;
  /** The apache-flink patch release whose setup.py pins were read for `provided`. */
  readonly pyflink: string;
  /** Python versions apache-flink publishes wheels for (PyPI classifiers of that release). */
  readonly pythons: readonly string[];
  readonly provided: readonly ProvidedPackage[];
  readonly pyFilesZip: PyFilesZipHandling;
}

const p = (name: string, version: string, exact = false): ProvidedPackage => ({ name, version, exact });

// 1.19 and 1.20 pin the same third-party versions; only apache-flink itself differs.
function flink119Provided(pyflink: string): ProvidedPackage[] {
  return [
    p("apache-flink", pyflink, true),
    p("apache-flink-libraries", pyflink, true),
    p("py4j", "0.10.9.7"),
    p("python-dateutil", "2.8.2"),
    p("apache-beam", "2.48.0"),
    p("cloudpickle", "2.2.0"),
    p("avro-python3", "1.10.2"),
    p("pandas", "1.5.3"),
    p("pyarrow", "11.0.0"),
    p("pytz", "2023.3"),
    p("numpy", "1.24.4"),
    p("fastavro", "1.7.4"),
    p("requests", "2.31.0"),
    p("protobuf", "3.20.3"),
    p("httplib2", "0.22.0"),
    p("pemja", "0.4.1"),
    p("ruamel.yaml", "0.18.6"),
  ];
}

// apache-flink's install_requires per release (flink-python/setup.py at the release tag). Workers
// of every target run PyFlink, so these are on the worker path whatever the deployment (A5).
// Versions are ones inside each pin; only apache-flink itself is exact.
// FLINK-21140 (A29, apache/flink#14755, Flink 1.13) made Flink extract `.zip` python.files before
// putting them on PYTHONPATH; every release below is newer, hence "extracted".
export const FLINK_RELEASES: readonly FlinkRelease[] = [
  {
    flink: "1.15",
    pyflink: "1.15.4",
    pythons: ["3.6", "3.7", "3.8"],
    pyFilesZip: "extracted",
    provided: [
      p("apache-flink", "1.15.4", true),
      p("apache-flink-libraries", "1.15.4", true),
      p("py4j", "0.10.9.3"),
      p("python-dateutil", "2.8.0"),
      p("apache-beam", "2.27.0"),
      p("cloudpickle", "1.2.2"),
      p("avro-python3", "1.9.2.1"),
      p("pandas", "1.3.5"),
      p("pyarrow", "6.0.1"),
      p("pytz", "2021.3"),
      p("numpy", "1.19.5"),
      p("fastavro", "1.4.7"),
      p("requests", "2.26.0"),
      p("protobuf", "3.17.3"),
      p("httplib2", "0.20.4"),
      p("pemja", "0.1.5"),
    ],
  },
  {
    flink: "1.18",
    pyflink: "1.18.1",
    pythons: ["3.7", "3.8", "3.9", "3.10"],
    pyFilesZip: "extracted",
    provided: [
      p("apache-flink", "1.18.1", true),
      p("apache-flink-libraries", "1.18.1", true),
      p("py4j", "0.10.9.7"),
      p("python-dateutil", "2.8.2"),
      p("apache-beam", "2.48.0"),
      p("cloudpickle", "2.2.0"),
      p("avro-python3", "1.10.2"),
      p("pandas", "1.5.3"),
      p("pyarrow", "11.0.0"),
      p("pytz", "2023.3"),
      p("numpy", "1.24.4"),
      p("fastavro", "1.7.4"),
      p("requests", "2.31.0"),
      p("protobuf", "3.20.3"),
      p("httplib2", "0.22.0"),
      p("pemja", "0.3.0"),
    ],
  },
  {
    flink: "1.19",
    pyflink: "1.19.1",
    pythons: ["3.8", "3.9", "3.10", "3.11"],
    pyFilesZip: "extracted",
    provided: flink119Provided("1.19.1"),
  },
  {
    flink: "1.20",
    pyflink: "1.20.0",
    pythons: ["3.8", "3.9", "3.10", "3.11"],
    pyFilesZip: "extracted",
    provided: flink119Provided("1.20.0"),
  },
];

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
  const modules = names.flatMap((name) => TOP_LEVEL_MODULES[normalizeName(name)] ?? []);
  return modules.includes("pyflink") ? modules : [...modules, "pyflink"];
}

/** `1.20.1` → `1.20`. */
export function minorOf(version: string): string {
  return version.split(".").slice(0, 2).join(".");
}

/** The release a Flink version belongs to; `where` names the target in the error. */
export function flinkRelease(flink: string, where: string): FlinkRelease {
  const release = FLINK_RELEASES.find((r) => r.flink === minorOf(flink));
  if (!release) {
    throw new PackError("target", `${where}: Flink ${flink} is not a runtime the packager knows. Use one of ${FLINK_RELEASES.map((r) => r.flink).join(", ")}.`);
  }
  return release;
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
