// pack:job inspect: what a bundle contains and why — artifacts with sizes, hashes and roles, the
// packages inside them with their wheel tags, jars with the Flink version they were built for, the
// lock and the deploy config. Read-only; nothing is extracted to disk.
import path from "node:path";
import { checkFlinkArtifacts, flinkArtifactsOf } from "@pyflink-devkit/fat-jar";
import { parseWheelFileTags, formatTag } from "@pyflink-devkit/native-audit";
import { sha256File } from "../archive/deterministic-zip.js";
import { checkBudgets, type BudgetItem } from "../budgets/size-budgets.js";
import { DEPLOY_FILE_NAME } from "../deploy-file.js";
import { LOCK_FILE_NAME } from "../lock-file.js";
import { listZip } from "./list-zip.js";
import { targetTraits } from "../targets/registry.js";
import type { WorkerSpec } from "../targets/target.js";
import { openBundle, type BundleLock, type BundleOverrides, type BundleRuntime } from "./read-bundle.js";

export interface InspectedArtifact {
  readonly path: string;
  readonly bytes: number;
  readonly sha256: string;
  readonly role: string;
  /** For zips: the per-package breakdown, biggest first. */
  readonly contents: readonly BudgetItem[];
}

export interface InspectedDistribution {
  readonly name: string;
  readonly version: string;
  /** The artifact and directory it sits in, e.g. `deps.zip` or `job.zip!deps/`. */
  readonly location: string;
  /** Tags from its WHEEL file (installed wheels keep it). */
  readonly tags: readonly string[];
  /** From the lock file, when it lists the distribution. */
  readonly zipSafe: boolean | undefined;
  readonly source: string | undefined;
}

export interface InspectedJar {
  readonly path: string;
  readonly bytes: number;
  /** `artifactId version (Flink x.y)` for each Flink artifact the jar declares. */
  readonly flinkArtifacts: readonly string[];
}

export interface InspectReport {
  readonly bundle: string;
  readonly runtime: BundleRuntime;
  readonly worker: Omit<WorkerSpec, "base">;
  readonly artifacts: readonly InspectedArtifact[];
  readonly distributions: readonly InspectedDistribution[];
  readonly jars: readonly InspectedJar[];
  readonly lock: BundleLock | undefined;
  readonly deployConfig: unknown;
  readonly warnings: readonly string[];
}

function roleOf(rel: string, worker: WorkerSpec, runtime: BundleRuntime): string {
  if (rel === LOCK_FILE_NAME) return "lock file";
  if (rel === DEPLOY_FILE_NAME) return "deploy config (pyflink-pack)";
  const own = targetTraits(runtime.target).roleOf(rel);
  if (own !== undefined) return own;
  if (worker.entry?.kind === "script" && worker.entry.path === rel) return "entry script";
  if (worker.pythonFiles.includes(rel)) return "python.files";
  if (worker.archives.some((archive) => archive.path === rel)) return "python.archives";
  if (rel.endsWith(".jar")) return "jar";
  return "file";
}

const WHEEL_FILE = /(^|\/)([^/]+?)-([^-/]+)\.dist-info\/WHEEL$/;
const POM = /^META-INF\/maven\/.+\/pom\.properties$/;

/** Inspects a bundle directory or zip. Throws PackError when it cannot be opened. */
export async function inspectBundle(input: string, overrides: BundleOverrides = {}): Promise<InspectReport> {
  const bundle = await openBundle(input, overrides);
  try {
    const { runtime, worker, lock } = bundle;
    const warnings: string[] = [];
    const budgets = await checkBudgets({ files: bundle.files, runtime: { ...runtime, sizeLimits: [{ applies: "bundle", bytes: Number.MAX_SAFE_INTEGER, severity: "advice", what: "breakdown only" }] } });
    const contentsOf = new Map(budgets.artifacts.map((artifact) => [artifact.artifact, artifact.items]));
    const artifacts: InspectedArtifact[] = [];
    const distributions: InspectedDistribution[] = [];
    const jars: InspectedJar[] = [];
    const locked = new Map((lock?.wheels ?? []).map((wheel) => [wheel.name.toLowerCase().replace(/[-_.]+/g, "-"), wheel]));

    const addJar = (jarPath: string, bytes: number, poms: readonly { path: string; text: string }[]): void => {
      const name = path.posix.basename(jarPath);
      const found = flinkArtifactsOf(name, poms);
      jars.push({ path: jarPath, bytes, flinkArtifacts: found.map((artifact) => `${artifact.artifactId} ${artifact.version}${artifact.flinkMinor === undefined ? "" : ` (Flink ${artifact.flinkMinor})`}`) });
      warnings.push(...checkFlinkArtifacts(name, found, runtime.flink).map((warning) => warning.message));
    };

    const lockedSha = new Map((lock?.artifacts ?? []).map((artifact) => [artifact.path, artifact.sha256]));
    for (const file of bundle.files) {
      const sha256 = await sha256File(file.abs);
      const recorded = lockedSha.get(file.rel);
      if (recorded !== undefined && recorded !== sha256) warnings.push(`${file.rel} changed after pack: its sha256 differs from the one in ${LOCK_FILE_NAME}. Pack again (verify lists every difference).`);
      artifacts.push({ path: file.rel, bytes: file.bytes, sha256, role: roleOf(file.rel, worker, runtime), contents: contentsOf.get(file.rel) ?? [] });
      if (file.rel.endsWith(".jar")) {
        const { texts } = await listZip(file.abs, (name) => POM.test(name));
        addJar(file.rel, file.bytes, [...texts].map(([pomPath, text]) => ({ path: pomPath, text })));
      }
      if (!file.rel.endsWith(".zip")) continue;
      const { entries, texts, unsafe } = await listZip(file.abs, (name) => WHEEL_FILE.test(name));
      for (const entry of unsafe) {
        warnings.push(`${file.rel}: unsafe entry "${entry.name}": it ${entry.why}, so extracting it would write outside the extraction directory (Flink refuses it; other tools may not). The zip was altered or hand-made: pack the bundle again.`);
      }
      for (const [wheelPath, text] of texts) {
        const match = WHEEL_FILE.exec(wheelPath);
        const name = match?.[2] ?? wheelPath;
        const lockEntry = locked.get(name.toLowerCase().replace(/[-_.]+/g, "-"));
        const parent = path.posix.dirname(path.posix.dirname(wheelPath));
        const dir = parent === "." ? "" : `${parent}/`;
        distributions.push({
          name,
          version: match?.[3] ?? "?",
          location: dir === "" ? file.rel : `${file.rel}!${dir}`,
          tags: parseWheelFileTags(text).map(formatTag),
          zipSafe: lockEntry?.zipSafe,
          source: lockEntry?.source,
        });
      }
      // Jars inside an MSF application zip (lib/…): sizes from the listing; versions from the name.
      for (const entry of entries.filter((item) => item.name.endsWith(".jar"))) addJar(`${file.rel}!${entry.name}`, entry.uncompressedSize, []);
    }
    distributions.sort((a, b) => (a.name.toLowerCase() < b.name.toLowerCase() ? -1 : 1));
    const { base: _base, ...workerShown } = worker;
    return { bundle: input, runtime, worker: workerShown, artifacts, distributions, jars, lock, deployConfig: bundle.deployConfig, warnings };
  } finally {
    await bundle.close();
  }
}
