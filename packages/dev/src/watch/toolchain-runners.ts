import { createHash } from "node:crypto";
import { Worker } from "node:worker_threads";
import { mkdir, rm } from "node:fs/promises";
import path from "node:path";
import { REPOSITORY_LAYOUT, resolveTarget, type GenerationTarget } from "@pyflink-devkit/codegen";
import { CHECKS, installEnvironments, listProjectFiles, readProject, selectPythons, type CheckContext, type CheckDefinition, type EnvPurpose, type PythonProject } from "@pyflink-devkit/lint-python";
import { defaultCacheDir, discoverInterpreters } from "@pyflink-devkit/python-env";
import { run } from "@pyflink-devkit/runner";
import { DevError } from "../dev-error.js";
import type { DevTaskOutcome, DevTaskRunners } from "./dev-loop.js";
import type { GenWorkerReply, GenWorkerRequest } from "./gen-protos-worker.js";
import { CheckDaemonHost } from "./check-daemon.js";
import { WarmPytest } from "./warm-pytest.js";
import type { ProjectLayout } from "@pyflink-devkit/project-layout";

export interface ToolchainOptions {
  readonly layout: ProjectLayout;
  /** The Python version the checks run on ("3.12"); default: the first one lint:python would pick. */
  readonly python?: string;
  /** Where envs, logs and caches live; default python-env's cache dir. */
  readonly cacheDir?: string;
  /** Aborting stops the environment build. */
  readonly signal?: AbortSignal;
  /** Use the checks' servers (mypy's daemon) where the table has one (default true); false runs every check cold. */
  readonly daemons?: boolean;
}

/** The real runners plus what they settled on at start-up. */
export interface ToolchainRunners extends DevTaskRunners {
  /** The Python version the checks run on. */
  readonly python: string;
  /** How the envs were obtained, for the first line of the view. */
  readonly setupSummary: string;
  /** Ends the generator worker. */
  close(): Promise<void>;
}

// Where a venv keeps its interpreter.
const ENV_PYTHON = process.platform === "win32" ? ["Scripts", "python.exe"] : ["bin", "python"];
const DETAIL_LINES = 8;
const CHECK_TIMEOUT_MS = 10 * 60 * 1000;

/**
 * codegen's generateProtos for gen:protos; lint:python's check table (commands, verdicts, problem
 * counts) and cached environments for flake8, mypy and tests, run on the given files only.
 * Building the environments happens here, once, so every later run is warm.
 */
export async function createToolchainRunners(options: ToolchainOptions): Promise<ToolchainRunners> {
  const { layout } = options;
  const cacheDir = options.cacheDir ?? defaultCacheDir();
  const [fullTarget, project, interpreters] = await Promise.all([
    codegenTarget(layout),
    readProject(layout.pythonProject),
    discoverInterpreters({ cacheDir, ...(options.signal === undefined ? {} : { signal: options.signal }) }),
  ]);
  const targets = selectPythons(project, options.python === undefined ? undefined : [options.python], interpreters);
  const chosen = targets.find((candidate) => candidate.interpreter !== undefined);
  if (chosen === undefined) {
    const reasons = targets.map((target) => `${target.minor}: ${target.skipReason ?? "no interpreter"}`).join("; ");
    throw new DevError(
      `${layout.pythonProject}: no usable Python for ${options.python === undefined ? "the versions this project supports" : `--python ${options.python}`} (${reasons || "none found"}). Install one (e.g. \`pyenv install 3.12\`) or pick another with --python; \`pnpm run doctor\` lists what is installed.`,
    );
  }
  const python = chosen.minor;
  // Every check of lint-python's table that takes single files (flake8, mypy today), plus the tests.
  const fileChecks = CHECKS.filter((definition) => definition.takesFiles);
  const testsCheck = CHECKS.find((definition) => definition.name === "tests");
  if (testsCheck === undefined) throw new DevError("lint-python has no check named tests; update @pyflink-devkit/lint-python.");
  const used = [...fileChecks, testsCheck];
  const installed = await installEnvironments({
    projectDir: project.dir,
    pythons: [python],
    checks: used.map((definition) => definition.name),
    cacheDir,
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  });
  const envPython = (purpose: EnvPurpose): string => {
    const env = installed.environments.find((candidate) => candidate.purpose === purpose && candidate.python === python);
    if (env?.status !== "ready" || env.dir === undefined) {
      throw new DevError(`The ${purpose} environment for Python ${python} could not be built: ${env?.message ?? "not built"}. Run \`pnpm lint:python --python ${python}\` to see its log.`);
    }
    return path.join(env.dir, ...ENV_PYTHON);
  };
  // What git would track, as lint:python hands it to the checks (the tests check lists which need Java from it).
  const projectFiles = await listProjectFiles(project.dir, options.signal);
  const checkPython = new Map(used.map((definition) => [definition.name as string, envPython(definition.name)]));
  const reused = installed.environments.every((env) => env.reused);
  // Per project directory, so two checkouts (or a temp copy) never share mypy caches or logs.
  const workDir = path.join(cacheDir, "dev", `${path.basename(project.dir)}-${createHash("sha256").update(project.dir).digest("hex").slice(0, 10)}`);

  // Python first and alone (a fraction of a second), so the tests can start; the TypeScript
  // bindings (ts-proto, seconds of CPU) follow in a worker thread.
  const pythonTarget: GenerationTarget = { ...fullTarget, tsOut: undefined };
  // One worker per task key: cancelling one task's stale run terminates only its own worker.
  const pythonWorker = new GenWorker();
  const typescriptWorker = new GenWorker();

  // A check with a server in lint-python's table (mypy: dmypy from the same pinned mypy, same
  // flags) is answered by it: started here once, warmed on the files the tool's own config
  // selects, restarted if it dies, ended with the loop.
  const daemons = new Map<string, CheckDaemonHost>();
  if (options.daemons !== false) {
    for (const definition of fileChecks) {
      const envPython = checkPython.get(definition.name);
      if (definition.daemon === undefined || envPython === undefined) continue;
      const scratchDir = path.join(workDir, definition.name);
      const context = checkContext(project, envPython, undefined, scratchDir, projectFiles);
      const statusFile = path.join(workDir, `${definition.name}-daemon.json`);
      daemons.set(definition.name, new CheckDaemonHost({ definition, spec: definition.daemon(context, statusFile), workDir, projectDir: project.dir }, statusFile));
    }
  }
  // The tests' pytest runs in forks of one warm interpreter of the tests env (Flink's imports of
  // apache_beam are most of a cold run).
  const testsPython = checkPython.get("tests");
  const warmPytest =
    options.daemons === false || testsPython === undefined
      ? undefined
      : new WarmPytest({
          python: testsPython,
          cwd: project.dir,
          workDir: path.join(workDir, "tests"),
          learnedFile: path.join(cacheDir, "dev", "warm-pytest", `${createHash("sha256").update(testsPython).digest("hex").slice(0, 16)}.json`),
        });
  // Started now, in the background, with the env the table gives the tests here: its preloading
  // (seconds) overlaps the rest of the start-up instead of the first save.
  const testsCommand = testsPython === undefined ? undefined : testsCheck.command(checkContext(project, testsPython, undefined, path.join(workDir, "tests"), projectFiles));
  if (warmPytest !== undefined && testsCommand?.kind === "run" && testsCommand.args[0] === "-m" && testsCommand.args[1] === "pytest") {
    void warmPytest.prepare(testsCommand.env).catch(() => undefined);
  }
  const closeDaemons = (): Promise<unknown> => Promise.all([...[...daemons.values()].map((host) => host.close()), warmPytest?.close()]);
  let warmed: string;
  try {
    const warm = await Promise.all(
      [...daemons].map(async ([name, host]) => {
        const definition = used.find((candidate) => candidate.name === name);
        const envPython = checkPython.get(name);
        if (definition === undefined || envPython === undefined) return "";
        await host.start();
        const scope = definition.configScope?.(project);
        const inScope = scope === undefined ? [] : projectFiles.filter((file) => scope.includes(file));
        if (inScope.length === 0) return `${name} server started`;
        const signal = options.signal ?? new AbortController().signal;
        const scratchDir = path.join(workDir, name);
        await mkdir(scratchDir, { recursive: true });
        await host.check(checkContext(project, envPython, inScope, scratchDir, projectFiles), signal, path.join(workDir, "logs", `${name}-warm-up.log`));
        return `${name} server warm (${inScope.length} files)`;
      }),
    );
    warmed = warm.filter((text) => text !== "").join(", ");
  } catch (error) {
    await closeDaemons();
    throw error;
  }
  return {
    python,
    setupSummary: `Python ${python} (${chosen.interpreter?.executable ?? "?"}), environments ${reused ? "reused" : "built"}${warmed === "" ? "" : `, ${warmed}`}`,
    genProtos: (signal) => runGenProtos(pythonWorker, pythonTarget, layout, signal),
    ...(fullTarget.tsOut === undefined ? {} : { genTypeScript: (signal: AbortSignal) => runGenProtos(typescriptWorker, fullTarget, layout, signal) }),
    checksFor: (file) => {
      const relative = path.relative(project.dir, file);
      return fileChecks.filter((definition) => definition.isInput(relative, project)).map((definition) => definition.name);
    },
    check: (check, files, signal) => {
      const definition = used.find((candidate) => candidate.name === check);
      const envPython = checkPython.get(check);
      if (definition === undefined || envPython === undefined) throw new DevError(`pyflink-dev runs no check named ${check}; lint-python's checks here: ${used.map((candidate) => candidate.name).join(", ")}.`);
      return runCheck({ definition, files, signal, project, projectFiles, python: envPython, workDir, daemon: daemons.get(check), warmPytest });
    },
    close: async () => {
      await Promise.all([pythonWorker.close(), typescriptWorker.close(), closeDaemons()]);
    },
  };
}

async function codegenTarget(layout: ProjectLayout): Promise<GenerationTarget> {
  if (layout.kind === "flink") return resolveTarget({ flinkPython: layout.root, cwd: layout.root });
  // This repository's layout, but rooted at the directory given (a temp copy in tests), not at
  // the checkout codegen itself is installed in.
  return resolveTarget({
    protoPath: path.join(layout.root, REPOSITORY_LAYOUT.protoRoot),
    pythonOut: path.join(layout.root, REPOSITORY_LAYOUT.pythonOut),
    tsOut: path.join(layout.root, REPOSITORY_LAYOUT.tsOut),
    cwd: layout.root,
  });
}

/** One long-lived worker thread running generateProtos; aborting a run terminates it (a fresh one starts next time). */
class GenWorker {
  #worker: Worker | undefined;
  #next = 0;

  run(request: Omit<GenWorkerRequest, "id">, signal: AbortSignal): Promise<GenWorkerReply | undefined> {
    if (signal.aborted) return Promise.resolve(undefined);
    const worker = (this.#worker ??= this.#spawn());
    const id = ++this.#next;
    return new Promise((resolve) => {
      const onMessage = (reply: GenWorkerReply): void => {
        if (reply.id !== id) return;
        cleanup();
        resolve(reply);
      };
      const onExit = (): void => {
        cleanup();
        resolve(undefined);
      };
      const onAbort = (): void => {
        // Stale run: stop it mid-generation; output files are written atomically, so nothing half-written stays.
        this.#worker = undefined;
        void worker.terminate();
      };
      const cleanup = (): void => {
        worker.off("message", onMessage);
        worker.off("exit", onExit);
        signal.removeEventListener("abort", onAbort);
      };
      worker.on("message", onMessage);
      worker.on("exit", onExit);
      signal.addEventListener("abort", onAbort, { once: true });
      worker.postMessage({ id, ...request } satisfies GenWorkerRequest);
    });
  }

  async close(): Promise<void> {
    const worker = this.#worker;
    this.#worker = undefined;
    if (worker !== undefined) await worker.terminate();
  }

  #spawn(): Worker {
    const worker = new Worker(new URL("./gen-protos-worker.js", import.meta.url));
    // Idle between runs: do not keep the process alive for it.
    worker.unref();
    worker.on("exit", () => {
      if (this.#worker === worker) this.#worker = undefined;
    });
    return worker;
  }
}

async function runGenProtos(worker: GenWorker, target: GenerationTarget, layout: ProjectLayout, signal: AbortSignal): Promise<DevTaskOutcome & { writtenPython: readonly string[] }> {
  const reply = await worker.run({ options: { target, cwd: layout.root } }, signal);
  if (reply === undefined) return { status: "failed", summary: "cancelled", writtenPython: [] };
  if (!reply.ok) {
    if (!reply.codegen) throw new DevError(`gen:protos failed unexpectedly: ${reply.message}`);
    const positions = reply.diagnostics.map((d) => `${path.relative(layout.root, d.file) || d.file}:${d.line}:${d.column}: ${d.message}`);
    return { status: "failed", summary: firstLine(reply.message), details: positions.length > 0 ? positions : reply.message.split("\n").slice(1), writtenPython: [] };
  }
  if (reply.upToDate) return { status: "ok", summary: "bindings up to date", writtenPython: [] };
  const names = reply.written.map((file) => path.basename(file.path));
  return {
    status: "ok",
    summary: names.length === 0 ? "bindings unchanged" : `wrote ${names.join(", ")}`,
    writtenPython: reply.written.filter((file) => file.kind === "py").map((file) => file.path),
  };
}

interface CheckRun {
  readonly definition: CheckDefinition;
  readonly files: readonly string[];
  readonly signal: AbortSignal;
  readonly project: PythonProject;
  readonly projectFiles: readonly string[];
  readonly python: string;
  readonly workDir: string;
  readonly daemon: CheckDaemonHost | undefined;
  readonly warmPytest: WarmPytest | undefined;
}

/** The context lint:python gives a check, for the given changed files (undefined: the whole configured scope). */
function checkContext(project: PythonProject, python: string, changedFiles: readonly string[] | undefined, scratchDir: string, files: readonly string[]): CheckContext {
  return { project, python, changedFiles, scratchDir, mode: "direct", toxEnvs: [], tox: undefined, interpreterDirs: [], files };
}

async function runCheck({ definition, files, signal, project, projectFiles, python, workDir, daemon, warmPytest }: CheckRun): Promise<DevTaskOutcome> {
  const check = definition.name;
  const relative = files.map((file) => path.relative(project.dir, file));
  const scratchDir = path.join(workDir, check);
  const context = checkContext(project, python, relative, scratchDir, projectFiles);
  if (daemon !== undefined) return runOnDaemon(daemon, definition, context, signal, workDir);
  const command = definition.command(context);
  if (command.kind === "skip") return { status: "ok", summary: `skipped: ${command.reason}` };
  let args = command.args;
  let what = relative.length === 1 ? (relative[0] ?? "") : `${relative.length} files`;
  if (!definition.takesFiles) {
    // The tests: of the module's tests, those lint:python would run here (on Flink without its Java
    // build only the bindings' sync test can run; the table's note says why the rest cannot).
    const { options, targets } = splitPytestArgs(command.args);
    // A target that holds a module test (a module directory, the file) runs that file; a file that
    // holds targets (node ids) runs those.
    const selected = targets.length === 0 ? relative : relative.flatMap((test) => (targets.some((target) => covers(target, test)) ? [test] : targets.filter((target) => covers(test, target))));
    if (selected.length === 0) return { status: "ok", summary: `skipped: ${relative.join(", ")}: ${command.note ?? "not among the tests lint:python runs here"}` };
    args = [...options, ...selected];
    what = `${relative.length} test file${relative.length === 1 ? "" : "s"} (${selected.join(", ")})`;
  }
  const logFile = path.join(workDir, "logs", `${check}.log`);
  await mkdir(scratchDir, { recursive: true });
  await rm(logFile, { force: true });
  // `python -m pytest …` as the table gives it, answered by a fork of the warm interpreter.
  const warm = warmPytest !== undefined && command.file === python && args[0] === "-m" && args[1] === "pytest";
  const result = warm
    ? await warmPytest.run(args.slice(2), command.env, signal, logFile)
    : await run(command.file, args, { cwd: project.dir, env: command.env, signal, logFile, prefix: "", timeoutMs: CHECK_TIMEOUT_MS, reject: false }).then((done) => ({ exitCode: done.exitCode, output: `${done.stdout}\n${done.stderr}`, cancelled: done.cancelled }));
  if (result.cancelled) return { status: "failed", summary: "cancelled" };
  const output = result.output;
  const verdict = definition.judge(result.exitCode, output);
  const problems = definition.countProblems(output);
  if (verdict.status !== "failed") return { status: "ok", summary: `${what}${verdict.note === undefined ? "" : ` (${verdict.note})`}` };
  return {
    status: "failed",
    summary: `${what}: ${problems > 0 ? `${problems} problem${problems === 1 ? "" : "s"}` : (verdict.note ?? `exit code ${result.exitCode}`)}`,
    details: [...problemLines(output, definition), `log: ${logFile}`],
  };
}

async function runOnDaemon(daemon: CheckDaemonHost, definition: CheckDefinition, context: CheckContext, signal: AbortSignal, workDir: string): Promise<DevTaskOutcome> {
  const check = definition.name;
  const relative = context.changedFiles ?? [];
  const what = relative.length === 1 ? (relative[0] ?? "") : `${relative.length} files`;
  const logFile = path.join(workDir, "logs", `${check}.log`);
  await mkdir(context.scratchDir, { recursive: true });
  await rm(logFile, { force: true });
  const answer = await daemon.check(context, signal, logFile);
  if ("skip" in answer) return { status: "ok", summary: `skipped: ${answer.skip}` };
  if (answer.cancelled) return { status: "failed", summary: "cancelled" };
  const verdict = definition.judge(answer.exitCode, answer.output);
  const problems = definition.countProblems(answer.output);
  const how = answer.confirmedCold ? ` (server, ${answer.dropped} server-only finding${answer.dropped === 1 ? "" : "s"} dropped after a cold run)` : "";
  // A server that could not answer (exit 2: a crash, bad flags) is an error, never a pass.
  if (verdict.status === "passed" || verdict.status === "skipped") return { status: "ok", summary: `${what}${verdict.note === undefined ? "" : ` (${verdict.note})`}${how}` };
  return {
    status: "failed",
    summary: `${what}: ${problems > 0 ? `${problems} problem${problems === 1 ? "" : "s"}` : (verdict.note ?? `exit code ${answer.exitCode}`)}${how}`,
    details: [...problemLines(answer.output, definition), `log: ${logFile}`],
  };
}

/** pytest's options (everything up to the first path-like argument after `pytest`) and the targets the table gave it. */
function splitPytestArgs(args: readonly string[]): { options: string[]; targets: string[] } {
  const start = args.indexOf("pytest") + 1;
  const takesValue = new Set(["-p", "-k", "-m", "-c", "--rootdir"]);
  const options = args.slice(0, start);
  const targets: string[] = [];
  for (let i = start; i < args.length; i++) {
    const arg = args[i] ?? "";
    if (arg.startsWith("-")) {
      options.push(arg);
      if (takesValue.has(arg) && args[i + 1] !== undefined) options.push(args[++i] ?? "");
    } else targets.push(arg);
  }
  return { options, targets };
}

/** Whether pytest target `outer` (a directory, a file or a node id) includes `inner`. */
function covers(outer: string, inner: string): boolean {
  return inner === outer || inner.startsWith(`${outer}/`) || inner.startsWith(`${outer}::`);
}

/** The lines the check's table calls findings (`file:line:col: …`, `FAILED …`); else the output's tail. */
function problemLines(output: string, definition: CheckDefinition): string[] {
  const lines = output.split("\n").map((line) => line.trimEnd()).filter((line) => line !== "");
  const located = lines.filter((line) => definition.isFinding(line));
  return (located.length > 0 ? located : lines.slice(-DETAIL_LINES)).slice(0, DETAIL_LINES);
}

function firstLine(text: string): string {
  return text.split("\n")[0] ?? text;
}
