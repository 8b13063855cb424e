// verify --run: the laid-out bundle handed to @pyflink-devkit/job-runner, which runs it on the
// runtime's real PyFlink (executed when bounded, planned otherwise).
import { existsSync } from "node:fs";
import path from "node:path";
import { JobRunnerError, runJob, type JobRunOutcome, type RunModeRequest } from "@pyflink-devkit/job-runner";
import type { BundleRuntime } from "../inspect/read-bundle.js";
import type { WorkerSpec } from "../targets/target.js";
import type { WorkerLayout } from "./worker-layout.js";

/** What `--json` shows under `run`. */
export type RunReport = Pick<JobRunOutcome, "mode" | "status" | "flink" | "python" | "detail" | "output" | "durationMs">;

/** Jars the deploy config names that the bundle does not hold: the job would fail to start. */
export function danglingJars(worker: WorkerSpec): string[] {
  return worker.jars.filter((jar) => !existsSync(path.resolve(worker.base, jar)));
}

export async function runOnPyflink(
  worker: WorkerSpec,
  layout: WorkerLayout,
  runtime: BundleRuntime,
  options: { readonly mode?: RunModeRequest | undefined; readonly timeoutMs?: number | undefined; readonly onLine?: ((line: string) => void) | undefined },
): Promise<{ readonly report: RunReport | undefined; readonly problem: string | undefined }> {
  if (runtime.pyflink === undefined) return { report: undefined, problem: `--run: the ${runtime.profileId} runtime names no exact apache-flink release, so there is nothing to run the job on. Give --flink with a release the packager knows.` };
  if (worker.entry === undefined) return { report: undefined, problem: "--run: the bundle names no entry, so there is nothing to run." };
  const entry = worker.entry.kind === "script" ? { script: path.resolve(layout.clientPath ?? worker.base, path.posix.basename(worker.entry.path)) } : { module: worker.entry.name };
  try {
    const outcome = await runJob({
      pyflink: runtime.pyflink,
      python: runtime.python,
      layout: {
        entry,
        pythonFiles: layout.pythonPath,
        archives: worker.archives.map((archive) => ({ path: path.resolve(worker.base, archive.path), alias: archive.target })),
        ...(worker.executable === undefined ? {} : { pythonExecutable: worker.executable }),
        jars: worker.jars.map((jar) => path.resolve(worker.base, jar)),
        ...(worker.providedFiles === undefined ? {} : { providedFiles: worker.providedFiles }),
      },
      ...(options.mode === undefined ? {} : { mode: options.mode }),
      ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
      ...(options.onLine === undefined ? {} : { onLine: options.onLine }),
    });
    const report: RunReport = { mode: outcome.mode, status: outcome.status, flink: outcome.flink, python: outcome.python, detail: outcome.detail, output: outcome.output, durationMs: outcome.durationMs };
    if (outcome.status === "passed") return { report, problem: undefined };
    if (outcome.status === "skipped") return { report, problem: `--run could not run the job on this machine, so it is not verified: ${outcome.detail}` };
    return { report, problem: `--run: the job failed on PyFlink ${outcome.flink} (${outcome.mode ?? "not started"}): ${outcome.detail}${outcome.logFile === undefined ? "" : ` (full output: ${outcome.logFile})`}` };
  } catch (error) {
    if (error instanceof JobRunnerError) return { report: undefined, problem: `--run: ${error.message}` };
    throw error;
  }
}
