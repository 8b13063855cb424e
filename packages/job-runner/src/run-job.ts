import { existsSync, realpathSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { run } from "@pyflink-devkit/runner";
import { abiHint } from "./abi-hint.js";
import { checkJdk } from "./check-jdk.js";
import { ensureFlinkEnvironment } from "./flink-environment.js";
import { JobRunnerError } from "./job-runner-error.js";
import type { BundleLayout, JobRunOutcome, RunJobRequest, Submission } from "./run-request.js";

const BOOTSTRAP = fileURLToPath(new URL("../python/job_bootstrap.py", import.meta.url));
const DEFAULT_TIMEOUT_MS = 300_000;
const OUTPUT_TAIL_LINES = 40;

/** What the bootstrap writes to its result file. */
interface BootstrapResult {
  readonly mode: "executed" | "planned" | "none";
  readonly status: "passed" | "failed";
  readonly flink: string | null;
  readonly python: string;
  readonly error: string | null;
  readonly submissions: readonly Submission[];
}

function checkLayout(layout: BundleLayout): void {
  const missing = (what: string, file: string): JobRunnerError =>
    new JobRunnerError(`${what} ${file} does not exist; the bundle layout names it, so the job would fail on the target too. Pack the bundle again or fix the path.`);
  if ("script" in layout.entry && !existsSync(layout.entry.script)) throw missing("the entry script", layout.entry.script);
  for (const file of layout.pythonFiles) if (!existsSync(file)) throw missing("the python.files entry", file);
  for (const archive of layout.archives) if (!existsSync(archive.path)) throw missing("the python.archives entry", archive.path);
  for (const jar of layout.jars) if (!existsSync(jar)) throw missing("the jar", jar);
}

function skipped(request: RunJobRequest, detail: string, started: number): JobRunOutcome {
  return { status: "skipped", mode: undefined, flink: request.pyflink, python: request.python, detail, output: "", submissions: [], durationMs: Date.now() - started, logFile: undefined };
}

function summarize(result: BootstrapResult): string {
  if (result.error !== null) return result.error;
  if (result.submissions.length === 0) {
    return "the entry ran but submitted no job (no INSERT/EXECUTE/SELECT through execute_sql, StatementSet.execute, Table.execute_insert or env.execute), so the target would start nothing";
  }
  return result.submissions
    .map((s) => `${s.mode} ${s.kind}${s.statement === "" ? "" : ` (${s.statement.slice(0, 80)})`}${s.tables === null ? "" : ` over ${s.tables}`}`)
    .join("; ");
}

/**
 * Runs a laid-out bundle with a real PyFlink (`apache-flink==<pyflink>` in a cached environment of
 * the runtime's Python): bounded local jobs are executed on the local mini cluster with Python UDFs
 * in real worker processes; others are planned with job submission intercepted. Resolves to a
 * `skipped` outcome when this machine cannot run it (no JDK, no interpreter, no index).
 */
export async function runJob(request: RunJobRequest): Promise<JobRunOutcome> {
  const started = Date.now();
  checkLayout(request.layout);
  const jdk = await checkJdk(request.pyflink);
  if (jdk.problem !== undefined || jdk.java === undefined) return skipped(request, jdk.problem ?? "no Java found", started);
  const prepared = request.environment !== undefined ? { env: request.environment } : await ensureFlinkEnvironment({
    pyflink: request.pyflink,
    python: request.python,
    ...(request.cacheDir === undefined ? {} : { cacheDir: request.cacheDir }),
    ...(request.onLine === undefined ? {} : { onLine: request.onLine }),
    ...(request.signal === undefined ? {} : { signal: request.signal }),
  });
  if (prepared.env === undefined) return skipped(request, prepared.skip, started);

  const workDir = request.workDir ?? (await mkdtemp(path.join(os.tmpdir(), "pyflink-job-run-")));
  await mkdir(workDir, { recursive: true });
  const resultFile = path.join(workDir, "run-result.json");
  const logFile = path.join(workDir, "run.log");
  await rm(resultFile, { force: true });
  const { layout } = request;
  const entry = "script" in layout.entry ? { script: layout.entry.script } : { module: layout.entry.module };
  const bootstrapRequest = {
    entry,
    args: layout.args ?? [],
    clientPath: layout.pythonFiles,
    layout: {
      pythonFiles: layout.pythonFiles,
      archives: layout.archives,
      pythonExecutable: layout.pythonExecutable ?? null,
      jars: layout.jars.map((jar) => pathToFileURL(jar).href),
    },
    mode: request.mode ?? "auto",
    redirects: layout.providedFiles ?? {},
    resultFile,
  };
  const requestFile = path.join(workDir, "run-request.json");
  await writeFile(requestFile, JSON.stringify(bootstrapRequest, null, 2));

  // The job's stdout (print sinks, its own prints) and, apart, the last stderr lines for a crash.
  const tail: string[] = [];
  const errTail: string[] = [];
  const cwd = "script" in layout.entry ? path.dirname(layout.entry.script) : workDir;
  const timeoutMs = request.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const javaHome = path.dirname(path.dirname(realpathSync(jdk.java)));
  const child = await run(prepared.env.python, [BOOTSTRAP, requestFile], {
    cwd,
    reject: false,
    timeoutMs,
    logFile,
    env: {
      JAVA_HOME: process.env.JAVA_HOME ?? javaHome,
      PYTHONPATH: undefined,
      PYTHONHOME: undefined,
      PYTHONUNBUFFERED: "1",
      // On a local mini cluster PyFlink runs UDFs in the client process ("loopback"), where the
      // client's sys.path and working directory leak into them. Workers on a cluster are separate
      // processes that see python.files only: force that mode (PyFlink's own switch).
      _python_worker_execution_mode: "process",
      // The gateway writes its logs under FLINK_LOG_DIR; keep them out of the shared environment.
      FLINK_LOG_DIR: path.join(workDir, "log"),
    },
    onLine: (line, stream) => {
      const kept = stream === "stdout" ? tail : errTail;
      kept.push(line);
      if (kept.length > OUTPUT_TAIL_LINES) kept.shift();
      request.onLine?.(line);
    },
    ...(request.signal === undefined ? {} : { signal: request.signal }),
  });
  const output = tail.join("\n");
  let result: BootstrapResult | undefined;
  try {
    result = JSON.parse(await readFile(resultFile, "utf8")) as BootstrapResult;
  } catch {
    result = undefined;
  }
  const durationMs = Date.now() - started;
  const base = { flink: result?.flink ?? request.pyflink, python: result?.python ?? request.python, output, durationMs };
  if (result === undefined) {
    const why = child.timedOut
      ? `the job did not finish within ${Math.round(timeoutMs / 1000)} s (an unbounded source run in execute mode, or a stuck JVM); run with mode "plan" or raise the timeout`
      : child.cancelled
        ? "the run was cancelled"
        : `PyFlink's client process exited with code ${child.exitCode} before reporting: ${[...tail, ...errTail].filter((l) => l.trim() !== "").slice(-1)[0] ?? "no output"}`;
    return { status: "failed", mode: undefined, detail: why, submissions: [], logFile, ...base };
  }
  const failed = result.status === "failed" || result.submissions.length === 0;
  if (!failed && request.workDir === undefined && request.keepWorkDir !== true) await rm(workDir, { recursive: true, force: true });
  const keptLog = !failed && request.workDir === undefined && request.keepWorkDir !== true ? undefined : logFile;
  const summary = summarize(result);
  const hint = result.error === null ? undefined : abiHint(result.error, layout.pythonFiles, request.python);
  return {
    status: failed ? "failed" : "passed",
    mode: result.mode,
    detail: hint === undefined ? summary : `${summary} -- ${hint}`,
    submissions: result.submissions,
    logFile: keptLog,
    ...base,
  };
}
