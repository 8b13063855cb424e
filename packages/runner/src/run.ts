import type { ResultPromise } from "execa";
import { formatCommand } from "./format-command.js";
import { closeLog, makeLineSinks, openLog } from "./run-log.js";
import type { RunOptions, RunResult } from "./run-options.js";
import { finish, startFailure } from "./run-outcome.js";
import { trackChild, untrackChild, type TrackedChild } from "./process-trees.js";
import { armStopTriggers } from "./stop-triggers.js";

/**
 * Runs a program (never through a shell) and collects its output as text. execa is loaded on the
 * first call, not with this module: its ~100 modules took ~0.13 s, which a caller that only needs
 * `runBuffer` (gen-protos starting buf) should not wait for.
 */
export async function run(file: string, args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  const command = formatCommand(file, args);
  const log = openLog(options.logFile, command, options.cwd);
  const started = performance.now();
  if (options.signal?.aborted === true) {
    await closeLog(log);
    return finish({ command, exitCode: -1, stdout: "", stderr: "", durationMs: 0, timedOut: false, cancelled: true, logFile: options.logFile }, options);
  }

  const { execa } = await import("execa");
  // detached: the child leads its own process group, so a timeout or Ctrl-C ends the whole tree
  // (pip's build backends, tox's pytest, ...) and not only the direct child.
  const child: ResultPromise = execa(file, [...args], {
    cwd: options.cwd,
    env: options.env,
    extendEnv: true,
    detached: true,
    cleanup: true,
    reject: false,
    stripFinalNewline: false,
    encoding: "utf8",
    ...(options.input !== undefined ? { input: options.input } : { stdin: "ignore" as const }),
  });
  const tracked: TrackedChild = { pid: child.pid, exited: child };
  trackChild(tracked);

  const lineSinks = makeLineSinks(options, log);
  if (lineSinks) {
    child.stdout?.on("data", (chunk: Buffer) => { lineSinks.stdout(chunk); });
    child.stderr?.on("data", (chunk: Buffer) => { lineSinks.stderr(chunk); });
  }

  const stop = armStopTriggers(tracked, options);

  try {
    const outcome = await child;
    lineSinks?.flush();
    const exitCode = typeof outcome.exitCode === "number" ? outcome.exitCode : -1;
    const { timedOut, cancelled } = stop.state;
    if (outcome.failed && outcome.exitCode === undefined && !timedOut && !cancelled && outcome.signal === undefined) {
      throw startFailure(command, file, outcome.originalMessage ?? outcome.shortMessage ?? "unknown error", options, performance.now() - started);
    }
    const result: RunResult = { command, exitCode, stdout: toText(outcome.stdout), stderr: toText(outcome.stderr), durationMs: performance.now() - started, timedOut, cancelled, logFile: options.logFile };
    return finish(result, options);
  } finally {
    stop.dispose();
    untrackChild(tracked);
    await closeLog(log);
  }
}

function toText(value: unknown): string {
  if (typeof value === "string") return value;
  if (value instanceof Uint8Array) return Buffer.from(value).toString("utf8");
  return "";
}
