import { createWriteStream, mkdirSync, type WriteStream } from "node:fs";
import path from "node:path";
import { execa, type ResultPromise } from "execa";
import { CommandError } from "./command-error.js";
import { formatCommand } from "./format-command.js";
import { killTree, trackChild, untrackChild } from "./process-trees.js";

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

const KILL_GRACE_MS = 2000;

/** Runs a program (never through a shell) and collects its output as text. */
export async function run(file: string, args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  const result = await runChild(file, args, options, "utf8");
  return { ...result, stdout: String(result.stdout) };
}

/** Like `run`, but keeps stdout as bytes (for binary protocols such as a descriptor image). */
export async function runBuffer(file: string, args: readonly string[], options: RunOptions = {}): Promise<RunBufferResult> {
  const result = await runChild(file, args, { ...options, onLine: undefined }, "buffer");
  const stdout = result.stdout instanceof Uint8Array ? result.stdout : new TextEncoder().encode(result.stdout);
  return { ...result, stdout };
}

interface RawResult extends Omit<RunResult, "stdout"> {
  readonly stdout: string | Uint8Array;
}

async function runChild(file: string, args: readonly string[], options: RunOptions, encoding: "utf8" | "buffer"): Promise<RawResult> {
  const command = formatCommand(file, args);
  const log = openLog(options.logFile, command, options.cwd);
  const started = performance.now();
  // Set from timer and abort callbacks, read after the child exits.
  const state = { timedOut: false, cancelled: false };

  if (options.signal?.aborted === true) {
    log?.end();
    return finish({ command, exitCode: -1, stdout: "", stderr: "", durationMs: 0, timedOut: false, cancelled: true, logFile: options.logFile }, options);
  }

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
    encoding: encoding === "buffer" ? "buffer" : "utf8",
    ...(options.input !== undefined ? { input: options.input } : { stdin: "ignore" as const }),
  });
  trackChild(child);

  const lineSinks = makeLineSinks(options, log);
  if (lineSinks) {
    child.stdout?.on("data", (chunk: Buffer) => { lineSinks.stdout(chunk); });
    child.stderr?.on("data", (chunk: Buffer) => { lineSinks.stderr(chunk); });
  }

  const onAbort = (): void => {
    state.cancelled = true;
    killTree(child, KILL_GRACE_MS);
  };
  options.signal?.addEventListener("abort", onAbort, { once: true });
  const timer =
    options.timeoutMs === undefined
      ? undefined
      : setTimeout(() => {
          state.timedOut = true;
          killTree(child, KILL_GRACE_MS);
        }, options.timeoutMs);

  try {
    const outcome = await child;
    lineSinks?.flush();
    const exitCode = typeof outcome.exitCode === "number" ? outcome.exitCode : -1;
    const stdout = encoding === "buffer" ? toBytes(outcome.stdout) : toText(outcome.stdout);
    const stderr = toText(outcome.stderr);
    const { timedOut, cancelled } = state;
    if (outcome.failed && outcome.exitCode === undefined && !timedOut && !cancelled && outcome.signal === undefined) {
      // The program could not be started at all (ENOENT, EACCES).
      const reason = outcome.originalMessage ?? outcome.shortMessage ?? "unknown error";
      throw new CommandError(
        `${command}: could not start '${file}' (${reason}). Check that it is installed and on PATH${options.cwd ? `, and that ${options.cwd} exists` : ""}.`,
        { command, exitCode: -1, stdout: "", stderr: reason, durationMs: performance.now() - started, timedOut, cancelled, logFile: options.logFile },
      );
    }
    return finish({ command, exitCode, stdout, stderr, durationMs: performance.now() - started, timedOut, cancelled, logFile: options.logFile }, options);
  } finally {
    if (timer) clearTimeout(timer);
    options.signal?.removeEventListener("abort", onAbort);
    untrackChild(child);
    await closeLog(log);
  }
}

function finish(result: RawResult, options: RunOptions): RawResult {
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

function logHint(result: RawResult): string {
  return result.logFile ? ` (log: ${result.logFile})` : "";
}

function lastLines(text: string, count: number): string {
  return text.trimEnd().split("\n").slice(-count).join("\n");
}

function toText(value: unknown): string {
  if (typeof value === "string") return value;
  if (value instanceof Uint8Array) return Buffer.from(value).toString("utf8");
  return "";
}

function toBytes(value: unknown): Uint8Array {
  if (value instanceof Uint8Array) return value;
  if (typeof value === "string") return new TextEncoder().encode(value);
  return new Uint8Array();
}

function openLog(logFile: string | undefined, command: string, cwd: string | undefined): WriteStream | undefined {
  if (!logFile) return undefined;
  mkdirSync(path.dirname(logFile), { recursive: true });
  const stream = createWriteStream(logFile, { flags: "a" });
  stream.write(`$ ${command}${cwd ? `    (in ${cwd})` : ""}\n`);
  return stream;
}

function closeLog(log: WriteStream | undefined): Promise<void> {
  if (!log) return Promise.resolve();
  return new Promise((resolve) => log.end(resolve));
}

interface LineSinks {
  stdout(chunk: Buffer): void;
  stderr(chunk: Buffer): void;
  flush(): void;
}

function makeLineSinks(options: RunOptions, log: WriteStream | undefined): LineSinks | undefined {
  const onLine = options.onLine;
  if (onLine === undefined && log === undefined) return undefined;
  const prefix = options.prefix ?? "";
  const pending: Record<StreamName, string> = { stdout: "", stderr: "" };
  const emit = (line: string, stream: StreamName): void => {
    log?.write(`${prefix}${line}\n`);
    onLine?.(`${prefix}${line}`, stream);
  };
  const take = (stream: StreamName) => (chunk: Buffer): void => {
    const text = pending[stream] + chunk.toString("utf8");
    const lines = text.split(/\r?\n/);
    pending[stream] = lines.pop() ?? "";
    for (const line of lines) emit(line, stream);
  };
  return {
    stdout: take("stdout"),
    stderr: take("stderr"),
    flush: () => {
      for (const stream of ["stdout", "stderr"] as const) {
        const rest = pending[stream];
        if (rest !== "") emit(rest, stream);
        pending[stream] = "";
      }
    },
  };
}
