// pack:job verify: catch before deployment what otherwise fails only in a Flink job log. Opens
// the bundle, recreates the worker layout in a scratch directory, imports the entry module and
// every top-level module of every shipped distribution with an interpreter of the target's
// Python, audits every native file and checks the size budgets.
import { mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { auditBundle, type AuditReport } from "@pyflink-devkit/native-audit";
import { findInterpreter } from "@pyflink-devkit/python-env";
import { run } from "@pyflink-devkit/runner";
import { checkBudgets, type BudgetReport } from "../budgets/size-budgets.js";
import { openBundle, type BundleOverrides, type BundleRuntime } from "../inspect/read-bundle.js";
import { providedModules } from "../runtime/flink-releases.js";
import type { WorkerSpec } from "../targets/target.js";
import { bundledDistributions, type BundledDistribution } from "./bundled-distributions.js";
import { DRIVER_FILE_NAME, IMPORT_DRIVER } from "./import-driver.js";
import { isInertOnLinux } from "./pack-hooks.js";
import { workerFunctionIn } from "./worker-functions.js";
import { danglingJars, runOnPyflink, type RunReport } from "./run-on-pyflink.js";
import { layOutWorker, type WorkerLayout } from "./worker-layout.js";
import { checkAgainstLock, describeLockDrift } from "./lock-check.js";

export interface VerifyOptions extends BundleOverrides {
  /** An interpreter to import with, instead of one found for the target's Python version. */
  readonly interpreter?: string | undefined;
  /** Leave out the import check (audit and budgets only). */
  readonly skipImports?: boolean | undefined;
  readonly timeoutMs?: number | undefined;
  readonly onProgress?: ((line: string) => void) | undefined;
  /** Also run the job on the runtime's real PyFlink (executed when bounded, planned otherwise). */
  readonly run?: boolean | undefined;
  readonly runMode?: "auto" | "execute" | "plan" | undefined;
  readonly runTimeoutMs?: number | undefined;
  /** Every output line of the run (the JVM's and the job's). */
  readonly onRunLine?: ((line: string) => void) | undefined;
}

export interface ImportCheck {
  readonly module: string;
  readonly origin: "entry" | "distribution";
  /** The distribution the module belongs to (origin `distribution`). */
  readonly distribution: string | undefined;
  readonly ok: boolean;
  readonly errorType: string | undefined;
  readonly message: string | undefined;
  /** For ModuleNotFoundError: the module that was not found. */
  readonly missing: string | undefined;
  /** What it means and what to do, for failures. */
  readonly explanation: string | undefined;
  readonly traceback: string | undefined;
}

export interface VerifyReport {
  readonly bundle: string;
  readonly runtime: BundleRuntime;
  readonly worker: Omit<WorkerSpec, "base">;
  readonly interpreter: { readonly executable: string; readonly version: string; readonly source: "python.executable" | "given" | "discovered" } | undefined;
  /** PYTHONPATH of the recreated worker, relative to its base directory (`python-files/...`). */
  readonly pythonPath: readonly string[];
  /** The entry script's directory inside the bundle (on the client's path only), `.` for the root. */
  readonly clientPath: string | undefined;
  /**
   * Modules the entry imported from beside the entry script that the workers cannot import
   * (not in python.files): UDFs defined there fail on the workers (docs/packaging-facts.md E6).
   */
  readonly clientOnly: readonly string[];
  readonly imports: readonly ImportCheck[];
  /** Runtime-provided modules served from the interpreter's site-packages. */
  readonly served: readonly string[];
  /** Runtime-provided modules absent here and replaced by permissive stubs. */
  readonly stubbed: readonly string[];
  readonly audit: AuditReport;
  readonly budgets: BudgetReport;
  /** Everything that fails verification, one sentence each with its fix. */
  readonly problems: readonly string[];
  readonly notes: readonly string[];
  /** The `--run` outcome, when asked for. */
  readonly run: RunReport | undefined;
  readonly ok: boolean;
}

const GATEWAY_MARKER = "launching the PythonGatewayServer during Python UDF execution";
const NATIVE_LOAD_FAILURE = /cannot open shared object|undefined symbol|invalid ELF header|wrong ELF class|version `GLIBC_|mach-o|not a valid Win32/i;

type DriverEvent =
  | { event: "setup"; served: string[]; stubbed: string[]; python: string; executable: string }
  | { event: "start"; module: string }
  | { event: "ok"; module: string }
  | { event: "client-only"; modules: string[] }
  | { event: "fail"; module: string; type: string; message: string; missing: string | null; traceback: string };

function parseEvents(stdout: string): DriverEvent[] {
  const events: DriverEvent[] = [];
  for (const line of stdout.split("\n")) {
    if (!line.startsWith("{")) continue;
    try {
      events.push(JSON.parse(line) as DriverEvent);
    } catch {
      // A partial last line from a crashed interpreter: the missing `ok`/`fail` tells the story.
    }
  }
  return events;
}

function explain(module: string, type: string, message: string, missing: string | undefined, shippedTopLevel: ReadonlySet<string>, runtime: BundleRuntime, zippedEntry: string | undefined): string {
  if (message.includes(GATEWAY_MARKER)) {
    return `${module} builds a Flink environment when it is imported; on the worker this raises exactly this error. Move the job code under \`if __name__ == "__main__":\` (or into a main() called from there).`;
  }
  if (zippedEntry !== undefined) {
    // A28/A29: .whl/.egg in python.files stay zipped, and zipimport loads no native extensions
    // and no files read relative to __file__.
    return `${module} is imported from ${path.basename(zippedEntry)}, which Flink leaves zipped on PYTHONPATH; zipimport cannot load its native extensions or data files. Ship the package extracted (inside deps.zip, which Flink extracts) instead of as a wheel.`;
  }
  if (missing !== undefined) {
    const top = missing.split(".")[0] ?? missing;
    if (missing === module && shippedTopLevel.has(top)) return `${module} is not inside the shipped ${top} package. Fix the entry module's name (-pym / entryModule), or add the module to the job's sources and pack again.`;
    if (shippedTopLevel.has(top)) return `${missing} is not inside the shipped ${top} package: the bundle carries an incomplete or different version of it. Pack again; check the version pinned in the requirements.`;
    return `'${missing}' is neither in the bundle nor provided by the ${runtime.profileId} runtime: a dependency that was not packed. Add it to the requirements (or to the job's sources) and pack again.`;
  }
  if (NATIVE_LOAD_FAILURE.test(message)) return `a native module of ${module} does not load on Linux ${runtime.machine} with CPython ${runtime.python}; see the native audit below for which file and why.`;
  return `importing ${module} raised ${type}; the same happens on the worker when the UDF is loaded. Fix the module (the traceback shows where).`;
}

async function interpreterVersion(executable: string): Promise<string | undefined> {
  const result = await run(executable, ["-c", "import sys; print('%d.%d.%d' % sys.version_info[:3])"], { reject: false, timeoutMs: 30_000 }).catch(() => undefined);
  return result?.exitCode === 0 ? result.stdout.trim() : undefined;
}

async function chooseInterpreter(options: VerifyOptions, layout: WorkerLayout, runtime: BundleRuntime, problems: string[], notes: string[]): Promise<VerifyReport["interpreter"]> {
  if (layout.executable !== undefined) {
    const version = await interpreterVersion(layout.executable);
    if (version !== undefined) return { executable: layout.executable, version, source: "python.executable" };
    problems.push(`python.executable ${path.relative(layout.dir, layout.executable)} is in the bundle but does not run here (${runtime.machine} Linux). Check it is a relocatable environment built for the target (conda/miniforge), not a venv symlinked to the build machine.`);
  }
  if (options.interpreter !== undefined) {
    const version = await interpreterVersion(options.interpreter);
    if (version === undefined) {
      problems.push(`--interpreter ${options.interpreter} does not run. Pass a working CPython ${runtime.python} executable.`);
      return undefined;
    }
    if (!version.startsWith(`${runtime.python}.`)) notes.push(`--interpreter ${options.interpreter} is Python ${version}, the runtime runs ${runtime.python}: results may differ from the cluster`);
    return { executable: options.interpreter, version, source: "given" };
  }
  const found = await findInterpreter(runtime.python);
  if (found === undefined) {
    problems.push(`no CPython ${runtime.python} on this machine, so the imports could not be checked. Install it (e.g. \`pyenv install ${runtime.python}\`, or uv/conda) or pass --interpreter <python${runtime.python}>.`);
    return undefined;
  }
  return { executable: found.executable, version: found.version, source: "discovered" };
}

/** Top-level module names the workers' path directories hold (the job's own packages have no dist-info). */
async function topLevelNamesOnPath(entries: readonly string[]): Promise<string[]> {
  const names: string[] = [];
  for (const entry of entries) {
    const children = await readdir(entry, { withFileTypes: true }).catch(() => []);
    for (const child of children) {
      const name = child.isDirectory() ? child.name : /^([A-Za-z_]\w*)(?:\.[^.]+)*\.(?:py|so)$/.exec(child.name)?.[1];
      if (name !== undefined && /^[A-Za-z_]\w*$/.test(name)) names.push(name);
    }
  }
  return names;
}

function relativePythonPath(layout: WorkerLayout): string[] {
  return layout.pythonPath.map((entry) => path.relative(layout.dir, entry));
}

/** Verifies a bundle (directory or zip). Throws PackError only when the bundle cannot be opened. */
export async function verifyBundle(input: string, options: VerifyOptions = {}): Promise<VerifyReport> {
  const log = options.onProgress ?? (() => undefined);
  const bundle = await openBundle(input, options);
  const scratch = await mkdtemp(path.join(tmpdir(), "pyflink-pack-verify-"));
  try {
    const { runtime, worker } = bundle;
    const problems: string[] = [];
    const notes: string[] = [...worker.notes];
    log(`runtime ${runtime.profileId}: Flink ${runtime.flink}, CPython ${runtime.python}, Linux ${runtime.machine}, glibc ${runtime.glibc}`);

    // A lock that lists no artifacts was not written by pack (a hand-made bundle): nothing to compare.
    if (bundle.lock !== undefined && bundle.lock.artifacts.length === 0) notes.push("the lock lists no artifacts (not written by pack), so the files were not checked against it");
    else if (bundle.lock !== undefined) {
      const drift = await checkAgainstLock(bundle.files, bundle.lock);
      problems.push(...describeLockDrift(drift));
      if (drift.matched === bundle.lock.artifacts.length && drift.added.length === 0) notes.push(`all ${drift.matched} artifacts match the sha256 values in the lock`);
    }
    const layout = await layOutWorker(worker, path.join(scratch, "worker"));
    problems.push(...layout.problems);
    notes.push(...layout.notes);
    for (const jar of danglingJars(worker)) {
      problems.push(`the deploy config names the jar ${jar} (MSF: jarfile), but the bundle does not hold it; the job would fail to start. Put the jar in the bundle (lib/) or drop the setting.`);
    }
    if (worker.entry === undefined) problems.push(`${input}: the bundle names no entry (no -py/-pym, no "python" run option). Pass --module <name> or --deploy-config <pack --json output>.`);

    const distributions = await bundledDistributions(layout.pythonPath);
    const imports: ImportCheck[] = [];
    let served: string[] = [];
    let stubbed: string[] = [];
    let clientOnly: string[] = [];
    let interpreter: VerifyReport["interpreter"];
    if (options.skipImports !== true) {
      interpreter = await chooseInterpreter(options, layout, runtime, problems, notes);
      if (interpreter !== undefined) {
        log(`importing with ${interpreter.executable} (Python ${interpreter.version}, ${interpreter.source})`);
        const result = await runImports(interpreter, layout, worker, distributions, runtime, scratch, options.timeoutMs ?? 300_000);
        imports.push(...result.imports);
        served = result.served;
        stubbed = result.stubbed;
        clientOnly = result.clientOnly;
        // E6: a module beside the entry is on the client's path only. UDFs defined there are
        // pickled by reference, so the workers import it by name and fail.
        const clientDir = layout.clientPath;
        const runOnWorkers = clientDir === undefined ? [] : (await Promise.all(clientOnly.map(async (name) => ({ name, where: await workerFunctionIn(clientDir, name) })))).filter((item) => item.where !== undefined);
        for (const { name, where } of runOnWorkers) {
          problems.push(
            `own package ${name} is not importable on the workers: the entry imports it from beside itself, but it is not on the workers' path (${runtime.target === "msf" ? "MSF pyFiles" : "python.files"}), and it defines code the workers run (${where ?? ""}); the workers fail with ModuleNotFoundError: No module named '${name}' (docs/packaging-facts.md E6). Ship ${name} on the workers' path (${runtime.target === "msf" ? `inside a directory listed in pyFiles, e.g. deps/${name}/` : "in python.files, e.g. job.zip"}) and pack again.`,
          );
        }
        const rest = clientOnly.filter((name) => !runOnWorkers.some((item) => item.name === name));
        if (rest.length > 0) {
          notes.push(
            `${rest.join(", ")}: imported by the entry from beside it, but not on the workers' path (not in python.files/pyFiles). Fine for code main() runs (no UDF or DataStream function is defined there); a UDF defined there would fail on the workers with ModuleNotFoundError (docs/packaging-facts.md E6).`,
          );
        }
        problems.push(...result.problems);
      }
    }
    // A -py entry runs as __main__ on the client only; its UDFs are pickled by value, so workers
    // never import it. Building the environment at import time is normal there (AWS's samples do).
    const buildsEnvAtImport = (item: ImportCheck): boolean => item.origin === "entry" && worker.entry?.kind === "script" && (item.message ?? "").includes(GATEWAY_MARKER);
    for (const check of imports.filter(buildsEnvAtImport)) {
      notes.push(`${check.module} builds its Flink environment when it is imported: fine for a -py entry, which runs as __main__ on the client and is not imported by workers; the lines after that were not import-checked (--run runs them).`);
    }
    for (const check of imports.filter((item) => !item.ok && !buildsEnvAtImport(item))) {
      problems.push(`import ${check.module}${check.distribution === undefined ? " (entry)" : ` (from ${check.distribution})`} failed: ${check.errorType ?? "error"}: ${check.message ?? ""} — ${check.explanation ?? ""}`);
    }

    log("auditing native files");
    const audit = await auditBundle(bundle.root, { name: runtime.profileId, arch: runtime.machine, glibc: runtime.glibc, python: runtime.python });
    for (const finding of audit.findings) {
      if (isInertOnLinux(finding)) {
        if (finding.problems.length > 0) notes.push(`${finding.path}: a Windows executable (${finding.summary}); never loaded or run on Linux, so not a problem`);
      } else problems.push(...finding.problems);
    }
    const budgets = await checkBudgets({ files: bundle.files, runtime });
    for (const finding of budgets.findings) {
      if (finding.limit.severity === "hard") problems.push(`${finding.message}. ${finding.fixes[0] ?? ""}`);
    }
    let run: RunReport | undefined;
    if (options.run === true) {
      log(`running the job on apache-flink ${runtime.pyflink ?? "?"} (Python ${runtime.python})`);
      const ran = await runOnPyflink(worker, layout, runtime, { mode: options.runMode, timeoutMs: options.runTimeoutMs, onLine: options.onRunLine });
      run = ran.report;
      if (ran.problem !== undefined) problems.push(ran.problem);
    }
    const { base: _base, ...workerShown } = worker;
    return {
      bundle: input,
      runtime,
      worker: workerShown,
      interpreter,
      pythonPath: relativePythonPath(layout),
      clientPath: layout.clientPath === undefined ? undefined : path.relative(worker.base, layout.clientPath) || ".",
      clientOnly,
      imports,
      served,
      stubbed,
      audit,
      budgets,
      problems,
      notes,
      run,
      ok: problems.length === 0,
    };
  } finally {
    await rm(scratch, { recursive: true, force: true });
    await bundle.close();
  }
}

interface ImportRun {
  readonly clientOnly: string[];
  readonly imports: ImportCheck[];
  readonly served: string[];
  readonly stubbed: string[];
  readonly problems: string[];
}

async function runImports(
  interpreter: NonNullable<VerifyReport["interpreter"]>,
  layout: WorkerLayout,
  worker: WorkerSpec,
  distributions: readonly BundledDistribution[],
  runtime: BundleRuntime,
  scratch: string,
  timeoutMs: number,
): Promise<ImportRun> {
  const modules: { module: string; origin: ImportCheck["origin"]; distribution: string | undefined }[] = [];
  if (worker.entry?.kind === "module") modules.push({ module: worker.entry.name, origin: "entry", distribution: undefined });
  else if (worker.entry?.kind === "script") modules.push({ module: path.posix.basename(worker.entry.path).replace(/\.py$/, ""), origin: "entry", distribution: undefined });
  const seen = new Set(modules.map((item) => item.module));
  for (const dist of distributions) {
    for (const module of dist.topLevel) {
      if (seen.has(module)) continue;
      seen.add(module);
      modules.push({ module, origin: "distribution", distribution: dist.name });
    }
  }
  const shippedTopLevel = new Set([...distributions.flatMap((dist) => dist.topLevel), ...(await topLevelNamesOnPath(layout.pythonPath))]);
  const zippedEntryOf = (module: string): string | undefined => distributions.find((dist) => dist.topLevel.includes(module) && /\.(whl|egg)$/i.test(dist.pathEntry))?.pathEntry;
  const stubs = providedModules(runtime.provided);

  const driverDir = path.join(scratch, "driver");
  await mkdir(driverDir, { recursive: true });
  const driver = path.join(driverDir, DRIVER_FILE_NAME);
  await writeFile(driver, IMPORT_DRIVER);
  // A shipped interpreter brings its own site-packages (PyFlink included): use it whole. A host
  // interpreter runs with -S, so only what the runtime would have is importable.
  const isolate = interpreter.source !== "python.executable";
  const config = JSON.stringify({ modules: modules.map((item) => item.module), provided: runtime.provided, stubs, isolate, clientPath: layout.clientPath ?? null, workerPath: layout.pythonPath });
  const result = await run(interpreter.executable, [...(isolate ? ["-S", "-s"] : []), driver, config], {
    cwd: layout.workingDir ?? layout.dir,
    env: {
      PYTHONPATH: [...(layout.clientPath === undefined ? [] : [layout.clientPath]), ...layout.pythonPath].join(path.delimiter),
      PYTHONHOME: undefined,
      PYTHONSTARTUP: undefined,
      PYFLINK_GATEWAY_DISABLED: "true",
      PYTHONDONTWRITEBYTECODE: "1",
      PYTHONNOUSERSITE: "1",
    },
    timeoutMs,
    reject: false,
  });
  const events = parseEvents(result.stdout);
  const problems: string[] = [];
  const imports: ImportCheck[] = [];
  let served: string[] = [];
  let stubbed: string[] = [];
  let started: string | undefined;
  let clientOnly: string[] = [];
  for (const event of events) {
    if (event.event === "client-only") clientOnly = event.modules;
    else if (event.event === "setup") {
      served = event.served;
      stubbed = event.stubbed;
    } else if (event.event === "start") started = event.module;
    else {
      started = undefined;
      const meta = modules.find((item) => item.module === event.module);
      const failed = event.event === "fail";
      const missing = failed && event.missing !== null ? event.missing : undefined;
      imports.push({
        module: event.module,
        origin: meta?.origin ?? "distribution",
        distribution: meta?.distribution,
        ok: !failed,
        errorType: failed ? event.type : undefined,
        message: failed ? event.message : undefined,
        missing,
        explanation: failed ? explain(event.module, event.type, event.message, missing, shippedTopLevel, runtime, zippedEntryOf(event.module)) : undefined,
        traceback: failed ? event.traceback : undefined,
      });
    }
  }
  if (result.timedOut) problems.push(`importing ${started ?? "the modules"} did not finish within ${Math.round(timeoutMs / 1000)} s; a module that blocks at import time blocks the worker too. Move the blocking code out of module level.`);
  else if (started !== undefined) {
    const tail = result.stderr.trim().split("\n").slice(-5).join(" | ");
    problems.push(`the interpreter died while importing ${started} (exit code ${result.exitCode}): a native extension crashed or called exit. ${tail}`);
  } else if (result.exitCode !== 0) {
    const tail = result.stderr.trim().split("\n").slice(-5).join(" | ");
    problems.push(`the import check itself failed (${result.command}, exit code ${result.exitCode}): ${tail}`);
  }
  return { imports, served, stubbed, problems, clientOnly };
}
