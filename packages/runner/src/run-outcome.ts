import { CommandError } from "./command-error.js";
import type { RawResult, RunOptions } from "./run-options.js";

/** Applies `reject`: a cancelled, timed-out or failed run becomes a CommandError. */
export function finish<T extends RawResult>(result: T, options: RunOptions): T {
  if (options.reject === false) return result;
  if (result.cancelled) throw new CommandError(`${result.command}: cancelled.`, result);
  if (result.timedOut) {
    throw new CommandError(`${result.command}: timed out after ${options.timeoutMs ?? 0} ms and was stopped${logHint(result)}.`, result);
  }
  if (result.exitCode !== 0) {
    const tail = lastLines(result.stderr || (typeof result.stdout === "string" ? result.stdout : ""), 20);
    throw new CommandError(`${result.command}: exited with code ${result.exitCode}${logHint(result)}.${tail ? `\n${tail}` : ""}`, result);
  }
  return result;
}

/** The program could not be started at all (ENOENT, EACCES): always an error, whatever `reject` says. */
export function startFailure(command: string, file: string, reason: string, options: RunOptions, durationMs: number): CommandError {
  return new CommandError(
    `${command}: could not start '${file}' (${reason}). Check that it is installed and on PATH${options.cwd ? `, and that ${options.cwd} exists` : ""}.`,
    { command, exitCode: -1, stdout: "", stderr: reason, durationMs, timedOut: false, cancelled: false, logFile: options.logFile },
  );
}

function logHint(result: RawResult): string {
  return result.logFile ? ` (log: ${result.logFile})` : "";
}

function lastLines(text: string, count: number): string {
  return text.trimEnd().split("\n").slice(-count).join("\n");
}
