import type { RunResult } from "./run-options.js";

type FailedRun = Omit<RunResult, "stdout"> & { readonly stdout: string | Uint8Array };

/** A child process that failed: carries the command, exit code, output and log path. */
export class CommandError extends Error {
  override readonly name = "CommandError";
  readonly command: string;
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly timedOut: boolean;
  readonly cancelled: boolean;
  readonly logFile: string | undefined;

  constructor(message: string, result: FailedRun) {
    super(message);
    this.command = result.command;
    this.exitCode = result.exitCode;
    this.stdout = typeof result.stdout === "string" ? result.stdout : Buffer.from(result.stdout).toString("utf8");
    this.stderr = result.stderr;
    this.timedOut = result.timedOut;
    this.cancelled = result.cancelled;
    this.logFile = result.logFile;
  }
}
