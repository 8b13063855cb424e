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
import { resolveProfile, TARGETS, type Profile, type SizeLimit, type TargetName } from "../profiles.js";
import { MSF_DEPS_DIR } from "../targets/layouts.js";
import { RUN_OPTIONS_GROUP, parsePropertyGroups } from "../targets/msf-properties.js";
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
}

export type WorkerEntry = { readonly kind: "script"; readonly path: string } | { readonly kind: "module"; readonly name: string };

/** The worker-side meaning of the deploy config, with paths relative to `base`. */
export interface WorkerSpec {
  /** Directory the relative paths below are resolved against (the bundle, or the extracted MSF zip). */
  readonly base: string;
  /** python.files in order (A1, A28). */
  readonly pythonFiles: readonly string[];
  /** python.archives with their target directory names (A2: `#alias` or the file name). */
  readonly archives: readonly { readonly path: string; readonly target: string }[];
  /** python.executable as configured; relative values resolve against the archives directory (A30). */
  readonly executable: string | undefined;
  readonly entry: WorkerEntry | undefined;
  /** Where each value came from, for the report. */
  readonly notes: readonly string[];
}

export interface BundleFile {
  /** Path relative to the bundle root, with `/`. */
  readonly rel: string;
  readonly abs: string;
  readonly bytes: number;
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

async function listFiles(root: string): Promise<BundleFile[]> {
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
    throw new PackError("config", `${where}: no ${LOCK_FILE_NAME}, so the runtime is unknown. Pass --target flink|msf|vvp (and --flink/--python as for pack).`);
  }
  if (!TARGETS.includes(target as TargetName)) throw new PackError("target", `${where}: unknown target "${target}". Use one of: ${TARGETS.join(", ")}.`);
  if (lock !== undefined && overrides.target === undefined) {
    const facts = platformFacts(lock.target.platforms);
    // The whole provided set comes from the profile (the lock lists only what the job asked for).
    let profile: Profile | undefined;
    try {
      profile = resolveProfile({ target, flink: lock.target.flink, python: lock.target.python, ...(target === "flink" ? { glibc: facts?.glibc, machine: facts?.machine } : {}) });
    } catch {
      profile = undefined;
    }
    return {
      target: target as TargetName,
      profileId: lock.target.profile,
      flink: lock.target.flink,
      python: lock.target.python,
      machine: (overrides.machine === "aarch64" ? "aarch64" : undefined) ?? facts?.machine ?? "x86_64",
      glibc: overrides.glibc ?? facts?.glibc ?? "2.17",
      sizeLimits: profile?.sizeLimits ?? resolveProfile({ target }).sizeLimits,
      provided: profile?.provided.map((p) => p.name) ?? lock.providedByRuntime.map((p) => p.name),
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
  };
}

const splitList = (value: string | undefined, separator: string | RegExp): string[] =>
  value === undefined ? [] : value.split(separator).map((part) => part.trim()).filter((part) => part !== "");

/** `data.zip#data` → { path: data.zip, target: data }; without `#` the target is the file name (A2). */
export function parseArchiveSpec(spec: string): { path: string; target: string } {
  const at = spec.indexOf("#");
  const file = at < 0 ? spec : spec.slice(0, at);
  return { path: file, target: at < 0 ? path.posix.basename(file) : spec.slice(at + 1) };
}

/** file:///flink/usrlib/x.zip and friends → the bundle-relative name (VVP additional files land in usrlib, C6). */
function bundleName(value: string): string {
  return value.startsWith("file://") ? path.posix.basename(value) : value;
}

/** The worker spec from a flink/vvp deploy config as `pack` returns it. */
export function workerSpecFromDeployConfig(target: TargetName, config: unknown, base: string): WorkerSpec | undefined {
  const record = z.record(z.string(), z.unknown()).safeParse(config);
  if (!record.success) return undefined;
  const value = "deployConfig" in record.data ? record.data.deployConfig : record.data;
  if (target === "flink") {
    const parsed = z.object({ args: z.array(z.string()), configuration: z.record(z.string(), z.string()) }).safeParse(value);
    if (!parsed.success) return undefined;
    const { args, configuration } = parsed.data;
    const flag = (name: string): string | undefined => {
      const at = args.indexOf(name);
      return at < 0 ? undefined : args[at + 1];
    };
    const script = flag("-py");
    const module = flag("-pym");
    return {
      base,
      pythonFiles: splitList(configuration["python.files"] ?? flag("-pyfs"), ","),
      archives: splitList(configuration["python.archives"] ?? flag("-pyarch"), ",").map(parseArchiveSpec),
      executable: configuration["python.executable"] ?? flag("-pyexec"),
      entry: script !== undefined ? { kind: "script", path: script } : module !== undefined ? { kind: "module", name: module } : undefined,
      notes: ["layout from the flink deploy config (python.files, python.archives, python.executable, -py/-pym)"],
    };
  }
  if (target === "vvp") {
    const parsed = z
      .object({
        pythonArtifact: z.object({
          pythonArtifactUri: z.string(),
          entryModule: z.string().optional(),
          additionalPythonLibraries: z.array(z.string()),
          additionalPythonArchives: z.array(z.string()),
        }),
        flinkConfiguration: z.record(z.string(), z.string()),
      })
      .safeParse(value);
    if (!parsed.success) return undefined;
    const { pythonArtifact: artifact, flinkConfiguration } = parsed.data;
    const artifactName = bundleName(artifact.pythonArtifactUri);
    const libraries = artifact.additionalPythonLibraries.map(bundleName);
    return {
      base,
      // C7: a module entry ships its zip as the artifact, which goes on the path like -pyfs; a
      // script artifact is the client's entry and reaches the path through layOutWorker.
      pythonFiles: artifact.entryModule === undefined ? libraries : [artifactName, ...libraries],
      archives: artifact.additionalPythonArchives.map((archive) => parseArchiveSpec(bundleName(archive))),
      executable: flinkConfiguration["python.executable"],
      entry: artifact.entryModule === undefined ? { kind: "script", path: artifactName } : { kind: "module", name: artifact.entryModule },
      notes: ["layout from the vvp deploy config (PythonArtifact, flinkConfiguration)"],
    };
  }
  return undefined;
}

async function readDeployFile(root: string): Promise<DeployFile | undefined> {
  const file = path.join(root, DEPLOY_FILE_NAME);
  const text = await readFile(file, "utf8").catch(() => undefined);
  return text === undefined ? undefined : parseDeployFile(text, file);
}

/**
 * The flink/vvp worker spec, from the first source that has one: the --deploy-config the caller
 * passed, the bundle's own pyflink-pack.deploy.json, else pack's file conventions. An explicit
 * entry module replaces the entry the source names.
 */
function flinkOrVvpWorkerSpec(runtime: BundleRuntime, root: string, files: readonly BundleFile[], deployFile: DeployFile | undefined, overrides: BundleOverrides): WorkerSpec {
  let spec = workerSpecFromDeployConfig(runtime.target, overrides.deployConfig, root);
  if (spec === undefined && deployFile !== undefined) {
    const fromFile = workerSpecFromDeployConfig(runtime.target, deployFile.deployConfig, root);
    if (fromFile !== undefined) spec = { ...fromFile, notes: fromFile.notes.map((note) => `${note}, read from ${DEPLOY_FILE_NAME}`) };
  }
  if (spec === undefined) return conventionalWorkerSpec(root, files, overrides);
  return overrides.module === undefined ? spec : { ...spec, entry: { kind: "module", name: overrides.module } };
}

/** flink/vvp bundles as `pack` lays them out: entry script at the root, job.zip/deps.zip as python.files, venv.zip/data.zip as archives. */
function conventionalWorkerSpec(root: string, files: readonly BundleFile[], overrides: BundleOverrides): WorkerSpec {
  const top = new Set(files.filter((file) => !file.rel.includes("/")).map((file) => file.rel));
  const scripts = [...top].filter((name) => name.endsWith(".py"));
  const pythonFiles = ["job.zip", "deps.zip"].filter((name) => top.has(name));
  // An MSF application zip on its own: the packaged dependencies sit in deps/ (B6), registered by pyFiles.
  if (!top.has("deps.zip") && files.some((file) => file.rel.startsWith(MSF_DEPS_DIR))) pythonFiles.push(MSF_DEPS_DIR);
  const archives = [INTERPRETER_ARCHIVE, "data.zip"].filter((name) => top.has(name)).map(parseArchiveSpec);
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
    notes,
  };
}

/** MSF: the app zip extracted; run options name files relative to its root (B1). */
async function msfWorkerSpec(root: string, files: readonly BundleFile[], runOptions: Readonly<Record<string, string>>, scratch: string): Promise<{ spec: WorkerSpec; appZip: string | undefined }> {
  const zips = files.filter((file) => !file.rel.includes("/") && file.rel.endsWith(".zip"));
  let base = root;
  let appZip: string | undefined;
  const entryName = runOptions.python;
  if (zips.length === 1 && zips[0] !== undefined) {
    appZip = zips[0].rel;
    base = path.join(scratch, "app");
    await extractZipSafely(zips[0].abs, base);
  } else if (zips.length > 1) {
    throw new PackError("config", `${root}: ${zips.length} zips beside application_properties.json (${zips.map((z) => z.rel).join(", ")}); an MSF bundle has one application zip. Verify that zip on its own with --target msf.`);
  }
  const spec: WorkerSpec = {
    base,
    pythonFiles: splitList(runOptions.pyFiles, ","),
    archives: splitList(runOptions.pyArchives, ",").map(parseArchiveSpec),
    executable: undefined,
    entry: entryName === undefined ? undefined : { kind: "script", path: entryName },
    notes: [`layout from ${RUN_OPTIONS_GROUP} (python, pyFiles, pyArchives) over ${appZip ?? "the bundle directory"}`],
  };
  return { spec, appZip };
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
    const propertiesFile = files.find((file) => file.rel === "application_properties.json");
    if (runtime.target === "msf" && propertiesFile !== undefined) {
      const groups = parsePropertyGroups(await readFile(propertiesFile.abs, "utf8"), propertiesFile.abs);
      const runOptions = groups.find((group) => group.PropertyGroupId === RUN_OPTIONS_GROUP)?.PropertyMap ?? {};
      const { spec } = await msfWorkerSpec(root, files, runOptions, scratch);
      return { input, root, files, lock, runtime, deployConfig: groups, worker: spec, close };
    }
    // A deploy file written for another target (the caller overrode --target) describes another layout.
    const found = await readDeployFile(root);
    const deployFile = found?.target === runtime.target ? found : undefined;
    const worker = flinkOrVvpWorkerSpec(runtime, root, files, deployFile, overrides);
    // Shown with the real directory when the bundle is one; a zipped bundle keeps the placeholder.
    const ownConfig = deployFile === undefined ? undefined : info.isDirectory() ? withBundleDir(deployFile.deployConfig, root) : deployFile.deployConfig;
    return { input, root, files, lock, runtime, deployConfig: overrides.deployConfig ?? ownConfig, worker, close };
  } catch (error) {
    await close();
    throw error;
  }
}
