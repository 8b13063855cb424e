// `pnpm bench:gen`: wall time of the gen-protos CLI itself (node dist/bin/gen-protos.js, not
// through pnpm) against the routes Flink contributors use today, measured side by side in one
// run on the same proto. Prints a table with medians and ratios; baselines whose tool is absent
// are reported as skipped.
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { readFileSync } from "node:fs";
import { CommandError, findExecutable, run } from "@pyflink-devkit/runner";
import { FLINK_LICENSE_HEADER } from "../src/license-header.js";
import { cliPath, repoRoot } from "../test/support/cli.js";
import { cachedVenv, findPythons } from "../test/support/python.js";

const runs = Number(process.env.BENCH_RUNS ?? "5");
const scratch = mkdtempSync(path.join(os.tmpdir(), "bench-gen-"));
const protoDir = path.join(scratch, "proto");
cpSync(path.join(repoRoot, "proto"), protoDir, { recursive: true });
const headerFile = path.join(scratch, "header.txt");
writeFileSync(headerFile, FLINK_LICENSE_HEADER);

interface Row {
  readonly route: string;
  readonly seconds?: readonly number[];
  readonly skipped?: string;
  readonly note?: string;
  /** Key of this route's CPU seconds in `cpu` (summed for the fresh-venv route's three steps). */
  readonly cpuKey?: string;
}
const rows: Row[] = [];

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

// GNU time, when installed, adds the CPU seconds (user + system, children included) of each run:
// unlike wall time they barely move when other processes compete for the cores.
const gnuTime = findExecutable("time");
const cpuLog = path.join(scratch, "cpu.txt");
const cpu = new Map<string, number[]>();
let currentRoute = "";

/** Wall time of one child process in seconds (the runner measures spawn to exit). */
async function timed(file: string, args: readonly string[], env: Record<string, string> = {}): Promise<number> {
  if (gnuTime === undefined) {
    const result = await run(file, args, { env, timeoutMs: 900_000 });
    return result.durationMs / 1000;
  }
  const result = await run(gnuTime, ["-f", "%U %S", "-o", cpuLog, file, ...args], { env, timeoutMs: 900_000 });
  const [user, system] = readFileSync(cpuLog, "utf8").trim().split("\n").pop()?.split(" ").map(Number) ?? [];
  if (user !== undefined && system !== undefined) cpu.set(currentRoute, [...(cpu.get(currentRoute) ?? []), user + system]);
  return result.durationMs / 1000;
}

async function repeat(times: number, before: () => void, once: () => Promise<number>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < times; i++) {
    before();
    out.push(await once());
  }
  return out;
}

function freshDir(name: string): string {
  const dir = path.join(scratch, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return dir;
}

// --- gen-protos ---------------------------------------------------------------------------
const stateDir = path.join(scratch, "state");
const ours = (outDir: string, extra: readonly string[] = []): string[] => [
  cliPath,
  "--proto-path",
  protoDir,
  "--python-out",
  path.join(outDir, "py"),
  "--ts-out",
  path.join(outDir, "ts"),
  "--protobuf-python",
  "6.31.1",
  ...extra,
];
const env = { PYFLINK_DEVKIT_CACHE_DIR: stateDir };

currentRoute = "full";
const full = await repeat(
  runs,
  () => {
    freshDir("ours");
    rmSync(stateDir, { recursive: true, force: true });
  },
  () => timed(process.execPath, ours(path.join(scratch, "ours")), env),
);
rows.push({ route: "gen-protos: full regenerate (py + pyi + ts)", seconds: full, cpuKey: "full" });

currentRoute = "pyOnly";
const pyOnly = await repeat(
  runs,
  () => {
    freshDir("ours-py");
    rmSync(stateDir, { recursive: true, force: true });
  },
  () => timed(process.execPath, ours(path.join(scratch, "ours-py"), ["--no-ts"]), env),
);
rows.push({ route: "gen-protos: full regenerate (py + pyi, --no-ts)", seconds: pyOnly, cpuKey: "pyOnly" });

currentRoute = "noop";
const noop = await repeat(runs, () => undefined, () => timed(process.execPath, ours(path.join(scratch, "ours")), env));
rows.push({ route: "gen-protos: no-op (inputs unchanged)", seconds: noop, cpuKey: "noop" });

currentRoute = "check";
const check = await repeat(runs, () => undefined, () => timed(process.execPath, ours(path.join(scratch, "ours"), ["--check"]), env));
rows.push({ route: "gen-protos --check (py + pyi + ts)", seconds: check, cpuKey: "check" });

// --- Flink's gen_protos.py route: grpc_tools.protoc, then the license-header step --------------
// The same steps gen_protos.py takes (protoc with grpc_tools' include path, then header + rename
// for every *_pb2.py/.pyi), in one Python process as gen_protos.py runs them.
const GEN_PROTOS_LIKE = `
import glob, os, sys
import grpc_tools
from grpc_tools import protoc
proto_dir, out_dir, pyi, header_file = sys.argv[1], sys.argv[2], sys.argv[3] == "1", sys.argv[4]
include = os.path.join(os.path.dirname(grpc_tools.__file__), "_proto")
args = [sys.executable, "--proto_path=" + include, "--proto_path=" + proto_dir, "--python_out=" + out_dir]
if pyi:
    args.append("--pyi_out=" + out_dir)
if protoc.main(args + glob.glob(os.path.join(proto_dir, "*.proto"))) != 0:
    raise RuntimeError("protoc failed")
header = open(header_file).read()
for name in os.listdir(out_dir):
    if name.endswith("_pb2.py") or name.endswith("_pb2.pyi"):
        path = os.path.join(out_dir, name)
        with open(path) as f:
            content = f.read()
        with open(path + ".tmp", "w") as f:
            f.write(header + content)
        os.remove(path)
        os.rename(path + ".tmp", path)
`;

async function grpcToolsVersion(python: string): Promise<string | undefined> {
  try {
    const result = await run(python, ["-c", "import importlib.metadata as m; print(m.version('grpcio-tools'))"]);
    return result.stdout.trim();
  } catch (error) {
    if (error instanceof CommandError) {
      // grpcio-tools 1.14 predates importlib.metadata support on some installs: ask the module.
      try {
        const result = await run(python, ["-c", "import grpc_tools, pkg_resources; print(pkg_resources.get_distribution('grpcio-tools').version)"]);
        return result.stdout.trim();
      } catch {
        return undefined;
      }
    }
    throw error;
  }
}

const venv = cachedVenv("grpcio-tools", "grpcio-tools", "grpc_tools.protoc");
if ("python" in venv) {
  const version = await grpcToolsVersion(venv.python);
  currentRoute = "pip";
  const seconds = await repeat(
    runs,
    () => freshDir("pip"),
    () => timed(venv.python, ["-c", GEN_PROTOS_LIKE, protoDir, path.join(scratch, "pip"), "1", headerFile], { PIP_RETRIES: "0" }),
  );
  rows.push({ route: `python -m grpc_tools.protoc + header (grpcio-tools ${version ?? "?"}, pip venv)`, seconds, cpuKey: "pip" });
} else {
  rows.push({ route: "python -m grpc_tools.protoc + header (grpcio-tools from pip)", skipped: venv.skip });
}

// The seed's route: Debian's grpcio-tools 1.14.1 (libprotoc 3.5.1), no .pyi support.
const debianPython = "/usr/bin/python3";
const debianVersion = existsSync(debianPython) ? await grpcToolsVersion(debianPython) : undefined;
if (debianVersion !== undefined) {
  currentRoute = "debian";
  const seconds = await repeat(runs, () => freshDir("debian"), () => timed(debianPython, ["-c", GEN_PROTOS_LIKE, protoDir, path.join(scratch, "debian"), "0", headerFile]));
  rows.push({ route: `seed route: Debian python3 grpc_tools ${debianVersion} + header (py only)`, seconds, cpuKey: "debian" });
} else {
  rows.push({ route: "seed route: Debian python3 grpc_tools 1.14 + header", skipped: `${debianPython} has no grpc_tools (apt-get install python3-grpc-tools)` });
}

// --- What a contributor pays once today: a fresh venv + pip install grpcio-tools + first run ----
const base = findPythons().find((p) => p.version === "3.11") ?? findPythons()[0];
if (base === undefined) {
  rows.push({ route: "fresh venv + pip install grpcio-tools + first run", skipped: "no Python ≥ 3.11 found" });
} else {
  const fresh = path.join(scratch, "fresh-venv");
  currentRoute = "fresh";
  try {
    const venvSeconds = await timed(base.python, ["-m", "venv", fresh]);
    const freshPython = path.join(fresh, "bin", "python");
    const pipSeconds = await timed(freshPython, ["-m", "pip", "install", "--quiet", "grpcio-tools"], { PIP_RETRIES: "0", PIP_DISABLE_PIP_VERSION_CHECK: "1" });
    freshDir("fresh-out");
    const firstRun = await timed(freshPython, ["-c", GEN_PROTOS_LIKE, protoDir, path.join(scratch, "fresh-out"), "1", headerFile]);
    rows.push({
      route: `fresh venv + pip install grpcio-tools + first run (Python ${base.version})`,
      seconds: [venvSeconds + pipSeconds + firstRun],
      note: `venv ${venvSeconds.toFixed(2)} s + pip ${pipSeconds.toFixed(2)} s + protoc ${firstRun.toFixed(2)} s`,
      cpuKey: "fresh",
    });
  } catch (error) {
    rows.push({ route: "fresh venv + pip install grpcio-tools + first run", skipped: error instanceof Error ? error.message.split("\n")[0] ?? "" : String(error) });
  }
}

// --- Report ----------------------------------------------------------------------------------
const reference = median(full);
const width = Math.max(...rows.map((r) => r.route.length));
const lines = [
  "",
  `bench:gen — ${runs} runs each (median, min), same proto (${path.relative(repoRoot, path.join(repoRoot, "proto"))}/*.proto), ${os.cpus().length} CPUs, load average ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}`,
  "",
  `${"route".padEnd(width)}  ${"median".padStart(8)}  ${"min".padStart(8)}  ${"× gen-protos full".padStart(17)}  ${"CPU median".padStart(10)}`,
  `${"-".repeat(width)}  ${"-".repeat(8)}  ${"-".repeat(8)}  ${"-".repeat(17)}  ${"-".repeat(10)}`,
];
for (const row of rows) {
  if (row.seconds === undefined) {
    lines.push(`${row.route.padEnd(width)}  skipped: ${row.skipped ?? ""}`);
    continue;
  }
  const m = median(row.seconds);
  const cpuSeconds = row.cpuKey === undefined ? undefined : cpu.get(row.cpuKey);
  const cpuText = cpuSeconds === undefined ? "–" : `${(row.cpuKey === "fresh" ? cpuSeconds.reduce((a, b) => a + b, 0) : median(cpuSeconds)).toFixed(3)} s`;
  lines.push(
    `${row.route.padEnd(width)}  ${`${m.toFixed(3)} s`.padStart(8)}  ${`${Math.min(...row.seconds).toFixed(3)} s`.padStart(8)}  ${`${(m / reference).toFixed(1)}×`.padStart(17)}  ${cpuText.padStart(10)}${row.note === undefined ? "" : `   (${row.note})`}`,
  );
}
const freshRow = rows.find((r) => r.route.startsWith("fresh venv") && r.seconds !== undefined);
lines.push("");
// Issue #10's targets, on a quiet machine: compare the load average printed above before reading them.
const verdict = (ok: boolean): string => (ok ? "met" : "MISSED");
lines.push(`targets: no-op ≤ 0.15 s → ${median(noop).toFixed(3)} s ${verdict(median(noop) <= 0.15)}; full regenerate ≤ 0.5 s → ${reference.toFixed(3)} s ${verdict(reference <= 0.5)}`);
const grpcRow = rows.find((r) => r.cpuKey === "pip" && r.seconds !== undefined);
if (grpcRow?.seconds !== undefined) {
  const ratio = median(pyOnly) / median(grpcRow.seconds);
  lines.push(`py + pyi (--no-ts) ≤ 1.3× grpc_tools → ${median(pyOnly).toFixed(3)} s vs ${median(grpcRow.seconds).toFixed(3)} s = ${ratio.toFixed(2)}× ${verdict(ratio <= 1.3)}`);
}
if (freshRow?.seconds !== undefined) {
  const ratio = median(freshRow.seconds) / reference;
  lines.push(`first regeneration on a fresh machine: gen-protos ${reference.toFixed(2)} s vs venv route ${median(freshRow.seconds).toFixed(2)} s → ${ratio.toFixed(1)}× faster (target ≥ 20×: ${ratio >= 20 ? "met" : "MISSED"})`);
}
console.log(lines.join("\n"));
rmSync(scratch, { recursive: true, force: true });

