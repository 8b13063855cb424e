// Managed runtimes (Amazon MSF, Alibaba Realtime Compute / VVR) as data: which apache-flink
// release and Python each runs, its glibc per machine, and the differences its vendor publishes
// from a plain `pip install apache-flink==<release>`. Everything else a managed runtime has on the
// worker's path comes from the generated dataset (`data/runtimes.json`, written by
// `pnpm --filter @pyflink-devkit/packager update-runtimes`), never from a version typed here.
//
// Every row cites its source; fact IDs (B11, C1, H1, ...) are those of the packaging research
// notes, restated with their URLs in docs/packaging-facts.md (sections B, C and H).

export type Machine = "x86_64" | "aarch64";

/** A published difference from what `pip install apache-flink==<release>` installs. */
export interface PublishedPackage {
  readonly name: string;
  readonly version: string;
  readonly source: string;
}

export interface ManagedRuntime {
  /** Stable id, used in profile ids and messages. */
  readonly id: string;
  readonly service: "msf" | "vvr";
  /** The Flink line the service names (`--flink`). */
  readonly flink: string;
  /**
   * The apache-flink release whose installed set the runtime is taken to have: the exact patch when
   * the vendor publishes it, else undefined (= the newest patch of the line in the dataset).
   */
  readonly pyflink: string | undefined;
  readonly pythons: readonly string[];
  /** glibc of the workers per machine; a machine not listed is not offered by the service. */
  readonly glibc: Readonly<Partial<Record<Machine, string>>>;
  /** VVR engine versions this row covers, `from` inclusive, `until` exclusive. */
  readonly engines?: { readonly from: string; readonly until: string | undefined };
  readonly published: readonly PublishedPackage[];
  readonly sources: readonly string[];
}

/** The rows of one service, oldest first. */
export function managedRuntimesOf(service: ManagedRuntime["service"]): ManagedRuntime[] {
  return MANAGED_RUNTIMES.filter((runtime) => runtime.service === service);
}

/** The newest row that runs `python` (major.minor), if any. */
export function newestRuntimeWith(rows: readonly ManagedRuntime[], python: string): ManagedRuntime | undefined {
  const minor = python.split(".").slice(0, 2).join(".");
  return [...rows].reverse().find((runtime) => runtime.pythons.includes(minor));
}

const H4 = "H4: Alibaba's published list of packages VVR 11 pre-installs (https://www.alibabacloud.com/help/en/flink/develop-a-python-api-draft)";

export const MANAGED_RUNTIMES: readonly ManagedRuntime[] = [
  {
    id: "msf-flink-1.15",
    service: "msf",
    flink: "1.15",
    pyflink: "1.15.2",
    pythons: ["3.8"],
    glibc: { x86_64: "2.17" },
    published: [],
    sources: ["B11: archived KDA developer guide, Flink 1.15.2 with Python 3.8", "B7: AWS samples fetch wheels for manylinux2014_x86_64"],
  },
  {
    id: "msf-flink-1.18",
    service: "msf",
    flink: "1.18",
    pyflink: undefined,
    pythons: ["3.10"],
    glibc: { x86_64: "2.17" },
    published: [],
    sources: ["AWS how-python.html runtime table, Flink 1.18 with Python 3.10 (not restated in the research notes)", "B7"],
  },
  {
    id: "msf-flink-1.19",
    service: "msf",
    flink: "1.19",
    pyflink: undefined,
    pythons: ["3.11"],
    glibc: { x86_64: "2.17" },
    published: [],
    sources: ["AWS how-python.html runtime table, Flink 1.19 with Python 3.11 (not restated in the research notes)", "B7"],
  },
  {
    id: "msf-flink-1.20",
    service: "msf",
    flink: "1.20",
    pyflink: undefined,
    pythons: ["3.11"],
    glibc: { x86_64: "2.17" },
    published: [],
    sources: ["B11: current AWS docs, Flink 1.20 with Python 3.11", "B7"],
  },
  {
    id: "msf-flink-2.2",
    service: "msf",
    flink: "2.2",
    pyflink: undefined,
    pythons: ["3.12"],
    glibc: { x86_64: "2.17" },
    published: [],
    sources: ["H1: MSF offers Apache Flink 2.2 with Python 3.12", "B7"],
  },
  {
    id: "vvr-6",
    service: "vvr",
    flink: "1.15",
    pyflink: undefined,
    pythons: ["3.7"],
    glibc: { x86_64: "2.17", aarch64: "2.17" },
    engines: { from: "6.0.0", until: "8.0.0" },
    published: [],
    sources: ["C1: VVR up to 8.0.10 runs Python 3.7", "C2/H5: glibc 2.17 up to VVR 8.x"],
  },
  {
    id: "vvr-8.0-py37",
    service: "vvr",
    flink: "1.17",
    pyflink: "1.17.2",
    pythons: ["3.7"],
    glibc: { x86_64: "2.17", aarch64: "2.17" },
    engines: { from: "8.0.0", until: "8.0.11" },
    published: [],
    sources: ["H3: VVR 8.0.x is built on Flink 1.17.2", "C1: VVR up to 8.0.10 runs Python 3.7", "C2/H5: glibc 2.17 up to VVR 8.x"],
  },
  {
    id: "vvr-8.0",
    service: "vvr",
    flink: "1.17",
    pyflink: "1.17.2",
    pythons: ["3.9"],
    glibc: { x86_64: "2.17", aarch64: "2.17" },
    engines: { from: "8.0.11", until: "11.0.0" },
    published: [],
    sources: ["H3: VVR 8.0.x is built on Flink 1.17.2", "C1: VVR 8.0.11 and later run Python 3.9", "C2/H5: glibc 2.17 up to VVR 8.x"],
  },
  {
    id: "vvr-11.0",
    service: "vvr",
    flink: "1.20",
    pyflink: undefined,
    pythons: ["3.9"],
    glibc: { x86_64: "2.31", aarch64: "2.17" },
    engines: { from: "11.0.0", until: "11.3.0" },
    published: vvr11Published(),
    sources: ["C1: VVR 11 runs Python 3.9", "H5: x86 VVR 11.x glibc 2.31, ARM VVR up to 11.2 glibc 2.17", H4],
  },
  {
    id: "vvr-11.3",
    service: "vvr",
    flink: "1.20",
    pyflink: undefined,
    pythons: ["3.9"],
    glibc: { x86_64: "2.31", aarch64: "2.31" },
    engines: { from: "11.3.0", until: "11.7.0" },
    published: vvr11Published(),
    sources: ["C1: VVR 11 runs Python 3.9", "H5: VVR 11.3 and later glibc 2.31 on both machines", H4],
  },
  {
    id: "vvr-11.7",
    service: "vvr",
    flink: "1.20",
    pyflink: undefined,
    pythons: ["3.9", "3.10", "3.11"],
    glibc: { x86_64: "2.31", aarch64: "2.31" },
    engines: { from: "11.7.0", until: undefined },
    published: vvr11Published(),
    sources: ["C1: VVR 11.7 and later run Python 3.9, 3.10 or 3.11", "H5: glibc 2.31 on both machines", H4],
  },
];

// H4 names these versions; the rest of VVR 11's list (orjson, grpcio, ...) carries no version in
// the research notes, and those packages are in apache-flink's own installed set anyway.
function vvr11Published(): PublishedPackage[] {
  return [
    { name: "pandas", version: "2.3.3", source: H4 },
    { name: "protobuf", version: "4.25.8", source: H4 },
    { name: "pemja", version: "0.5.5", source: H4 },
  ];
}
