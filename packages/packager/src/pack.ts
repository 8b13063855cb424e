// pack(): one job project + one target → a bundle directory with the deploy config and a lock file.
// Everything is built in a temporary directory beside --out and renamed into place at the end, so a
// failed run leaves --out as it was (or absent).
import { createHash } from "node:crypto";
import { rmSync } from "node:fs";
import { copyFile, mkdir, mkdtemp, rename, rm, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { defaultCacheDir } from "@pyflink-devkit/python-env";
import { sha256File, writeDeterministicZip, type ZipInput } from "./archive/deterministic-zip.js";
import { interpreterArchiveInputs } from "./archive/interpreter-archive.js";
import { loadPackConfig, mergeConfig, type PackConfig } from "./config.js";
import { BUNDLE_DIR_PLACEHOLDER, buildDeployFile, DEPLOY_FILE_NAME } from "./deploy-file.js";
import { buildLock, LOCK_FILE_NAME, type LockedDistribution } from "./lock-file.js";
import { PackError } from "./pack-error.js";
import { resolveProfile, type Profile } from "./profiles.js";
import { checkOutDirReplaceable } from "./output/replace-out-dir.js";
import { collectProject, type CollectedProject, type ProjectFile } from "./project/collect-project.js";
import { referencedFiles } from "./project/referenced-files.js";
import { hasRequirements, readRequirements } from "./project/requirements.js";
import { collectFromEnv } from "./python/from-env.js";
import { auditInstalled, installWheelCached, type InstalledDistribution } from "./python/install-wheels.js";
import type { NativeFinding } from "@pyflink-devkit/native-audit";
import { artifactKey, checksKey, copyIfIntact, directoryHolds, lookupArtifact, lookupChecks, storeArtifact, storeChecks, type CachedArtifact } from "./bundle-cache.js";
import { resolveWheels, type ProvidedUse } from "./python/resolve-wheels.js";
import { targetPip, type TargetPip } from "./python/target-pip.js";
import { layOut, TARGETS, targetTraits, type Deployment, type TargetName } from "./targets/registry.js";
import type { ArtifactPlan, LayoutInput } from "./targets/target.js";
import { pomJars } from "./project/pom-jars.js";
import { runOptionDefaults } from "./project/run-option-defaults.js";
import { auditTargetOf, checkStagedBundle, prepareJars, type AuditedBefore } from "./verify/pack-hooks.js";
import { isBytecode } from "./archive/deterministic-zip.js";

export interface PackOptions {
  readonly projectDir: string;
  readonly outDir: string;
  /** Values from flags; they win over pyflink-pack.json. */
  readonly flags?: PackConfig;
  /** Another config file than <project>/pyflink-pack.json. */
  readonly configFile?: string;
  /** Root of the caches (default: python-env's defaultCacheDir()); false disables the wheel cache. */
  readonly cacheDir?: string | false;
  /** Ignore cached resolutions (still fills the cache). */
  readonly refresh?: boolean;
  /** Progress lines (the CLI sends them to stderr). */
  readonly onProgress?: (line: string) => void;
}

export interface Artifact {
  readonly path: string;
  readonly sha256: string;
  readonly bytes: number;
  readonly role: string;
}

/** The deploy config is typed by the target (`target` tells which). */
export type PackResult = Deployment & {
  readonly profile: Profile;
  readonly outDir: string;
  readonly artifacts: readonly Artifact[];
  readonly lockFile: string;
  readonly lockSha256: string;
  readonly excluded: readonly string[];
  readonly excludedReasons: readonly { path: string; reason: string }[];
  readonly warnings: readonly string[];
  readonly provided: readonly ProvidedUse[];
  readonly distributions: readonly LockedDistribution[];
  readonly dependenciesFromCache: boolean;
  /** true when --out already held exactly this bundle (same inputs, same code): nothing was written. */
  readonly reused: boolean;
};

async function exists(p: string): Promise<boolean> {
  return (await stat(p).catch(() => undefined)) !== undefined;
}

/** Builds the bundle. Throws PackError (and leaves --out untouched) on any problem. */
export async function pack(options: PackOptions): Promise<PackResult> {
  const log = options.onProgress ?? (() => undefined);
  const projectDir = path.resolve(options.projectDir);
  const outDir = path.resolve(options.outDir);
  if (!(await stat(projectDir).catch(() => undefined))?.isDirectory()) {
    throw new PackError("project", `--project ${options.projectDir}: not a directory. Point --project at the job project (the directory with the entry script).`);
  }
  const { config: fileConfig } = await loadPackConfig(projectDir, options.configFile);
  const config = mergeConfig(fileConfig, options.flags ?? {});
  if (config.target === undefined) throw new PackError("config", `No target. Pass --target ${TARGETS.join("|")} or set "target" in ${path.join(projectDir, "pyflink-pack.json")}.`);
  const profile = resolveProfile({ target: config.target, flink: config.flink, python: config.python, engine: config.engine, glibc: config.glibc, machine: config.machine, provided: config.provided });
  // Which runtime was chosen and on what grounds (for --python alone: which line has it).
  log(`runtime: ${profile.id} (apache-flink ${profile.pyflink}, Python ${profile.pythonVersion}): ${profile.notes[0] ?? ""}`);
  if (config.entry !== undefined && config.module !== undefined) throw new PackError("config", `Both "entry" (${config.entry}) and "module" (${config.module}) are set. Keep one: a script entry (-py) or a module entry (-pym).`);
  if (config.fromEnv !== undefined && config.requirements !== undefined) throw new PackError("config", "Both --from-env and a requirements file are set. Take packages from one place.");
  targetTraits(profile.target).checkConfig(config);

  // The project's application_properties.json run options (python, jarfile, pyFiles) are the defaults.
  // Other targets read the file only for its entry, and a file they do not deploy does not fail them.
  const runDefaults = await runOptionDefaults(projectDir, config.applicationProperties).catch((error: unknown) => {
    if (profile.target === "msf" || !(error instanceof PackError)) throw error;
    return undefined;
  });
  const entry = config.module !== undefined ? undefined : (config.entry ?? runDefaults?.entry ?? "main.py");
  if (entry !== undefined && config.entry === undefined && !(await exists(path.join(projectDir, entry)))) {
    const named = runDefaults?.entry === undefined ? "" : ` (the "python" run option of ${runDefaults.file})`;
    throw new PackError("project", `No entry script: ${path.join(projectDir, entry)}${named} does not exist. Create it, or set "entry" (or --entry) to the job's main script.`);
  }

  // Never replace a directory we did not write: an existing --out must be empty or a previous bundle.
  await checkOutDirReplaceable(outDir);
  if (outDir === projectDir || projectDir.startsWith(`${outDir}${path.sep}`)) {
    throw new PackError("config", `--out ${outDir} would contain the project itself. Choose a directory outside ${projectDir} or a subdirectory of it.`);
  }

  // Temp dir beside --out so the final rename stays on one filesystem.
  const outParent = path.dirname(outDir);
  await mkdir(outParent, { recursive: true });
  const stage = await mkdtemp(path.join(outParent, `.${path.basename(outDir)}.pyflink-pack-`));
  const work = path.join(stage, "work");
  const bundle = path.join(stage, "bundle");
  await mkdir(work, { recursive: true });
  await mkdir(bundle, { recursive: true });
  // Ctrl-C ends the process (the runner's exitCleanlyOnSignals) before `finally` can run; the
  // exit hook still removes the half-built bundle so nothing is left beside --out.
  const removeStageOnExit = (): void => {
    rmSync(stage, { recursive: true, force: true });
  };
  process.once("exit", removeStageOnExit);
  try {
    const collected = await collectProject({
      projectDir,
      entry,
      sourceRoot: config.sourceRoot ?? "",
      sources: config.sources,
      jars: config.jars,
      data: config.data,
      include: config.include ?? [],
      exclude: config.exclude ?? [],
      skipAbsolute: [outDir, stage],
    });
    const warnings: string[] = [...collected.warnings];
    const companions = await companionFiles(projectDir, collected, config, profile.target, warnings);
    // A pom.xml declares the job's connector jars (AWS's MSF samples): Maven builds the shaded jar.
    const jars = [...collected.jars, ...(await pomJars(projectDir, options.cacheDir === false ? undefined : (options.cacheDir ?? defaultCacheDir()), log, warnings))];
    log(`project: ${collected.sources.length} source files, ${jars.length} jars, ${collected.data.length} data files, ${collected.excluded.length} left out`);

    // Third-party packages → deps inputs (names relative to the dependency root).
    const deps: ZipInput[] = [];
    const locked: LockedDistribution[] = [];
    let provided: readonly ProvidedUse[] = [];
    let fromCache = false;
    const installed: InstalledDistribution[] = [];
    // Dependency files the install cache names by (wheel, path), so the bundle cache need not read them.
    const contentIds = new Map<string, string>();
    let checkInstalls = (): Promise<void> => Promise.resolve();
    let installRoot: string | undefined;
    const cacheBase = options.cacheDir === false ? undefined : path.join(options.cacheDir ?? defaultCacheDir(), "packager");

    if (config.fromEnv !== undefined) {
      log(`dependencies: site-packages difference of ${config.fromEnv}`);
      const fromEnv = await collectFromEnv(path.resolve(projectDir, config.fromEnv), config.baselineEnv === undefined ? undefined : path.resolve(projectDir, config.baselineEnv), profile, "");
      warnings.push(...fromEnv.warnings);
      provided = fromEnv.provided;
      for (const dist of fromEnv.distributions) {
        installed.push(dist);
        locked.push({ name: dist.name, version: dist.version, filename: undefined, tag: dist.tag, sha256: dist.sha256, source: "from-env", zipSafe: dist.safety.zipSafe, zipSafetyReasons: dist.safety.reasons });
      }
    } else {
      const requirements = await readRequirements(projectDir, config.requirements, config.dependencies ?? []);
      if (hasRequirements(requirements)) {
        const makePip = async (): Promise<TargetPip> => {
          const pip = await targetPip(profile, work, options.cacheDir === false ? defaultCacheDir() : (options.cacheDir ?? defaultCacheDir()));
          if (!pip.matchesTarget) warnings.push(`no Python ${profile.pythonVersion} found here; pip ran under ${pip.python} with the target's markers and tags (sdists, if allowed, would be built for that Python)`);
          return pip;
        };
        const resolution = await resolveWheels({ profile, requirements, pip: makePip, workDir: work, cacheRoot: cacheBase, logDir: path.join(cacheBase ?? path.join(os.tmpdir(), "pyflink-devkit", "packager"), "logs"), cwd: projectDir, refresh: options.refresh === true, allowSdist: config.allowSdist === true, log });
        warnings.push(...resolution.warnings);
        provided = resolution.provided;
        fromCache = resolution.fromCache;
        // Without a cache the wheels are unpacked into the run's work directory the same way, so
        // every route hands the zip writer the same kind of input and writes the same bytes.
        const cacheRoot = cacheBase ?? path.join(work, "install");
        installRoot = cacheRoot;
        const dists = await Promise.all(resolution.wheels.map((wheel) => installWheelCached(wheel, cacheRoot, "", cacheBase === undefined)));
        // Before a zip is built from the install cache's files, make sure they are all there.
        checkInstalls = async () => {
          await Promise.all(resolution.wheels.map((wheel) => installWheelCached(wheel, cacheRoot, "", true)));
        };
        for (const [index, wheel] of resolution.wheels.entries()) {
          const dist = dists[index];
          if (dist === undefined) continue;
          for (const [file, id] of dist.contentIds) contentIds.set(file, id);
          installed.push(dist);
          locked.push({ name: wheel.name, version: wheel.version, filename: wheel.filename, tag: wheel.tag, sha256: wheel.sha256, source: wheel.builtFromSdist ? "sdist-built-for-host" : "index", zipSafe: dist.safety.zipSafe, zipSafetyReasons: dist.safety.reasons });
        }
      } else {
        log("dependencies: none declared");
      }
    }
    for (const dist of installed) {
      deps.push(...dist.files);
      warnings.push(...dist.warnings);
    }
    // A29: on a runtime that zipimports python.files, only zip-safe distributions work from deps.zip.
    if (profile.pyFilesZip === "zipimport") {
      const unsafe = installed.filter((d) => !d.safety.zipSafe);
      if (unsafe.length > 0) {
        throw new PackError("layout", `${profile.id} imports python.files zips without extracting them, and these are not zip-safe: ${unsafe.map((d) => `${d.name} (${d.safety.reasons.join(", ")})`).join("; ")}. Ship them in an interpreter archive (--interpreter-env) instead.`);
      }
    }

    const interpreter = config.interpreterEnv === undefined ? undefined : await interpreterArchiveInputs(path.resolve(projectDir, config.interpreterEnv), profile, warnings, config.exclude ?? []);

    // Jars: checked against the runtime's Flink; merged into one fat jar where the target takes one.
    const prepared = await prepareJars(jars, profile, work, log);
    warnings.push(...prepared.warnings);

    const name = config.name ?? (path.basename(projectDir).replace(/[^A-Za-z0-9._-]+/g, "-") || "job");
    const layoutInput: LayoutInput = {
      profile,
      projectDir,
      config,
      name,
      entry: collected.entry,
      module: config.module,
      sources: collected.sources,
      deps,
      jars: prepared.jars,
      data: collected.data,
      interpreter,
      finalOutDir: outDir,
      excluded: collected.excluded.map((item) => item.path),
      companions,
    };
    const layout = await layOut(profile.target, layoutInput);
    warnings.push(...layout.warnings);
    // The same layout with the bundle directory left as a placeholder, for the deploy file inside
    // the bundle: its bytes (and the lock's hash of it) must not depend on where --out is.
    const portable = await layOut(profile.target, { ...layoutInput, finalOutDir: BUNDLE_DIR_PLACEHOLDER });
    const deployFile: ArtifactPlan = {
      kind: "text",
      name: DEPLOY_FILE_NAME,
      text: buildDeployFile(portable.deployment),
      role: "deploy config for verify and inspect (not uploaded)",
    };

    const excludedSorted = [...collected.excluded].sort((a, b) => (a.path < b.path ? -1 : 1));
    const resultOf = (artifacts: readonly Artifact[], lock: string, reused: boolean): PackResult => ({
      ...layout.deployment,
      profile,
      outDir,
      artifacts,
      lockFile: path.join(outDir, LOCK_FILE_NAME),
      lockSha256: createHash("sha256").update(lock).digest("hex"),
      excluded: excludedSorted.map((e) => e.path),
      excludedReasons: excludedSorted,
      warnings,
      provided,
      distributions: locked,
      dependenciesFromCache: fromCache,
      reused,
    });

    const plans = await planArtifacts([...layout.artifacts, deployFile], contentIds, cacheBase);
    const lockedJars = await Promise.all(jars.map(async (jar) => ({ path: jar.rel, sha256: await sha256File(jar.abs) })));
    const lockOf = (artifacts: readonly { name: string; sha256: string }[]): string =>
      buildLock({ profile, distributions: locked, provided, jars: lockedJars, artifacts: artifacts.map((a) => ({ path: a.name, sha256: a.sha256 })) });

    // Unchanged inputs: every artifact is known from the cache, and --out holds exactly it.
    const known = plans.every((p) => p.known !== undefined) ? plans.flatMap((p) => (p.known === undefined ? [] : [{ name: p.plan.name, ...p.known }])) : undefined;
    const knownChecks = known === undefined || cacheBase === undefined ? undefined : await lookupChecks(cacheBase, await checksKey(known, profile));
    if (known !== undefined && knownChecks !== undefined) {
      const lock = lockOf(known);
      const lockFile = { rel: LOCK_FILE_NAME, sha256: createHash("sha256").update(lock).digest("hex"), bytes: Buffer.byteLength(lock) };
      if (await directoryHolds(outDir, [...known.map((a) => ({ rel: a.name, sha256: a.sha256, bytes: a.bytes })), lockFile])) {
        log(`unchanged: reused ${outDir} (same inputs as the bundle already there; nothing rebuilt)`);
        warnings.push(...knownChecks);
        const artifacts = plans.flatMap((p) => (p.known === undefined ? [] : [{ path: path.join(outDir, p.plan.name), sha256: p.known.sha256, bytes: p.known.bytes, role: p.plan.role }]));
        return resultOf(artifacts, lock, true);
      }
    }

    const written = await writeArtifacts(bundle, outDir, plans, cacheBase, log, checkInstalls);
    // Native files audited against the profile (a mismatch fails here), size budgets as warnings;
    // the same bytes on the same profile were checked before when the cache has their warnings.
    const writtenByName = written.map((a) => ({ name: path.relative(outDir, a.path).split(path.sep).join("/"), sha256: a.sha256 }));
    const checksId = cacheBase === undefined ? undefined : await checksKey(writtenByName, profile);
    const cachedChecks = cacheBase === undefined || checksId === undefined ? undefined : await lookupChecks(cacheBase, checksId);
    if (cachedChecks !== undefined) warnings.push(...cachedChecks);
    else {
      const checked = await checkStagedBundle(bundle, profile, await auditedDependencies(plans, contentIds, installRoot, profile, checkInstalls));
      if (cacheBase !== undefined && checksId !== undefined) await storeChecks(cacheBase, checksId, checked);
      warnings.push(...checked);
    }

    const lock = lockOf(writtenByName);
    const lockTemp = path.join(bundle, LOCK_FILE_NAME);
    await writeFile(lockTemp, lock);

    await checkOutDirReplaceable(outDir); // again: files may have appeared in --out while packing
    await replaceDirectory(bundle, outDir);
    log(`bundle: ${outDir}`);
    return resultOf(written, lock, false);
  } finally {
    process.removeListener("exit", removeStageOnExit);
    await rm(stage, { recursive: true, force: true });
  }
}

/**
 * Project files the entry and own sources name at run time (set_python_requirements, add_python_file,
 * open, ...) that nothing else ships: kept beside the entry where the target has a place for them
 * (MSF's zip root, the flink bundle directory of a -py entry); otherwise, and for referenced files
 * the safe defaults leave out, a warning says why they are not shipped.
 */
async function companionFiles(projectDir: string, collected: CollectedProject, config: PackConfig, target: TargetName, warnings: string[]): Promise<ProjectFile[]> {
  const root = (config.sourceRoot ?? "").split(path.sep).join("/").replace(/^\.\/?/, "").replace(/\/$/, "");
  const inProject = (file: ProjectFile): ProjectFile => (root === "" ? file : { ...file, rel: `${root}/${file.rel}` });
  const sources = collected.sources.map(inProject);
  const shipped = new Set([...(collected.entry === undefined ? [] : [collected.entry.rel]), ...sources.map((f) => f.rel), ...collected.jars.map((f) => f.rel), ...collected.data.map((f) => f.rel)]);
  const found = await referencedFiles({ projectDir, scripts: [...(collected.entry === undefined ? [] : [collected.entry]), ...sources], all: collected.files, shipped, excluded: collected.excluded });
  for (const item of found.excluded) warnings.push(`${item.where} names ${item.path}, which is not shipped (${item.reason}); the call fails on the cluster unless the file is there. --include ${item.path} ships it anyway.`);
  const placed = target === "msf" || (target === "flink" && config.module === undefined);
  if (!placed) {
    for (const item of found.unshipped) warnings.push(`${item.where} names ${item.file.rel}, which is not shipped: --target ${target}${config.module === undefined ? "" : " with a module entry"} has no directory beside the entry. Add it to "data" (opened as data.zip/${item.file.rel}) or read it from DFS/OSS.`);
    return [];
  }
  return found.unshipped.map((item) => item.file);
}

/**
 * The dependency files of the zips, audited per wheel through the install cache (once per wheel and
 * audit target) instead of entry by entry in the staged bundle; their findings under bundle paths.
 */
async function auditedDependencies(plans: readonly PlannedArtifact[], contentIds: ReadonlyMap<string, string>, installRoot: string | undefined, profile: Profile, ensureInstalls: () => Promise<void>): Promise<AuditedBefore | undefined> {
  if (installRoot === undefined || contentIds.size === 0) return undefined;
  await ensureInstalls();
  const target = auditTargetOf(profile);
  const audits = new Map<string, Promise<readonly NativeFinding[]>>();
  const skip = new Set<string>();
  const findings: NativeFinding[] = [];
  for (const { plan } of plans) {
    if (plan.kind !== "zip") continue;
    for (const input of plan.inputs) {
      const id = input.source.kind === "file" ? contentIds.get(input.source.path) : undefined;
      const match = id === undefined ? null : /^wheel:([0-9a-f]+):(.*)$/s.exec(id);
      const sha = match?.[1];
      const rel = match?.[2];
      if (sha === undefined || rel === undefined || isBytecode(input.name)) continue;
      const where = `${plan.name}!${input.name}`;
      skip.add(where);
      let audit = audits.get(sha);
      if (audit === undefined) {
        audit = auditInstalled(installRoot, sha, target);
        audits.set(sha, audit);
      }
      for (const finding of await audit) {
        if (finding.path !== rel && !finding.path.startsWith(`${rel}!`)) continue;
        const renamed = `${where}${finding.path.slice(rel.length)}`;
        findings.push({ ...finding, path: renamed, problems: finding.problems.map((problem) => problem.split(finding.path).join(renamed)) });
      }
    }
  }
  return { skip: (file) => skip.has(file), findings };
}

interface PlannedArtifact {
  readonly plan: ArtifactPlan;
  /** The bundle cache's key (zips, with the cache on). */
  readonly key: string | undefined;
  /** The built zip in the cache, checked. */
  readonly cached: CachedArtifact | undefined;
  /** Hash and size before writing: text/json from their bytes, copies from their source, zips from the cache. */
  readonly known: { readonly sha256: string; readonly bytes: number } | undefined;
}

const planBytes = (plan: ArtifactPlan): Buffer | undefined =>
  plan.kind === "text" ? Buffer.from(plan.text) : plan.kind === "json" ? Buffer.from(`${JSON.stringify(plan.value, null, 2)}\n`) : undefined;

async function planArtifacts(plans: readonly ArtifactPlan[], contentIds: ReadonlyMap<string, string>, cacheRoot: string | undefined): Promise<PlannedArtifact[]> {
  return Promise.all(
    plans.map(async (plan): Promise<PlannedArtifact> => {
      const data = planBytes(plan);
      if (data !== undefined) return { plan, key: undefined, cached: undefined, known: { sha256: createHash("sha256").update(data).digest("hex"), bytes: data.length } };
      if (plan.kind === "copy") return { plan, key: undefined, cached: undefined, known: { sha256: await sha256File(plan.from), bytes: (await stat(plan.from)).size } };
      const key = cacheRoot === undefined ? undefined : await artifactKey(plan, contentIds);
      const cached = cacheRoot === undefined || key === undefined ? undefined : await lookupArtifact(cacheRoot, key);
      return { plan, key, cached, known: cached === undefined ? undefined : { sha256: cached.sha256, bytes: cached.bytes } };
    }),
  );
}

async function writeArtifacts(bundle: string, outDir: string, plans: readonly PlannedArtifact[], cacheRoot: string | undefined, log: (line: string) => void, beforeBuild: () => Promise<void>): Promise<Artifact[]> {
  const out: Artifact[] = [];
  let inputsChecked = false;
  for (const { plan, key, cached } of plans) {
    const file = path.join(bundle, plan.name);
    await mkdir(path.dirname(file), { recursive: true });
    let sha256: string;
    let bytes: number;
    let how = "";
    if (cached !== undefined && (await copyIfIntact(cached, file))) {
      // Same plan, same code: the bytes a build would produce, without compressing again.
      ({ sha256, bytes } = cached);
      how = ", from the bundle cache";
    } else if (plan.kind === "zip") {
      if (!inputsChecked) await beforeBuild();
      inputsChecked = true;
      const zip = await writeDeterministicZip(file, plan.inputs);
      sha256 = zip.sha256;
      bytes = zip.bytes;
      if (cacheRoot !== undefined && key !== undefined) await storeArtifact(cacheRoot, key, file, sha256, bytes);
    } else if (plan.kind === "copy") {
      await copyFile(plan.from, file);
      sha256 = await sha256File(file);
      bytes = (await stat(file)).size;
    } else {
      const data = planBytes(plan) ?? Buffer.alloc(0);
      await writeFile(file, data);
      sha256 = createHash("sha256").update(data).digest("hex");
      bytes = data.length;
    }
    log(`wrote ${plan.name} (${bytes} bytes${how})`);
    out.push({ path: path.join(outDir, plan.name), sha256, bytes, role: plan.role });
  }
  return out.sort((a, b) => (a.path < b.path ? -1 : 1));
}

/** Puts `staged` at `target`: an existing target is moved aside first and removed only after the swap. */
async function replaceDirectory(staged: string, target: string): Promise<void> {
  const aside = `${target}.pyflink-pack-old-${process.pid}`;
  const had = await exists(target);
  if (had) await rename(target, aside);
  try {
    await rename(staged, target);
  } catch (error) {
    if (had) await rename(aside, target);
    throw new PackError("io", `Could not move the bundle into ${target} (${(error as Error).message}). Check that --out is writable.`, { cause: error });
  }
  if (had) await rm(aside, { recursive: true, force: true });
}
