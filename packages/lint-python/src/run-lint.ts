import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { access, mkdir, readdir, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pLimit, { type LimitFunction } from "p-limit";
import {
  DEFAULT_UV_VERSION,
  bootstrappedUvPath,
  ensureUv,
  defaultCacheDir,
  discoverInterpreters,
  ensureEnvironment,
  environmentLocation,
  removeEnvironments,
  PythonEnvError,
  writeFileAtomic,
  type Backend,
  type Interpreter,
  type PythonEnvironment,
} from "@pyflink-devkit/python-env";
import { findExecutable, run, type RunResult } from "@pyflink-devkit/runner";
import { changedFiles } from "./changed-files.js";
import { CHECK_NAMES, CHECKS, checkByName, checkRequirements, type CheckCommand, type CheckDefinition, type CheckName, type Mode } from "./checks.js";
import { hashFiles, hashProjectFiles, type FileHashes } from "./project-files.js";
import { readProject, type PythonProject } from "./project.js";
import { ResultCache } from "./result-cache.js";
import { selectPythons, type PythonTarget } from "./select-pythons.js";
import { satisfiesRequiresPython } from "./requires-python.js";
import { LintPythonError } from "./lint-python-error.js";

/** "error": the check's tool did not run or did not get to a verdict (env build failed, crash, timeout, cancelled). */
export type Status = "passed" | "failed" | "skipped" | "error";

/** One check on one Python version (or once for the project: `python` null). */
export interface TaskResult {
  readonly id: string;
  readonly check: CheckName;
  readonly python: string | null;
  readonly status: Status;
  /** Time this run spent on the task (near 0 for a cached result). */
  readonly durationMs: number;
  /** True when the result was reused because none of the task's inputs changed. */
  readonly cached: boolean;
  /** The task's log: the tool's prefixed output, or why it was skipped. */
  readonly log: string;
  /** Violations, type errors, warnings or failed tests the tool reported. */
  readonly problems: number;
  /** Why it was skipped, what the run left out, or what went wrong besides findings (env build failed, cancelled). */
  readonly note?: string;
  /** The whole error message when `note` holds only its summary (an env that could not be built): shown once, above the summary table. */
  readonly detail?: string;
  /** The first findings of a failed check (`path:line:col: code message`, as the tool printed them). */
  readonly findings?: readonly string[];
}

export interface LintReport {
  /** 0 when nothing failed and every check that was due ran. */
  readonly exitCode: 0 | 1;
  readonly results: readonly TaskResult[];
  readonly project: string;
  readonly logDir: string;
  readonly durationMs: number;
}

export interface PlannedTask {
  readonly id: string;
  readonly check: CheckName;
  readonly python: string | null;
}

/** Each check has its own env (per Python for `tests`), named after the check. */
export type EnvPurpose = CheckName;

/** What a run reports while it goes; the CLI renders these, the library never prints. */
export type LintEvent =
  | { readonly type: "planned"; readonly project: string; readonly pythons: readonly PythonTarget[]; readonly tasks: readonly PlannedTask[] }
  | { readonly type: "env-building"; readonly purpose: EnvPurpose; readonly python: string }
  | { readonly type: "env-ready"; readonly purpose: EnvPurpose; readonly python: string; readonly reused: boolean; readonly durationMs: number; readonly dir: string }
  | { readonly type: "env-failed"; readonly purpose: EnvPurpose; readonly python: string; readonly message: string; readonly summary: string }
  | { readonly type: "uv-bootstrap"; readonly version: string; readonly uv: string | undefined; readonly message: string | undefined }
  | { readonly type: "task-started"; readonly task: PlannedTask }
  | { readonly type: "task-output"; readonly task: PlannedTask; readonly line: string }
  | { readonly type: "task-finished"; readonly result: TaskResult };

export interface LintOptions {
  /** The Python project (holding tox.ini / pyproject.toml). */
  readonly projectDir: string;
  /** Python versions ("3.11"); default: `[tool.lint-python] python`, tox envlist, or every interpreter found. */
  readonly pythons?: readonly string[];
  /** Checks to run, default all. */
  readonly checks?: readonly CheckName[];
  /** Tasks and env builds at once; default the number of cores. */
  readonly jobs?: number;
  /** Only files changed against this git ref. */
  readonly changedRef?: string;
  readonly backend?: Backend;
  /** `tests` through pytest in our envs ("direct") or through the project's tox envs ("tox"). */
  readonly mode?: Mode;
  /** Run only shard `index` (1-based) of `count`: tasks (checks × Python versions) dealt round-robin in plan order. */
  readonly shard?: { readonly index: number; readonly count: number };
  /** Report a `pythons` version without an interpreter as skipped instead of refusing the run. */
  readonly skipMissingInterpreters?: boolean;
  /** tox for `--mode tox` (the drop-in passes the pinned one it installed); default: tox on PATH. */
  readonly toxPath?: string;
  /** Rebuild envs and ignore cached results (and build the docs from scratch). */
  readonly force?: boolean;
  /**
   * Build the docs from scratch as lint-python.sh does (`make clean html`, -a -W) even when the
   * last passed build could be updated incrementally; the drop-in always does.
   */
  readonly fullDocs?: boolean;
  /** Envs, results and logs live here; default python-env's `defaultCacheDir()`. */
  readonly cacheDir?: string;
  readonly signal?: AbortSignal;
  readonly onEvent?: (event: LintEvent) => void;
  /** Per-task timeout (default 30 min). */
  readonly taskTimeoutMs?: number;
}

// Part of every task key: bump when a check's command or judgement changes, so old results stop matching.
const RESULT_FORMAT = 2;
// A guard against a hung tool, not a budget: a full build of Flink's Python docs (about 1,270
// pages, `make html` with -j auto) takes about 15 CPU-minutes, so half an hour was not enough on a
// busy 2-core machine.
const DEFAULT_TASK_TIMEOUT_MS = 2 * 60 * 60 * 1000;

/** A run's shared state: plan, caches, env builds in flight. */
interface RunContext {
  readonly options: LintOptions;
  readonly project: PythonProject;
  readonly cacheDir: string;
  readonly workDir: string;
  readonly logDir: string;
  readonly mode: Mode;
  readonly backend: Backend;
  /** Variables for env builds: PATH with the bootstrapped uv first, when the uv backend uses one. */
  readonly envBuildEnv: Readonly<Record<string, string>> | undefined;
  readonly targets: readonly PythonTarget[];
  readonly fileHashes: FileHashes;
  readonly changed: readonly string[] | undefined;
  readonly results: ResultCache;
  readonly limit: LimitFunction;
  readonly envs: Map<string, Promise<PythonEnvironment>>;
  readonly emit: (event: LintEvent) => void;
  readonly tox: string | undefined;
  /** The env holding the project's pinned tox (its `tox` group), built before the first tox run. */
  readonly toxEnv: { readonly interpreter: Interpreter; readonly requirements: readonly string[] } | undefined;
  toxReady: Promise<void> | undefined;
}

interface Task extends PlannedTask {
  readonly definition: CheckDefinition;
  readonly interpreter: Interpreter | undefined;
  readonly skipReason: string | undefined;
}

/**
 * Runs the checks across Python versions in parallel (bounded by `jobs`), reusing every result
 * whose inputs did not change, and building or reusing one cached env per purpose and version
 * only for the tasks that really run.
 */
export async function lintPython(options: LintOptions): Promise<LintReport> {
  const started = performance.now();
  const context = await prepare(options);
  const tasks = inShard(planTasks(context, options.checks ?? CHECK_NAMES), options.shard);
  context.emit({ type: "planned", project: context.project.dir, pythons: context.targets, tasks: tasks.map(plannedTask) });
  const results = await Promise.all(tasks.map((task) => runTask(context, task)));
  await context.results.save();
  await pruneLogs(context.logDir, context.results, results);
  return {
    exitCode: results.some((result) => result.status === "failed" || result.status === "error") ? 1 : 0,
    results,
    project: context.project.dir,
    logDir: context.logDir,
    durationMs: performance.now() - started,
  };
}

export interface InstalledEnvironment {
  readonly purpose: EnvPurpose;
  readonly python: string;
  readonly status: "ready" | "failed" | "skipped";
  readonly dir: string | undefined;
  readonly reused: boolean;
  readonly message: string | undefined;
}

/** lint-python.sh's `-s`: build (or reuse) the envs the given checks need, run nothing. */
export async function installEnvironments(options: LintOptions): Promise<{ readonly exitCode: 0 | 1; readonly environments: readonly InstalledEnvironment[] }> {
  const context = await prepare(options);
  const wanted = new Map<string, { purpose: EnvPurpose; target: PythonTarget; interpreter: Interpreter | undefined }>();
  for (const task of planTasks(context, options.checks ?? CHECK_NAMES)) {
    const purpose = envPurpose(context, task.definition);
    if (purpose === undefined) continue;
    const target = context.targets.find((candidate) => candidate.interpreter === task.interpreter) ?? context.targets.find((candidate) => candidate.minor === task.python);
    if (target === undefined) continue;
    wanted.set(`${purpose}@${target.minor}`, { purpose, target, interpreter: task.interpreter });
  }
  const environments = await Promise.all(
    [...wanted.values()].map(async ({ purpose, target, interpreter }): Promise<InstalledEnvironment> => {
      if (interpreter === undefined) return { purpose, python: target.minor, status: "skipped", dir: undefined, reused: false, message: target.skipReason };
      try {
        const env = await environmentFor(context, purpose, interpreter);
        return { purpose, python: interpreter.minor, status: "ready", dir: env.dir, reused: env.reused, message: undefined };
      } catch (error) {
        return { purpose, python: interpreter.minor, status: "failed", dir: undefined, reused: false, message: errorMessage(error) };
      }
    }),
  );
  return { exitCode: environments.some((env) => env.status === "failed") ? 1 : 0, environments };
}

/** lint-python.sh's `-r`: delete cached envs, results, logs and tox dirs. */
export async function removeCaches(cacheDir: string = defaultCacheDir()): Promise<void> {
  await removeEnvironments(cacheDir);
  await rm(path.join(path.resolve(cacheDir), "lint-python"), { recursive: true, force: true });
}

async function prepare(options: LintOptions): Promise<RunContext> {
  const project = await readProject(options.projectDir);
  const cacheDir = path.resolve(options.cacheDir ?? defaultCacheDir());
  const workDir = path.join(cacheDir, "lint-python", projectSlug(project.dir));
  const logDir = path.join(workDir, "logs");
  const [interpreters, fileHashes, changed, results] = await Promise.all([
    discoverInterpreters({ cacheDir, signal: options.signal }),
    hashProjectFiles(project.dir),
    options.changedRef === undefined ? undefined : changedFiles(project.dir, options.changedRef, options.signal),
    ResultCache.open(path.join(workDir, "results.json")),
  ]);
  const targets = selectPythons(project, options.pythons, interpreters);
  const missing = targets.filter((target) => target.interpreter === undefined && satisfiesRequiresPython(target.minor, project.requiresPython));
  // A version the project's requires-python excludes cannot run either: asked for by name, it is a
  // mistake (a typo, an old CI matrix) that must not pass as "everything skipped, nothing failed".
  const unsupported = targets.filter((target) => !satisfiesRequiresPython(target.minor, project.requiresPython));
  if (options.pythons !== undefined && options.skipMissingInterpreters !== true && unsupported.length > 0) {
    const supported = [...new Set(interpreters.map((interpreter) => interpreter.minor))].filter((minor) => satisfiesRequiresPython(minor, project.requiresPython)).join(", ") || "none";
    throw new LintPythonError(
      `--python ${options.pythons.join(",")}: Python ${unsupported.map((target) => target.minor).join(", ")} is not supported: ${project.name} requires Python ${project.requiresPython ?? ""} (${path.join(project.dir, "pyproject.toml")}). Leave it out of --python (versions here that the project supports: ${supported}), or pass --skip-missing-interpreters to report it as skipped.`,
      { exitCode: 2 },
    );
  }
  if (options.pythons !== undefined && options.skipMissingInterpreters !== true && missing.length > 0) {
    const found = [...new Set(interpreters.map((interpreter) => interpreter.minor))].join(", ") || "none";
    throw new LintPythonError(
      `--python ${options.pythons.join(",")}: no Python ${missing.map((target) => target.minor).join(", ")} interpreter on this machine (found: ${found}). Install it (e.g. \`pyenv install ${missing[0]?.minor ?? ""}\`), leave it out of --python, or pass --skip-missing-interpreters to report it as skipped.`,
      { exitCode: 2 },
    );
  }
  const mode = options.mode ?? "direct";
  const emit = options.onEvent ?? (() => undefined);
  const { backend, envBuildEnv } = await chooseBackend(options, project, interpreters, cacheDir, emit);
  return {
    options,
    project,
    cacheDir,
    workDir,
    logDir,
    mode,
    backend,
    envBuildEnv,
    targets,
    fileHashes,
    changed,
    results,
    limit: pLimit(Math.max(1, options.jobs ?? os.availableParallelism())),
    envs: new Map(),
    emit,
    ...pinnedTox(options, project, mode, targets, backend, cacheDir),
    toxReady: undefined,
  };
}

/**
 * `--mode tox` uses the project's pinned tox (its `tox` dependency group, Flink's tox==3.14.0) from
 * a cached env on the newest selected Python — where it will be is known without touching the
 * disk; it is built before the first tox run. Without a `tox` group, the tox on PATH.
 */
function pinnedTox(
  options: LintOptions,
  project: PythonProject,
  mode: Mode,
  targets: readonly PythonTarget[],
  backend: Backend,
  cacheDir: string,
): { tox: string | undefined; toxEnv: RunContext["toxEnv"] } {
  if (mode !== "tox") return { tox: undefined, toxEnv: undefined };
  if (options.toxPath !== undefined) return { tox: options.toxPath, toxEnv: undefined };
  const requirements = project.dependencyGroups.tox;
  const interpreter = [...targets].reverse().find((target) => target.interpreter !== undefined)?.interpreter;
  if (requirements === undefined || interpreter === undefined) return { tox: findExecutable("tox"), toxEnv: undefined };
  const { dir } = environmentLocation({ interpreter, requirements, backend, cacheDir });
  return { tox: path.join(dir, "bin", "tox"), toxEnv: { interpreter, requirements } };
}

/**
 * The uv backend when uv is on PATH or was bootstrapped into the cache before; otherwise the
 * project's pinned uv (Flink's `UV_VERSION`) is bootstrapped from the package index, as
 * lint-python.sh downloads it; venv + pip when that fails. An explicit `backend` is used as is.
 */
async function chooseBackend(
  options: LintOptions,
  project: PythonProject,
  interpreters: readonly Interpreter[],
  cacheDir: string,
  emit: (event: LintEvent) => void,
): Promise<{ backend: Backend; envBuildEnv: Record<string, string> | undefined }> {
  if (options.backend !== undefined && options.backend !== "uv") return { backend: options.backend, envBuildEnv: undefined };
  const version = project.flink?.uvVersion ?? DEFAULT_UV_VERSION;
  const withUv = (uv: string): { backend: Backend; envBuildEnv: Record<string, string> } => ({
    backend: "uv",
    envBuildEnv: { PATH: [path.dirname(uv), process.env.PATH ?? ""].join(path.delimiter) },
  });
  if (findExecutable("uv") !== undefined) return { backend: "uv", envBuildEnv: undefined };
  const cached = bootstrappedUvPath(version, cacheDir);
  if (await access(cached).then(() => true, () => false)) return withUv(cached);
  const bootstrapper = [...interpreters].reverse().find((interpreter) => interpreter.implementation === "cpython" && interpreter.minor.startsWith("3."));
  try {
    if (bootstrapper === undefined) throw new Error("no Python 3 interpreter to run pip with");
    emit({ type: "uv-bootstrap", version, uv: undefined, message: undefined });
    const { uv } = await ensureUv({ version, interpreter: bootstrapper, cacheDir, signal: options.signal });
    emit({ type: "uv-bootstrap", version, uv, message: undefined });
    return withUv(uv);
  } catch (error) {
    if (options.backend === "uv") throw error;
    emit({ type: "uv-bootstrap", version, uv: undefined, message: `${errorMessage(error)} Using venv + pip instead.` });
    return { backend: "venv", envBuildEnv: undefined };
  }
}

/**
 * Project-scoped checks run once on the newest selected version that has an interpreter (as
 * lint-python.sh runs its tools on the newest Python it supports, 3.12 for Flink today);
 * per-python checks once per version.
 */
function planTasks(context: RunContext, selected: readonly CheckName[]): Task[] {
  const lintTarget = [...context.targets].reverse().find((target) => target.interpreter !== undefined);
  const wantedVersions = context.targets.map((target) => target.minor).join(", ") || "none";
  const tasks: Task[] = [];
  for (const definition of CHECKS) {
    if (!selected.includes(definition.name)) continue;
    if (definition.scope === "project") {
      tasks.push({
        id: definition.name,
        check: definition.name,
        python: null,
        definition,
        interpreter: lintTarget?.interpreter,
        skipReason: lintTarget === undefined ? `no interpreter for any selected Python version (${wantedVersions})` : undefined,
      });
      continue;
    }
    for (const target of context.targets) {
      tasks.push({ id: `${definition.name}-${target.minor}`, check: definition.name, python: target.minor, definition, interpreter: target.interpreter, skipReason: target.skipReason });
    }
  }
  return tasks;
}

/**
 * The tasks of one shard. The plan's order is fixed (checks in table order, versions ascending), so
 * every machine of a CI matrix given the same flags deals the same tasks, and the shards together
 * hold each task exactly once.
 */
export function inShard<T>(tasks: readonly T[], shard: LintOptions["shard"]): T[] {
  if (shard === undefined) return [...tasks];
  return tasks.filter((_, position) => position % shard.count === shard.index - 1);
}

function plannedTask(task: Task): PlannedTask {
  return { id: task.id, check: task.check, python: task.python };
}

/** Which cached env a check runs in (its own); undefined when it needs none (tests through tox). */
function envPurpose(context: RunContext, definition: CheckDefinition): EnvPurpose | undefined {
  return definition.name === "tests" && context.mode === "tox" ? undefined : definition.name;
}

/**
 * One env per check (tool group), as Flink's dependency groups split them: its pinned group, plus
 * the project's own dependencies when the tool imports the code. The requirements do not depend
 * on `-i`/`-e`, so every selection shares the same envs.
 */
function requirementsFor(context: RunContext, purpose: EnvPurpose): string[] {
  const definition = checkByName(purpose);
  const tools = checkRequirements(definition, context.project);
  return [...new Set([...tools, ...(definition.importsProject ? context.project.dependencies : [])])];
}

function environmentFor(context: RunContext, purpose: EnvPurpose, interpreter: Interpreter): Promise<PythonEnvironment> {
  const id = `${purpose}@${interpreter.executable}`;
  const existing = context.envs.get(id);
  if (existing) return existing;
  const building = context.limit(async () => {
    const started = performance.now();
    context.emit({ type: "env-building", purpose, python: interpreter.minor });
    try {
      const env = await ensureEnvironment({
        interpreter,
        requirements: requirementsFor(context, purpose),
        tools: [checkByName(purpose).toolModule],
        backend: context.backend,
        cacheDir: context.cacheDir,
        ...(context.envBuildEnv === undefined ? {} : { env: context.envBuildEnv }),
        force: context.options.force === true,
        signal: context.options.signal,
      });
      context.emit({ type: "env-ready", purpose, python: interpreter.minor, reused: env.reused, durationMs: performance.now() - started, dir: env.dir });
      return env;
    } catch (error) {
      context.emit({ type: "env-failed", purpose, python: interpreter.minor, message: errorMessage(error), summary: errorSummary(error) });
      throw error;
    }
  });
  context.envs.set(id, building);
  return building;
}

/** Everything the task's result depends on; equal keys mean the last result still holds. */
function taskKey(context: RunContext, task: Task, interpreter: Interpreter, command: CheckCommand): string {
  const purpose = envPurpose(context, task.definition);
  const { project } = context;
  const relevantChanged = context.changed?.filter((file) => task.definition.isInput(file, project));
  const identity = {
    format: RESULT_FORMAT,
    check: task.check,
    interpreter: [interpreter.executable, interpreter.version, interpreter.implementation],
    backend: context.backend,
    requirements: purpose === undefined ? [] : requirementsFor(context, purpose).sort(),
    mode: task.definition.scope === "per-python" ? context.mode : "direct",
    tox: context.mode === "tox" && task.definition.scope === "per-python" ? [context.tox ?? "", ...toxEnvsFor(project, interpreter.minor)] : [],
    changed: relevantChanged ?? null,
    // What the check runs (targets, options, variables such as FLINK_HOME), so a changed plan reruns.
    // A command with two forms of one check (full and incremental docs builds) keys on the one they share.
    command: command.kind === "run" ? (command.keyedAs ?? [command.file, command.args, command.env, command.note ?? null]) : null,
    files: hashFiles(context.fileHashes, (file) => task.definition.isInput(file, project)),
  };
  return createHash("sha256").update(JSON.stringify(identity)).digest("hex");
}

function toxEnvsFor(project: PythonProject, minor: string): string[] {
  return project.toxEnvs.filter((env) => env.python === minor).map((env) => env.name);
}

async function runTask(context: RunContext, task: Task): Promise<TaskResult> {
  const { project } = context;
  const finish = (result: TaskResult): TaskResult => {
    context.emit({ type: "task-finished", result });
    return result;
  };
  const base = { id: task.id, check: task.check, python: task.python };
  const skip = async (reason: string): Promise<TaskResult> => {
    const log = path.join(context.logDir, `${task.id}.skipped.log`);
    await mkdir(context.logDir, { recursive: true });
    await writeFile(log, `skipped: ${reason}\n`);
    return finish({ ...base, status: "skipped", durationMs: 0, cached: false, log, problems: 0, note: reason });
  };

  if (task.interpreter === undefined) return skip(task.skipReason ?? "no interpreter");
  const interpreter = task.interpreter;
  const scratchDir = path.join(context.workDir, "scratch", task.id);
  const commandFor = (python: string): ReturnType<CheckDefinition["command"]> =>
    task.definition.command({
      project,
      python,
      changedFiles: context.changed,
      scratchDir,
      mode: context.mode,
      toxEnvs: toxEnvsFor(project, interpreter.minor),
      tox: context.tox,
      interpreterDirs: [...new Set(context.targets.flatMap((target) => (target.interpreter ? [path.dirname(target.interpreter.executable)] : [])))],
      files: [...context.fileHashes.keys()],
      fullDocs: context.options.fullDocs === true || context.options.force === true,
    });

  // Decide skips before building anything: a check with nothing to do needs no env.
  const planned = commandFor(interpreter.executable);
  if (planned.kind === "skip") return skip(planned.reason);

  const key = taskKey(context, task, interpreter, planned);
  if (context.options.force !== true) {
    const hit = context.results.lookup(task.id, key);
    // A result whose outputs were removed since (`make clean`, a fresh `git clean`) is rerun, so a
    // caller that reads them (docs.sh reads docs/_build/html) finds them; so is an incremental
    // docs build's when the full one is asked for (--full-docs, the drop-in).
    const exactWanted = context.options.fullDocs === true && hit?.partial === true;
    if (hit && !exactWanted && (planned.outputs ?? []).every((file) => existsSync(file))) {
      return finish({
        ...base, status: hit.status, durationMs: 0, cached: true, log: hit.log, problems: hit.problems,
        ...(hit.note === undefined ? {} : { note: hit.note }), ...(hit.findings === undefined ? {} : { findings: hit.findings }),
      });
    }
  }

  const purpose = envPurpose(context, task.definition);
  let python = interpreter.executable;
  if (purpose === undefined && context.toxEnv !== undefined) {
    const { toxEnv } = context;
    context.toxReady ??= ensureEnvironment({
      interpreter: toxEnv.interpreter,
      requirements: toxEnv.requirements,
      tools: ["tox"],
      backend: context.backend,
      cacheDir: context.cacheDir,
      ...(context.envBuildEnv === undefined ? {} : { env: context.envBuildEnv }),
      force: context.options.force === true,
      signal: context.options.signal,
    }).then(() => undefined);
    try {
      await context.toxReady;
    } catch (error) {
      return finish({ ...base, status: "error", durationMs: 0, cached: false, log: path.join(context.cacheDir, "envs"), problems: 0, note: `the env with the project's pinned tox (${toxEnv.requirements.join(" ")}) could not be built: ${errorSummary(error)}`, detail: errorMessage(error) });
    }
  }
  if (purpose !== undefined) {
    try {
      python = (await environmentFor(context, purpose, interpreter)).python;
    } catch (error) {
      const log = (error instanceof Error && "logFile" in error && typeof error.logFile === "string" ? error.logFile : undefined) ?? path.join(context.cacheDir, "envs");
      return finish({ ...base, status: "error", durationMs: 0, cached: false, log, problems: 0, note: `the ${purpose} env for Python ${interpreter.minor} could not be built: ${errorSummary(error)}`, detail: errorMessage(error) });
    }
  }
  const command = commandFor(python);
  if (command.kind === "skip") return skip(command.reason);

  return context.limit(async () => {
    if (context.options.signal?.aborted === true) {
      return finish({ ...base, status: "error", durationMs: 0, cached: false, log: path.join(context.logDir, `${task.id}.log`), problems: 0, note: "cancelled" });
    }
    const log = path.join(context.logDir, `${task.id}.${key.slice(0, 12)}.log`);
    await mkdir(context.logDir, { recursive: true });
    await rm(log, { force: true });
    await mkdir(scratchDir, { recursive: true });
    // Gone before the build starts: only a run that ends in a pass may leave state to build on.
    if (command.marker !== undefined) await rm(command.marker.file, { force: true });
    context.emit({ type: "task-started", task: plannedTask(task) });
    const label = task.python === null ? task.check : `${task.check} ${task.python}`;
    let result: RunResult;
    try {
      result = await run(command.file, command.args, {
        cwd: project.dir,
        env: command.env,
        logFile: log,
        prefix: `[${label}] `,
        onLine: (line) => {
          context.emit({ type: "task-output", task: plannedTask(task), line });
        },
        signal: context.options.signal,
        timeoutMs: context.options.taskTimeoutMs ?? DEFAULT_TASK_TIMEOUT_MS,
        reject: false,
      });
    } catch (error) {
      // The tool could not be started at all (a broken env, a missing tox).
      return finish({ ...base, status: "error", durationMs: 0, cached: false, log, problems: 0, note: `could not start ${command.file}: ${errorMessage(error)}` });
    }
    const output = `${result.stdout}\n${result.stderr}`;
    const problems = task.definition.countProblems(output);
    if (result.cancelled || result.timedOut) {
      const note = result.cancelled ? "cancelled" : `timed out after ${String(context.options.taskTimeoutMs ?? DEFAULT_TASK_TIMEOUT_MS)} ms`;
      return finish({ ...base, status: "error", durationMs: result.durationMs, cached: false, log, problems, note });
    }
    const verdict = task.definition.judge(result.exitCode, output);
    const note = [verdict.note, command.note, command.describe?.(output)].filter((part) => part !== undefined).join("; ");
    const findings = verdict.status === "failed" || verdict.status === "error" ? findingsOf(task.definition, output) : [];
    const details = { ...(note === "" ? {} : { note }), ...(findings.length === 0 ? {} : { findings }) };
    const taskResult: TaskResult = { ...base, status: verdict.status, durationMs: result.durationMs, cached: false, log, problems, ...details };
    if (verdict.judged && verdict.status !== "error") {
      context.results.store(task.id, { key, status: verdict.status, problems, durationMs: result.durationMs, log, ...details, ...(command.partial === true ? { partial: true } : {}) });
    } else {
      context.results.forget(task.id);
    }
    if (command.marker !== undefined && verdict.status === "passed") await writeFileAtomic(command.marker.file, command.marker.content);
    // Kept at once: a Ctrl-C later in the run (a long env build, a slow test) must not lose it.
    await context.results.save();
    return finish(taskResult);
  });
}

/** Findings kept with a result (the rest are in its log). */
const FINDINGS_KEPT = 20;
/** Lines of output shown for a failed check whose output holds no recognisable finding (a crash). */
const TAIL_KEPT = 12;

/** The tool's finding lines, in its order; without any, the end of its output (where a crash says why). */
function findingsOf(definition: CheckDefinition, output: string): string[] {
  const lines = output.split("\n").map((line) => line.trimEnd());
  const findings = lines.filter((line) => definition.isFinding(line));
  if (findings.length > 0) return findings.slice(0, FINDINGS_KEPT);
  return lines.filter((line) => line.trim() !== "").slice(-TAIL_KEPT);
}

/** Removes task logs that neither this run nor a cached result points to. */
async function pruneLogs(logDir: string, cache: ResultCache, results: readonly TaskResult[]): Promise<void> {
  const keep = new Set([...results.map((result) => result.log), ...cache.logs()]);
  const entries = await readdir(logDir).catch(() => []);
  await Promise.all(entries.filter((entry) => !keep.has(path.join(logDir, entry))).map((entry) => rm(path.join(logDir, entry), { force: true })));
}

function projectSlug(dir: string): string {
  return `${path.basename(dir)}-${createHash("sha256").update(dir).digest("hex").slice(0, 10)}`;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

const SUMMARY_LENGTH = 120;

/** The error in a few words for a progress line or the summary's notes; its whole message is shown once elsewhere. */
function errorSummary(error: unknown): string {
  if (error instanceof PythonEnvError && error.summary !== undefined) return error.summary;
  const first = errorMessage(error).split("\n")[0] ?? "";
  return first.length <= SUMMARY_LENGTH ? first : `${first.slice(0, SUMMARY_LENGTH - 1)}…`;
}
