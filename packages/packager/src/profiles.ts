// Target runtime profiles, as data. One function (`resolveProfile`) reads these tables; nothing
// else in the packager branches on a runtime version.
//
// Fact IDs (A1, B11, C2, ...) refer to /work/shared/docs/packaging.md, which cites the upstream
// sources (Flink docs and PythonOptions, AWS MSF docs and samples, Alibaba/Ververica docs).
import { PackError } from "./pack-error.js";

export type TargetName = "flink" | "msf" | "vvp";
export const TARGETS: readonly TargetName[] = ["flink", "msf", "vvp"];

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

export interface SizeLimit {
  /** Which artifact the limit applies to (`bundle` = every artifact we upload). */
  readonly applies: "bundle" | "app-zip" | "archive";
  readonly bytes: number;
  readonly severity: "hard" | "advice";
  readonly what: string;
}

/** How Flink puts a `.zip` given in python.files on the worker's PYTHONPATH (A28, A29). */
export type PyFilesZipHandling = "extracted" | "zipimport";

interface FlinkRelease {
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
const FLINK_RELEASES: readonly FlinkRelease[] = [
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

/** Amazon Managed Service for Apache Flink runtimes (B11; how-python.html). */
interface MsfRuntime {
  readonly flink: string;
  readonly python: string;
  readonly source: string;
}
const MSF_RUNTIMES: readonly MsfRuntime[] = [
  { flink: "1.15", python: "3.8", source: "B11: archived KDA guide, Flink 1.15.2 ↔ Python 3.8" },
  { flink: "1.18", python: "3.10", source: "AWS how-python.html runtime table (not in packaging.md; verify)" },
  { flink: "1.19", python: "3.11", source: "AWS how-python.html runtime table (not in packaging.md; verify)" },
  { flink: "1.20", python: "3.11", source: "B11: current docs, Flink 1.20 ↔ Python 3.11" },
];

/** Alibaba Realtime Compute / Ververica engine (VVR) lines (C1, C2, C8). */
interface VvrEngine {
  /** Matches `vvr-<major>.<minor>.<patch>-flink-*` engine names by numeric prefix range. */
  readonly id: string;
  readonly from: string;
  readonly until: string | undefined;
  readonly flink: string;
  readonly pythons: readonly string[];
  readonly glibc: string;
}
const VVR_ENGINES: readonly VvrEngine[] = [
  // C1: VVR ≤ 8.0.10 → Python 3.7; C2: x86 VVR 8.x and earlier → glibc 2.17. VVR 6.x is Flink 1.15.
  { id: "vvr-6", from: "6.0.0", until: "8.0.0", flink: "1.15", pythons: ["3.7"], glibc: "2.17" },
  // VVR 8.0.x is built on Flink 1.17; we check it against the 1.18 pins, the nearest we carry.
  { id: "vvr-8.0-py37", from: "8.0.0", until: "8.0.11", flink: "1.18", pythons: ["3.7"], glibc: "2.17" },
  // C1: VVR ≥ 8.0.11 → Python 3.9.
  { id: "vvr-8.0", from: "8.0.11", until: "11.0.0", flink: "1.18", pythons: ["3.9"], glibc: "2.17" },
  // C1/C2: VVR 11.x → glibc 2.31, Python 3.9; from 11.7 also 3.10 and 3.11. VVR 11 is Flink 1.20.
  { id: "vvr-11", from: "11.0.0", until: "11.7.0", flink: "1.20", pythons: ["3.9"], glibc: "2.31" },
  { id: "vvr-11.7", from: "11.7.0", until: undefined, flink: "1.20", pythons: ["3.9", "3.10", "3.11"], glibc: "2.31" },
];

const MIB = 1024 * 1024;

interface TargetTable {
  readonly description: string;
  readonly sizeLimits: readonly SizeLimit[];
  /** The deploy-config keys this target understands (what the packager emits for it). */
  readonly deployKeys: readonly string[];
  /** Can the target run a module entry (`-pym`)? */
  readonly moduleEntry: boolean;
  /** How many jars the target can take (MSF: one `jarfile`, B1/B9). */
  readonly maxJars: number | undefined;
}

const TARGET_TABLE: Readonly<Record<TargetName, TargetTable>> = {
  flink: {
    description: "self-managed Apache Flink (flink run)",
    // A19: archives travel through the blob server, 2 GB per file.
    sizeLimits: [{ applies: "archive", bytes: 2 * 1024 * MIB, severity: "hard", what: "Flink blob server limit per -pyarch/-pyfs file (A19); put larger files on a DFS" }],
    deployKeys: ["-py", "-pym", "-pyfs", "-pyarch", "-pyexec", "-j", "python.files", "python.archives", "python.executable", "pipeline.jars"],
    moduleEntry: true,
    maxJars: undefined,
  },
  msf: {
    description: "Amazon Managed Service for Apache Flink",
    sizeLimits: [
      // B10: application code max 512 MiB; inline ZipFileContent max 50 MiB (larger must come from S3).
      { applies: "app-zip", bytes: 512 * MIB, severity: "hard", what: "MSF application code limit (B10); the app fails to start above it" },
      { applies: "app-zip", bytes: 52_428_800, severity: "advice", what: "MSF inline upload (ZipFileContent) limit (B10); upload to S3 instead" },
    ],
    // B1/B2: only these run options exist; pyModule/pyExecutable/pyRequirements are not supported.
    deployKeys: ["python", "jarfile", "pyFiles", "pyArchives"],
    moduleEntry: false,
    maxJars: 1,
  },
  vvp: {
    description: "Alibaba Realtime Compute for Apache Flink / Ververica",
    sizeLimits: [
      // C8: 200 MB max upload per file, recommended under 100 MB.
      { applies: "bundle", bytes: 200 * 1000 * 1000, severity: "hard", what: "Ververica/Alibaba upload limit per file (C8); upload through OSS instead" },
      { applies: "bundle", bytes: 100 * 1000 * 1000, severity: "advice", what: "Ververica recommended upload size (C8)" },
    ],
    deployKeys: ["python.executable", "python.archives", "python.files", "pipeline.classpaths"],
    moduleEntry: true,
    maxJars: undefined,
  },
};

/** Everything the packager needs to know about one runtime. */
export interface Profile {
  readonly id: string;
  readonly target: TargetName;
  readonly description: string;
  readonly flinkVersion: string;
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

function compareVersions(a: string, b: string): number {
  const pa = a.split(".").map(Number);
  const pb = b.split(".").map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

function flinkRelease(flink: string, where: string): FlinkRelease {
  const minor = flink.split(".").slice(0, 2).join(".");
  const release = FLINK_RELEASES.find((r) => r.flink === minor);
  if (!release) {
    throw new PackError("target", `${where}: Flink ${flink} is not a runtime the packager knows. Use one of ${FLINK_RELEASES.map((r) => r.flink).join(", ")}.`);
  }
  return release;
}

function applyOverrides(provided: readonly ProvidedPackage[], overrides: ProfileRequest["provided"]): ProvidedPackage[] {
  const byName = new Map(provided.map((pkg) => [normalizeName(pkg.name), pkg]));
  for (const [name, version] of Object.entries(overrides ?? {})) {
    if (version === null) byName.delete(normalizeName(name));
    else byName.set(normalizeName(name), { name, version, exact: true });
  }
  return [...byName.values()].sort((a, b) => normalizeName(a.name).localeCompare(normalizeName(b.name)));
}

/** PEP 503 name normalisation. */
export function normalizeName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, "-");
}

function checkPython(python: string | undefined, allowed: readonly string[], where: string): string {
  const fallback = allowed[allowed.length - 1];
  if (python === undefined) {
    if (fallback === undefined) throw new PackError("target", `${where}: no Python version known.`);
    return fallback;
  }
  const minor = python.split(".").slice(0, 2).join(".");
  if (!allowed.includes(minor)) {
    throw new PackError("target", `${where} runs Python ${allowed.join("/")}, not ${python}. Drop --python or pass one of ${allowed.join(", ")}.`);
  }
  return minor;
}

function parseMachine(machine: string | undefined): "x86_64" | "aarch64" {
  if (machine === undefined || machine === "x86_64" || machine === "amd64") return "x86_64";
  if (machine === "aarch64" || machine === "arm64") return "aarch64";
  throw new PackError("target", `Unknown machine "${machine}". Use x86_64 or aarch64.`);
}

/** Turns a target name plus versions into a full profile, or a PackError naming what is wrong. */
export function resolveProfile(request: ProfileRequest): Profile {
  const target = request.target;
  if (!TARGETS.includes(target as TargetName)) {
    throw new PackError("target", `Unknown target "${target}". Use one of: ${TARGETS.join(", ")} (flink = self-managed Flink, msf = Amazon Managed Service for Apache Flink, vvp = Alibaba Realtime Compute / Ververica).`);
  }
  const name = target as TargetName;
  const table = TARGET_TABLE[name];
  const machine = parseMachine(request.machine);

  if (name === "msf") {
    const flink = request.flink ?? "1.20";
    const minor = flink.split(".").slice(0, 2).join(".");
    const runtime = MSF_RUNTIMES.find((r) => r.flink === minor);
    if (!runtime) {
      throw new PackError("target", `MSF has no Flink ${flink} runtime the packager knows. Use --flink ${MSF_RUNTIMES.map((r) => r.flink).join(" | ")}.`);
    }
    const release = flinkRelease(runtime.flink, "msf");
    const python = checkPython(request.python, [runtime.python], `MSF Flink ${runtime.flink}`);
    // B7: the AWS samples fetch for manylinux2014_x86_64; the service runs x86_64.
    const glibc = "2.17";
    return build(name, table, `msf-flink-${runtime.flink}`, runtime.flink, python, "x86_64", glibc, release, request.provided, [runtime.source, "B7: wheels for manylinux2014_x86_64"]);
  }

  if (name === "vvp") {
    let engine: VvrEngine | undefined;
    if (request.engine !== undefined) {
      const version = /(\d+\.\d+(?:\.\d+)?)/.exec(request.engine)?.[1];
      engine = version === undefined ? undefined : VVR_ENGINES.find((e) => compareVersions(version, e.from) >= 0 && (e.until === undefined || compareVersions(version, e.until) < 0));
      if (!engine) throw new PackError("target", `vvp: engine "${request.engine}" is not one the packager knows. Use a VVR version such as 8.0.11 or 11.1.0.`);
    } else if (request.flink !== undefined) {
      const minor = request.flink.split(".").slice(0, 2).join(".");
      engine = [...VVR_ENGINES].reverse().find((e) => e.flink === minor);
      if (!engine) throw new PackError("target", `vvp: no engine line built on Flink ${request.flink} is known. Use --engine <VVR version> or --flink ${[...new Set(VVR_ENGINES.map((e) => e.flink))].join(" | ")}.`);
    } else {
      engine = VVR_ENGINES[VVR_ENGINES.length - 1];
    }
    if (!engine) throw new PackError("target", "vvp: no engine table.");
    const release = flinkRelease(engine.flink, "vvp");
    const python = checkPython(request.python, engine.pythons, `Ververica engine ${engine.id}`);
    // C8: the runtime pre-installs pandas, NumPy and PyArrow next to PyFlink — already in the release set.
    return build(name, table, `vvp-${engine.id}-py${python}`, engine.flink, python, machine, engine.glibc, release, request.provided, [`C1/C2: ${engine.id} → Python ${engine.pythons.join("/")}, glibc ${engine.glibc}`]);
  }

  // Self-managed Flink: the user declares what the cluster runs; defaults are the newest release.
  const flink = request.flink ?? "1.20";
  const release = flinkRelease(flink, "flink");
  const python = checkPython(request.python, release.pythons, `apache-flink ${release.pyflink}`);
  const glibc = request.glibc ?? "2.17";
  if (!/^2\.\d+$/.test(glibc) || compareVersions(glibc, "2.17") < 0) {
    throw new PackError("target", `flink: glibc "${glibc}" is not supported. Give the workers' glibc as 2.<minor>, at least 2.17.`);
  }
  return build(name, table, `flink-${release.flink}-py${python}-${machine}`, release.flink, python, machine, glibc, release, request.provided, ["declared by the user (self-managed cluster)"]);
}

function build(
  target: TargetName,
  table: TargetTable,
  id: string,
  flink: string,
  python: string,
  machine: "x86_64" | "aarch64",
  glibc: string,
  release: FlinkRelease,
  overrides: ProfileRequest["provided"],
  notes: readonly string[],
): Profile {
  return {
    id,
    target,
    description: table.description,
    flinkVersion: flink,
    pythonVersion: python,
    // Before 3.8 CPython tagged its ABI with the pymalloc "m" suffix (cp37m).
    abi: compareVersions(python, "3.8") < 0 ? `cp${python.replace(".", "")}m` : `cp${python.replace(".", "")}`,
    implementation: "cp",
    platforms: manylinuxPlatforms(glibc, machine),
    machine,
    glibc,
    provided: applyOverrides(release.provided, overrides),
    sizeLimits: table.sizeLimits,
    deployKeys: table.deployKeys,
    moduleEntry: table.moduleEntry,
    maxJars: table.maxJars,
    pyFilesZip: release.pyFilesZip,
    notes: [...notes, `provided packages: apache-flink ${release.pyflink} install_requires`],
  };
}

/** Every known profile, for `--list-targets` and the README table. */
export function listProfiles(): Profile[] {
  const out: Profile[] = [];
  for (const release of FLINK_RELEASES) {
    for (const python of release.pythons.filter((v) => compareVersions(v, "3.8") >= 0)) out.push(resolveProfile({ target: "flink", flink: release.flink, python }));
  }
  for (const runtime of MSF_RUNTIMES) out.push(resolveProfile({ target: "msf", flink: runtime.flink }));
  for (const engine of VVR_ENGINES) {
    for (const python of engine.pythons) out.push(resolveProfile({ target: "vvp", engine: engine.from, python }));
  }
  return out;
}
