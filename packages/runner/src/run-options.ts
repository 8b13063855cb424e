export type StreamName = "stdout" | "stderr";

export interface RunOptions {
  /** Working directory of the child. */
  readonly cwd?: string;
  /** Variables set over the parent's environment; `undefined` removes one. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Kill the whole process tree after this long and fail with `timedOut`. */
  readonly timeoutMs?: number;
  /** Append the command line and every output line (with `prefix`) to this file. */
  readonly logFile?: string;
  /** Put before every line given to `onLine` and written to `logFile`, e.g. `[mypy 3.11] `. */
  readonly prefix?: string;
  /** Called with every complete output line as it arrives. */
  readonly onLine?: (line: string, stream: StreamName) => void;
  /** Aborting kills the whole process tree; the result says `cancelled`. */
  readonly signal?: AbortSignal;
  /** Written to the child's stdin. */
  readonly input?: string | Uint8Array;
  /** Throw `CommandError` on a non-zero exit, a timeout or a cancellation (default true). */
  readonly reject?: boolean;
}

export interface RunResult {
  /** The command as a shell-quoted line, for messages. */
  readonly command: string;
  /** The exit code; -1 when the process was ended by a signal. */
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly durationMs: number;
  readonly timedOut: boolean;
  readonly cancelled: boolean;
  readonly logFile: string | undefined;
}

export interface RunBufferResult extends Omit<RunResult, "stdout"> {
  readonly stdout: Uint8Array;
}

/** A result before it is known whether stdout is text or bytes. */
export interface RawResult extends Omit<RunResult, "stdout"> {
  readonly stdout: string | Uint8Array;
}

/** How long a killed tree gets between SIGTERM and SIGKILL. */
export const KILL_GRACE_MS = 2000;
