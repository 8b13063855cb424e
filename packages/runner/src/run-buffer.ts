import { spawn } from "node:child_process";
import { formatCommand } from "./format-command.js";
import { closeLog, makeLineSinks, openLog } from "./run-log.js";
import type { RunBufferResult, RunOptions } from "./run-options.js";
import { finish, startFailure } from "./run-outcome.js";
import { trackChild, untrackChild } from "./process-trees.js";
import { armStopTriggers } from "./stop-triggers.js";

interface Exit {
  readonly code: number | null;
  readonly error?: Error;
}

/**
 * Like `run`, but keeps stdout as bytes (for binary protocols such as a descriptor image); `onLine`
 * is not called, a `logFile` still gets the lines. Built on node:child_process rather than execa:
 * it needs none of execa's stream plumbing, and loading execa (~0.13 s) sat before every gen-protos
 * compilation. It behaves as `run` does: own process group, tree kill on timeout and abort,
 * the same results and CommandErrors. (execa's exit cleanup does not apply to detached children
 * either, so there is nothing to add for it.)
 */
export async function runBuffer(file: string, args: readonly string[], options: RunOptions = {}): Promise<RunBufferResult> {
  const command = formatCommand(file, args);
  const log = openLog(options.logFile, command, options.cwd);
  const started = performance.now();
  if (options.signal?.aborted === true) {
    await closeLog(log);
    return finish({ command, exitCode: -1, stdout: new Uint8Array(), stderr: "", durationMs: 0, timedOut: false, cancelled: true, logFile: options.logFile }, options);
  }

  // detached: the child leads its own process group, so a timeout or an abort ends the whole tree.
  const child = spawn(file, [...args], {
    cwd: options.cwd,
    // `undefined` values are left out by spawn, which removes the variable as `run` does.
    env: options.env === undefined ? process.env : { ...process.env, ...options.env },
    detached: true,
    stdio: [options.input === undefined ? "ignore" : "pipe", "pipe", "pipe"],
  });
  // 'close' comes once the process has exited and its output pipes are drained; a failed start
  // only emits 'error'.
  const exited = new Promise<Exit>((resolve) => {
    child.once("error", (error) => { resolve({ code: null, error }); });
    child.once("close", (code) => { resolve({ code }); });
  });
  const tracked = { pid: child.pid, exited };
  trackChild(tracked);

  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];
  const lineSinks = makeLineSinks({ ...options, onLine: undefined }, log);
  child.stdout?.on("data", (chunk: Buffer) => {
    stdout.push(chunk);
    lineSinks?.stdout(chunk);
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr.push(chunk);
    lineSinks?.stderr(chunk);
  });
  if (options.input !== undefined && child.stdin !== null) {
    // A child that exits without reading its input makes the write fail with EPIPE; its exit code says what happened.
    child.stdin.on("error", () => undefined);
    child.stdin.end(options.input);
  }

  const stop = armStopTriggers(tracked, options);

  try {
    const exit = await exited;
    lineSinks?.flush();
    if (exit.error !== undefined && child.pid === undefined) {
      throw startFailure(command, file, exit.error.message, options, performance.now() - started);
    }
    const { timedOut, cancelled } = stop.state;
    return finish(
      {
        command,
        // null when a signal ended it
        exitCode: exit.code ?? -1,
        stdout: concatBytes(stdout),
        stderr: Buffer.concat(stderr).toString("utf8"),
        durationMs: performance.now() - started,
        timedOut,
        cancelled,
        logFile: options.logFile,
      },
      options,
    );
  } finally {
    stop.dispose();
    untrackChild(tracked);
    await closeLog(log);
  }
}

/** The chunks as one plain Uint8Array of its own (not a Buffer, not a view into Node's shared pool). */
function concatBytes(chunks: readonly Buffer[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((sum, chunk) => sum + chunk.length, 0));
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}
