// Reads a bundle as `pack` wrote it (a directory with pyflink-pack.lock.json), a zip of such a
// directory, or a bare application zip plus the runtime given by flags. Everything verify, inspect
// and the size budgets need comes from here: the runtime, the files, and the worker-side layout
// (python.files / python.archives / python.executable / entry) the deploy config describes.
import { mkdtemp, readdir, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { z } from "zod";
import { INTERPRETER_ARCHIVE, INTERPRETER_EXECUTABLE } from "../archive/interpreter-archive.js";
import { DEPLOY_FILE_NAME, parseDeployFile, withBundleDir, type DeployFile } from "../deploy-file.js";
import { LOCK_FILE_NAME } from "../lock-file.js";
import { PackError } from "../pack-error.js";
import { resolveProfile, type Profile } from "../profiles.js";
import { APP_ZIP_DEPS_DIR, DATA_ARCHIVE, DEPS_ARCHIVE, JOB_ARCHIVE, parseArchiveSpec, unwrapDeployConfig } from "../targets/layout-parts.js";
import { isTargetName, TARGETS, targetTraits, type TargetName } from "../targets/registry.js";
import type { BundleFile, SizeLimit, WorkerEntry, WorkerSpec } from "../targets/target.js";
import { extractZipSafely } from "../verify/safe-extract.js";

const lockSchema = z.object({
  lockVersion: z.number(),
  target: z.object({
    target: z.string(),
    profile: z.string(),
    flink: z.string(),
    python: z.string(),
    abi: z.string(),
    platforms: z.array(z.string()),
  }),
  wheels: z.array(
    z.object({
      name: z.string(),
      version: z.string(),
      filename: z.string().optional(),
      tag: z.string(),
      sha256: z.string(),
      source: z.string(),
      zipSafe: z.boolean(),
      notZipSafeBecause: z.array(z.string()).optional(),
    }),
  ),
  providedByRuntime: z.array(z.object({ name: z.string(), version: z.string(), exact: z.boolean() })),
  jars: z.array(z.object({ path: z.string(), sha256: z.string() })),
  artifacts: z.array(z.object({ path: z.string(), sha256: z.string() })),
});

export type BundleLock = z.infer<typeof lockSchema>;

/** What the bundle runs on, from its lock file or from flags. */
export interface BundleRuntime {
  readonly target: TargetName;
  readonly profileId: string;
  readonly flink: string;
  readonly python: string;
  readonly machine: "x86_64" | "aarch64";
  readonly glibc: string;
  readonly sizeLimits: readonly SizeLimit[];
  /** Distribution names the runtime provides (not shipped). */
  readonly provided: readonly string[];
  /** The runtime's exact apache-flink release (what `verify --run` installs), when known. */
  readonly pyflink: string | undefined;
}

export interface OpenBundle {
  /** What the user passed. */
  readonly input: string;
  /** The bundle directory (a temporary extraction when the input was a zip). */
  readonly root: string;
  readonly files: readonly BundleFile[];
  readonly lock: BundleLock | undefined;
  readonly runtime: BundleRuntime;
  /** The deploy config as far as the bundle carries it (MSF: application_properties.json). */
  readonly deployConfig: unknown;
  readonly worker: WorkerSpec;
  /** Removes temporary extractions. */
  close(): Promise<void>;
}

export interface BundleOverrides {
  readonly target?: string | undefined;
  readonly flink?: string | undefined;
  readonly python?: string | undefined;
  readonly engine?: string | undefined;
  readonly glibc?: string | undefined;
  readonly machine?: string | undefined;
  /** Entry module (`-pym`); wins over the entry the bundle names. */
  readonly module?: string | undefined;
  /**
   * The deploy config `pack --json` printed (its `deployConfig`, or the whole report). Wins over the
   * bundle's own pyflink-pack.deploy.json; only needed for bundles without one.
   */
  readonly deployConfig?: unknown;
}

/** Every file below `root`, sorted by its `/`-separated relative path. */
export async function listFiles(root: string): Promise<BundleFile[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  const files: BundleFile[] = [];
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const abs = path.join(entry.parentPath, entry.name);
    files.push({ rel: path.relative(root, abs).split(path.sep).join("/"), abs, bytes: (await stat(abs)).size });
  }
  return files.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
}

async function readLock(root: string): Promise<BundleLock | undefined> {
  const file = path.join(root, LOCK_FILE_NAME);
  const text = await readFile(file, "utf8").catch(() => undefined);
  if (text === undefined) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new PackError("config", `${file}: not valid JSON (${(error as Error).message}). Pack the bundle again.`);
  }
  const parsed = lockSchema.safeParse(json);
  if (!parsed.success) throw new PackError("config", `${file}: not a pyflink-pack lock file this version reads (${parsed.error.issues[0]?.message ?? "invalid"}). Pack the bundle again with this pyflink-pack.`);
  return parsed.data;
}

/** `manylinux_2_31_aarch64` → glibc 2.31, aarch64. */
function platformFacts(platforms: readonly string[]): { glibc: string; machine: "x86_64" | "aarch64" } | undefined {
  for (const platform of platforms) {
    const match = /^manylinux_(\d+)_(\d+)_(x86_64|aarch64)$/.exec(platform);
    if (match?.[1] !== undefined && match[2] !== undefined && (match[3] === "x86_64" || match[3] === "aarch64")) return { glibc: `${match[1]}.${match[2]}`, machine: match[3] };
  }
  return undefined;
}

function runtimeOf(lock: BundleLock | undefined, overrides: BundleOverrides, where: string): BundleRuntime {
  const target = overrides.target ?? lock?.target.target;
  if (target === undefined) {
    throw new PackError("config", `${where}: no ${LOCK_FILE_NAME}, so the runtime is unknown. Pass --target ${TARGETS.join("|")} (and --flink/--python as for pack).`);
  }
  if (!isTargetName(target)) throw new PackError("target", `${where}: unknown target "${target}". Use one of: ${TARGETS.join(", ")}.`);
  if (lock !== undefined && overrides.target === undefined) {
    const facts = platformFacts(lock.target.platforms);
    // The whole provided set comes from the profile, i.e. the runtime dataset (data/runtimes.json):
    // the lock lists only what the job's dependency tree asked for, so it is no second source.
    let profile: Profile;
    try {
      profile = resolveProfile({ target, flink: lock.target.flink, python: lock.target.python, glibc: facts?.glibc, machine: facts?.machine });
    } catch (error) {
      if (!(error instanceof PackError)) throw error;
      throw new PackError(
        "target",
        `${where}: the lock names the ${lock.target.profile} runtime (Flink ${lock.target.flink}, Python ${lock.target.python}), which this pyflink-pack's runtime dataset does not have (${error.message}), so what the runtime provides is unknown. Pack the bundle again with this pyflink-pack, or pass --target/--flink/--python of a runtime it knows.`,
      );
    }
    return {
      target,
      profileId: lock.target.profile,
      flink: lock.target.flink,
      python: lock.target.python,
      machine: (overrides.machine === "aarch64" ? "aarch64" : undefined) ?? facts?.machine ?? "x86_64",
      glibc: overrides.glibc ?? facts?.glibc ?? "2.17",
      sizeLimits: targetTraits(target).sizeLimits,
      provided: profile.provided.map((p) => p.name),
      pyflink: profile.provided.find((p) => p.name === "apache-flink")?.version,
    };
  }
  const profile = resolveProfile({ target, flink: overrides.flink, python: overrides.python, engine: overrides.engine, glibc: overrides.glibc, machine: overrides.machine });
  return {
    target: profile.target,
    profileId: profile.id,
    flink: profile.flinkVersion,
    python: profile.pythonVersion,
    machine: profile.machine,
    glibc: profile.glibc,
    sizeLimits: profile.sizeLimits,
    provided: profile.provided.map((p) => p.name),
    pyflink: profile.provided.find((p) => p.name === "apache-flink")?.version,
  };
}

/** The worker spec a deploy config as `pack` returns it (or a whole `pack --json` report) describes for `target`. */
export function workerSpecFromDeployConfig(target: TargetName, config: unknown, base: string): WorkerSpec | undefined {
  return targetTraits(target).workerSpec(unwrapDeployConfig(config), base);
}

async function readDeployFile(root: string): Promise<DeployFile | undefined> {
  const file = path.join(root, DEPLOY_FILE_NAME);
  const text = await readFile(file, "utf8").catch(() => undefined);
  return text === undefined ? undefined : parseDeployFile(text, file);
}

/**
 * The worker spec, from the first source that has one: the --deploy-config the caller
 * passed, the bundle's own pyflink-pack.deploy.json, else pack's file conventions. An explicit
 * entry module replaces the entry the source names.
 */
function deployFileWorkerSpec(runtime: BundleRuntime, root: string, files: readonly BundleFile[], deployFile: DeployFile | undefined, overrides: BundleOverrides): WorkerSpec {
  let spec = workerSpecFromDeployConfig(runtime.target, overrides.deployConfig, root);
  if (spec === undefined && deployFile !== undefined) {
    const fromFile = workerSpecFromDeployConfig(runtime.target, deployFile.deployConfig, root);
    if (fromFile !== undefined) spec = { ...fromFile, notes: fromFile.notes.map((note) => `${note}, read from ${DEPLOY_FILE_NAME}`) };
  }
  if (spec === undefined) return conventionalWorkerSpec(root, files, overrides);
  return overrides.module === undefined ? spec : { ...spec, entry: { kind: "module", name: overrides.module } };
}

/** Bundles as `pack` lays them out: entry script at the root, job.zip/deps.zip as python.files, venv.zip/data.zip as archives. */
function conventionalWorkerSpec(root: string, files: readonly BundleFile[], overrides: BundleOverrides): WorkerSpec {
  const top = new Set(files.filter((file) => !file.rel.includes("/")).map((file) => file.rel));
  const scripts = [...top].filter((name) => name.endsWith(".py"));
  const pythonFiles = [JOB_ARCHIVE, DEPS_ARCHIVE].filter((name) => top.has(name));
  // An MSF application zip on its own: the packaged dependencies sit in deps/ (B6), registered by pyFiles.
  if (!top.has(DEPS_ARCHIVE) && files.some((file) => file.rel.startsWith(APP_ZIP_DEPS_DIR))) pythonFiles.push(APP_ZIP_DEPS_DIR);
  const archives = [INTERPRETER_ARCHIVE, DATA_ARCHIVE].filter((name) => top.has(name)).map(parseArchiveSpec);
  const notes = ["layout from the bundle's files as pack lays them out (entry script at the root, job.zip and deps.zip in python.files, venv.zip and data.zip in python.archives)"];
  let entry: WorkerEntry | undefined;
  if (overrides.module !== undefined) entry = { kind: "module", name: overrides.module };
  else if (scripts.length === 1 && scripts[0] !== undefined) entry = { kind: "script", path: scripts[0] };
  else if (scripts.length > 1) throw new PackError("config", `${root}: ${scripts.length} scripts at the bundle root (${scripts.join(", ")}), so the entry is ambiguous. Pass --deploy-config <pack --json output> or --module <name>.`);
  return {
    base: root,
    pythonFiles,
    archives,
    executable: top.has(INTERPRETER_ARCHIVE) ? INTERPRETER_EXECUTABLE : undefined,
    entry,
    jars: files.filter((file) => /^lib\/[^/]+\.jar$/.test(file.rel)).map((file) => file.rel),
    notes,
  };
}

/** Opens a bundle for verify/inspect/budgets. Call `close()` when done. */
export async function openBundle(input: string, overrides: BundleOverrides = {}): Promise<OpenBundle> {
  const info = await stat(input).catch(() => undefined);
  if (info === undefined) throw new PackError("config", `${input}: no such bundle. Pass the directory pack wrote (--out) or a bundle zip.`);
  const scratch = await mkdtemp(path.join(tmpdir(), "pyflink-pack-bundle-"));
  const close = (): Promise<void> => rm(scratch, { recursive: true, force: true });
  try {
    let root = path.resolve(input);
    if (!info.isDirectory()) {
      // A zip: either a whole bundle directory zipped, or an application zip on its own.
      root = path.join(scratch, "bundle");
      await extractZipSafely(input, root);
      const lockInside = await stat(path.join(root, LOCK_FILE_NAME)).catch(() => undefined);
      if (lockInside === undefined) {
        // A bare application zip: it is the app zip; MSF reads it with its own run options.
        await rm(root, { recursive: true, force: true });
        root = path.join(scratch, "single");
        await extractZipSafely(input, path.join(root, "contents"));
        const runtime = runtimeOf(undefined, overrides, input);
        const files = await listFiles(path.join(root, "contents"));
        const worker = workerSpecFromDeployConfig(runtime.target, overrides.deployConfig, path.join(root, "contents")) ?? conventionalWorkerSpec(path.join(root, "contents"), files, overrides);
        return { input, root: path.join(root, "contents"), files, lock: undefined, runtime, deployConfig: overrides.deployConfig, worker, close };
      }
    }
    const files = await listFiles(root);
    const lock = await readLock(root);
    const runtime = runtimeOf(lock, overrides, input);
    const own = await targetTraits(runtime.target).readBundle({ root, files, scratch });
    if (own !== undefined) return { input, root, files, lock, runtime, deployConfig: own.deployConfig, worker: own.worker, close };
    // A deploy file written for another target (the caller overrode --target) describes another layout.
    const found = await readDeployFile(root);
    const deployFile = found?.target === runtime.target ? found : undefined;
    const worker = deployFileWorkerSpec(runtime, root, files, deployFile, overrides);
    // Shown with the real directory when the bundle is one; a zipped bundle keeps the placeholder.
    const ownConfig = deployFile === undefined ? undefined : info.isDirectory() ? withBundleDir(deployFile.deployConfig, root) : deployFile.deployConfig;
    return { input, root, files, lock, runtime, deployConfig: overrides.deployConfig ?? ownConfig, worker, close };
  } catch (error) {
    await close();
    throw error;
  }
}
