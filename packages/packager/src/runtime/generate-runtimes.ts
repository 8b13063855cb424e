// Generates the runtime dataset (data/runtimes.json) from the real sources: the package index's
// list of apache-flink releases and wheels, and pip's own resolver run under each supported CPython.
//
// For every release line from 1.15 (newest patch, plus the patches managed runtimes publish) and
// every Python that release ships manylinux x86_64 wheels for:
//   pip install --dry-run --ignore-installed --report <file> --only-binary=:all:
//       --platform manylinux2014_x86_64 (and its aliases) apache-flink==<release>
// run by that Python's own interpreter, so environment markers are evaluated for it; the platform
// flags keep glibc at 2.17 whatever this machine has.
//
// Packages without a wheel for the target (apache-flink-libraries before 2.2, avro-python3, ...)
// would stop an --only-binary resolution. pip on a runtime builds those from their sdists, so we do
// the same for the metadata only: pip resolves that one requirement with --no-deps (sdists allowed),
// prepares its metadata (its real build backend), and we put a metadata-only wheel with exactly that
// Name/Version/Requires-Dist/Requires-Python into a --find-links directory; the main resolution is
// rerun until it completes. Such rows are marked `"sdist": true`.
import { mkdir, mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { ensureEnvironment, requireInterpreter, pip, type PythonEnvironment } from "@pyflink-devkit/python-env";
import { run } from "@pyflink-devkit/runner";
import { maxSatisfying, valid } from "@renovatebot/pep440";
import pLimit from "p-limit";
import { z } from "zod";
import { PackError } from "../pack-error.js";
import { manylinuxPlatforms } from "../profiles.js";
import { normalizeName } from "./flink-releases.js";
import { MANAGED_RUNTIMES } from "./managed-runtimes.js";
import { writeMetadataWheel } from "./metadata-wheel.js";
import { RUNTIME_DATA_VERSION, type FlinkRelease, type InstalledDistribution, type RuntimeData, type RuntimeEnvironment } from "./runtime-data.js";

/** The oldest release line the packager supports. */
export const OLDEST_LINE = "1.15";

/** The pip that resolves each Python's rows: the newest release that still runs on it (pip needs ≥ 22.2 for --report). */
const PIP_FOR_PYTHON: readonly { readonly python: string; readonly pip: string }[] = [
  { python: "3.7", pip: "24.0" },
  { python: "3.8", pip: "25.0.1" },
  { python: "*", pip: "26.0.1" },
];
/** Pythons whose last pip predates `pip install --report` (pip 22.2). */
const NO_REPORT_PIP = new Set(["3.6"]);

const PLATFORMS = manylinuxPlatforms("2.17", "x86_64");

export interface GenerateOptions {
  /** Only these lines (e.g. ["1.20", "2.2"]); default: every line from OLDEST_LINE. */
  readonly lines?: readonly string[];
  /** Simple-index base (PEP 691 JSON), default `$PIP_INDEX_URL` or https://pypi.org/simple. */
  readonly indexUrl?: string;
  readonly cacheDir?: string;
  readonly onLine?: (line: string) => void;
  /** Pythons resolved at the same time (default 4). */
  readonly jobs?: number;
}

const indexFileSchema = z.object({
  filename: z.string(),
  "requires-python": z.string().nullish(),
  yanked: z.union([z.boolean(), z.string()]).optional(),
});
const indexProjectSchema = z.object({ files: z.array(indexFileSchema) });
type IndexFile = z.infer<typeof indexFileSchema>;

function indexBase(options: GenerateOptions): string {
  return (options.indexUrl ?? process.env.PIP_INDEX_URL ?? "https://pypi.org/simple").replace(/\/+$/, "");
}

async function readIndexProject(base: string, project: string): Promise<IndexFile[]> {
  const url = `${base}/${project}/`;
  let response: Response;
  try {
    response = await fetch(url, { headers: { Accept: "application/vnd.pypi.simple.v1+json" } });
  } catch (error) {
    throw new PackError("pip", `update-runtimes: the package index ${url} cannot be reached (${String(error)}). Check the network or set PIP_INDEX_URL to a PEP 691 index.`);
  }
  if (!response.ok) throw new PackError("pip", `update-runtimes: ${url} answered HTTP ${response.status}. Set PIP_INDEX_URL to an index that serves PEP 691 JSON.`);
  const parsed = indexProjectSchema.safeParse(await response.json());
  if (!parsed.success) throw new PackError("pip", `update-runtimes: ${url} did not answer PEP 691 JSON (${parsed.error.issues[0]?.message ?? "unknown shape"}). Set PIP_INDEX_URL to an index that serves it.`);
  return parsed.data.files;
}

interface ReleaseChoice {
  readonly version: string;
  readonly reason: string;
  readonly pythons: readonly string[];
  readonly requiresPython: string;
}

const WHEEL_NAME = /^apache_flink-([^-]+)-cp(\d)(\d+)-[^-]+-([^-]+)\.whl$/;

function lineOf(version: string): string {
  return version.split(".").slice(0, 2).join(".");
}

function lineAtLeast(line: string, oldest: string): boolean {
  const [a = 0, b = 0] = line.split(".").map(Number);
  const [c = 0, d = 0] = oldest.split(".").map(Number);
  return a !== c ? a > c : b >= d;
}

/** Which releases to resolve: the newest patch of each line, plus managed runtimes' published patches. */
export function chooseReleases(files: readonly IndexFile[], lines: readonly string[] | undefined): ReleaseChoice[] {
  const pythons = new Map<string, Set<string>>();
  const requiresPython = new Map<string, string>();
  for (const file of files) {
    if (file.yanked !== undefined && file.yanked !== false) continue;
    const match = WHEEL_NAME.exec(file.filename);
    if (match === null) continue;
    const [, version, major, minor, platform] = match;
    if (version === undefined || valid(version) === null || /[a-z]/i.test(version)) continue; // final releases only
    if (platform === undefined || !platform.includes("linux") || !platform.includes("x86_64")) continue;
    const set = pythons.get(version) ?? new Set<string>();
    set.add(`${major}.${minor}`);
    pythons.set(version, set);
    if (file["requires-python"]) requiresPython.set(version, file["requires-python"]);
  }
  const versions = [...pythons.keys()];
  const wantedLines = [...new Set(versions.map(lineOf))].filter((line) => lineAtLeast(line, OLDEST_LINE) && (lines === undefined || lines.includes(line)));
  const chosen = new Map<string, string>();
  for (const line of wantedLines) {
    const newest = maxSatisfying(versions, `==${line}.*`);
    if (newest !== null) chosen.set(newest, "newest");
  }
  for (const runtime of MANAGED_RUNTIMES) {
    if (runtime.pyflink === undefined || chosen.has(runtime.pyflink)) continue;
    if (!wantedLines.includes(lineOf(runtime.pyflink))) continue;
    if (!pythons.has(runtime.pyflink)) throw new PackError("target", `update-runtimes: ${runtime.id} names apache-flink ${runtime.pyflink}, which has no manylinux x86_64 wheel on the index. Fix the row in managed-runtimes.ts.`);
    chosen.set(runtime.pyflink, `published patch of ${MANAGED_RUNTIMES.filter((r) => r.pyflink === runtime.pyflink).map((r) => r.id).join(", ")}`);
  }
  return [...chosen.entries()]
    .map(([version, reason]) => ({
      version,
      reason,
      pythons: [...(pythons.get(version) ?? [])].sort((a, b) => Number(a.split(".")[1]) - Number(b.split(".")[1])),
      requiresPython: requiresPython.get(version) ?? "",
    }))
    .sort((a, b) => compareReleases(a.version, b.version));
}

function compareReleases(a: string, b: string): number {
  const pa = a.split(".").map(Number);
  const pb = b.split(".").map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

function pipFor(python: string): string {
  const row = PIP_FOR_PYTHON.find((candidate) => candidate.python === python) ?? PIP_FOR_PYTHON.find((candidate) => candidate.python === "*");
  if (row === undefined) throw new PackError("pip", "update-runtimes: no pip pin table.");
  return row.pip;
}

const reportSchema = z.object({
  install: z.array(
    z.object({
      download_info: z.object({ url: z.string() }),
      metadata: z.object({
        name: z.string(),
        version: z.string(),
        requires_dist: z.array(z.string()).nullish(),
        requires_python: z.string().nullish(),
      }),
    }),
  ),
});
type ReportItem = z.infer<typeof reportSchema>["install"][number];

async function readReport(file: string, what: string): Promise<ReportItem[]> {
  const parsed = reportSchema.safeParse(JSON.parse(await readFile(file, "utf8")));
  if (!parsed.success) throw new PackError("pip", `update-runtimes: pip's report for ${what} (${file}) has an unexpected shape: ${parsed.error.issues[0]?.message ?? ""}. Is the pip pin in generate-runtimes.ts still one with --report (pip ≥ 22.2)?`);
  return parsed.data.install;
}

const platformArgs = (): string[] => PLATFORMS.flatMap((tag) => ["--platform", tag]);

/** One Python's resolver: its pip, a stub directory for sdist-only packages, a log. */
interface Resolver {
  readonly python: string;
  readonly pip: string;
  readonly env: PythonEnvironment;
  readonly stubDir: string;
  readonly workDir: string;
  readonly logFile: string;
  /** Requirements already answered from an sdist (to detect a resolution that makes no progress). */
  readonly stubbed: Set<string>;
}

async function makeResolver(python: string, workRoot: string, options: GenerateOptions): Promise<Resolver> {
  const interpreter = await requireInterpreter(python, { cacheDir: options.cacheDir });
  const pipVersion = pipFor(python);
  const env = await ensureEnvironment({ interpreter, requirements: [`pip==${pipVersion}`], cacheDir: options.cacheDir, onLine: options.onLine });
  const workDir = path.join(workRoot, `py${python}`);
  const stubDir = path.join(workDir, "sdist-metadata-wheels");
  await mkdir(stubDir, { recursive: true });
  return { python, pip: pipVersion, env, stubDir, workDir, logFile: path.join(workDir, "pip.log"), stubbed: new Set() };
}

// How pip names a requirement nothing on the index satisfies as a wheel: directly, or (when the
// requirement comes from a package that has several candidate versions) as the cause of a conflict.
const NO_MATCH = /No matching distribution found for (\S+)/;
const CONFLICT_CAUSE = /^\s+\S+ [^ ]+ depends on ([A-Za-z0-9][A-Za-z0-9._-]*)([<>=!~][^;\n]*?)?\s*$/m;

/** The requirement pip could not satisfy from wheels, as a requirement string, if its output names one. */
export function unsatisfiedRequirement(stderr: string): string | undefined {
  const direct = NO_MATCH.exec(stderr)?.[1];
  if (direct !== undefined) return direct;
  const cause = CONFLICT_CAUSE.exec(stderr);
  if (cause?.[1] === undefined) return undefined;
  return `${cause[1]}${(cause[2] ?? "").split(" and ").join(",")}`;
}

/** Resolves one requirement from its sdist (metadata only) and leaves a metadata wheel for it. */
async function stubFromSdist(resolver: Resolver, requirement: string): Promise<void> {
  const report = path.join(resolver.workDir, `sdist-${resolver.stubbed.size}.json`);
  const result = await pip(resolver.env.python, ["install", "--dry-run", "--ignore-installed", "--no-deps", "--quiet", "--report", report, ...platformArgs(), requirement], { reject: false, logFile: resolver.logFile });
  if (result.exitCode !== 0) {
    throw new PackError("pip", `update-runtimes: Python ${resolver.python}: "${requirement}" has neither a wheel for manylinux2014_x86_64 nor an sdist pip can prepare. See ${resolver.logFile}.`, { details: result.stderr.split("\n").slice(-8) });
  }
  const [item] = await readReport(report, requirement);
  if (item === undefined) throw new PackError("pip", `update-runtimes: pip resolved nothing for "${requirement}" (${report}).`);
  await writeMetadataWheel(resolver.stubDir, {
    name: item.metadata.name,
    version: item.metadata.version,
    requiresDist: item.metadata.requires_dist ?? [],
    requiresPython: item.metadata.requires_python ?? undefined,
    summary: `Metadata of the ${item.metadata.name} ${item.metadata.version} sdist, for resolution only (update-runtimes).`,
  });
}

// Evaluates apache-flink's Requires-Dist for the interpreter that runs it, with the packaging
// library pip vendors (the reference implementation of PEP 508): name → specifier of the
// requirements that apply (no extra).
const RANGES_SCRIPT = `
import json, sys
from pip._vendor.packaging.requirements import Requirement
out = {}
for line in json.load(sys.stdin):
    req = Requirement(line)
    if req.marker is None or req.marker.evaluate({"extra": ""}):
        out[req.name] = str(req.specifier)
json.dump(out, sys.stdout, sort_keys=True)
`;

async function pyflinkRanges(resolver: Resolver, requiresDist: readonly string[]): Promise<Record<string, string>> {
  const result = await run(resolver.env.python, ["-I", "-c", RANGES_SCRIPT], { input: JSON.stringify(requiresDist) });
  return z.record(z.string(), z.string()).parse(JSON.parse(result.stdout));
}

async function resolveRelease(resolver: Resolver, pyflink: string): Promise<{ environment: RuntimeEnvironment; requiresDist: string[] }> {
  const report = path.join(resolver.workDir, `apache-flink-${pyflink}.json`);
  for (;;) {
    const args = ["install", "--dry-run", "--ignore-installed", "--report", report, "--only-binary=:all:", ...platformArgs(), "--find-links", resolver.stubDir, `apache-flink==${pyflink}`];
    const result = await pip(resolver.env.python, args, { reject: false, logFile: resolver.logFile });
    if (result.exitCode === 0) break;
    const requirement = unsatisfiedRequirement(`${result.stdout}\n${result.stderr}`);
    if (requirement === undefined || resolver.stubbed.has(requirement)) {
      throw new PackError("pip", `update-runtimes: pip cannot resolve apache-flink==${pyflink} for Python ${resolver.python} on manylinux2014_x86_64. See ${resolver.logFile}.`, { details: result.stderr.trim().split("\n").slice(-8) });
    }
    resolver.stubbed.add(requirement);
    await stubFromSdist(resolver, requirement);
  }
  const items = await readReport(report, `apache-flink==${pyflink}`);
  const stubPrefix = new URL(`file://${resolver.stubDir}/`).href;
  const installed: InstalledDistribution[] = items
    .map((item) => (item.download_info.url.startsWith(stubPrefix) ? { name: item.metadata.name, version: item.metadata.version, sdist: true as const } : { name: item.metadata.name, version: item.metadata.version }))
    .sort((a, b) => (normalizeName(a.name) < normalizeName(b.name) ? -1 : 1));
  const pyflinkItem = items.find((item) => normalizeName(item.metadata.name) === "apache-flink");
  if (pyflinkItem === undefined) throw new PackError("pip", `update-runtimes: pip's report for apache-flink==${pyflink} does not list apache-flink (${report}).`);
  const requiresDist = pyflinkItem.metadata.requires_dist ?? [];
  return {
    environment: { python: resolver.python, pip: resolver.pip, pyflinkRanges: await pyflinkRanges(resolver, requiresDist), installed },
    requiresDist,
  };
}

/** Resolves every chosen release for every Python it supports; the dataset, ready to write. */
export async function generateRuntimes(options: GenerateOptions = {}): Promise<RuntimeData> {
  const say = options.onLine ?? (() => undefined);
  const choices = chooseReleases(await readIndexProject(indexBase(options), "apache-flink"), options.lines);
  if (choices.length === 0) throw new PackError("target", `update-runtimes: no apache-flink release line ${options.lines?.join(", ") ?? `from ${OLDEST_LINE}`} on the index.`);
  const workRoot = await mkdtemp(path.join(os.tmpdir(), "pyflink-update-runtimes-"));
  let finished = false;
  try {
    // One task per Python (its releases in turn share its pip and sdist metadata), Pythons in parallel.
    const pythons = [...new Set(choices.flatMap((choice) => choice.pythons))].filter((python) => !NO_REPORT_PIP.has(python));
    const limit = pLimit(Math.max(1, options.jobs ?? 4));
    const resolved = new Map<string, { environment: RuntimeEnvironment; requiresDist: string[] }>();
    await Promise.all(
      pythons.map((python) =>
        limit(async () => {
          const resolver = await makeResolver(python, workRoot, options);
          for (const choice of choices.filter((candidate) => candidate.pythons.includes(python))) {
            say(`apache-flink ${choice.version} on Python ${python} (pip ${resolver.pip})`);
            resolved.set(`${choice.version} ${python}`, await resolveRelease(resolver, choice.version));
          }
        }),
      ),
    );
    const releases: FlinkRelease[] = choices.map((choice) => {
      const rows = choice.pythons.flatMap((python) => resolved.get(`${choice.version} ${python}`) ?? []);
      const skipped = choice.pythons
        .filter((python) => NO_REPORT_PIP.has(python))
        .map((python) => ({ python, reason: `the last pip for Python ${python} (21.3.1) has no --report, so no resolver here can answer for it` }));
      return {
        line: lineOf(choice.version),
        pyflink: choice.version,
        reason: choice.reason,
        requiresPython: choice.requiresPython,
        requiresDist: rows[0]?.requiresDist ?? [],
        environments: rows.map((row) => row.environment),
        skipped,
      };
    });
    finished = true;
    return {
      generated: "by `pnpm --filter @pyflink-devkit/packager update-runtimes` (src/runtimes/generate-runtimes.ts); do not edit, rerun it",
      dataVersion: RUNTIME_DATA_VERSION,
      platform: PLATFORMS,
      resolver: "pip install --dry-run --ignore-installed --report --only-binary=:all: --platform <each of platform> apache-flink==<pyflink>, run by CPython <python> with pip <pip>; sdist-only requirements answered by their prepared sdist metadata",
      releases,
    };
  } finally {
    // On failure the work directory stays: the error names the pip log in it.
    if (finished) await rm(workRoot, { recursive: true, force: true });
  }
}

/**
 * The dataset as reviewable text: two-space JSON with every object or array that holds only
 * scalars on one line (one installed distribution per line).
 */
export function formatRuntimeData(data: RuntimeData): string {
  const text = JSON.stringify(data, null, 2);
  return `${text.replace(/([{[])\n\s+([^{}[\]]*?)\n\s*([}\]])/g, (_match, open: string, body: string, close: string) => `${open}${open === "{" ? " " : ""}${body.replace(/,\n\s+/g, ", ")}${close === "}" ? " " : ""}${close}`)}\n`;
}

/** `fresh` (a run over some lines) over `previous`: the lines `fresh` has are replaced, the others kept. */
export function mergeRuntimeData(previous: RuntimeData | undefined, fresh: RuntimeData): RuntimeData {
  if (previous === undefined) return fresh;
  const freshLines = new Set(fresh.releases.map((release) => release.line));
  const releases = [...previous.releases.filter((release) => !freshLines.has(release.line)), ...fresh.releases].sort((a, b) => compareReleases(a.pyflink, b.pyflink));
  return { ...fresh, releases };
}
