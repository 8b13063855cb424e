import { createWriteStream, mkdirSync, type WriteStream } from "node:fs";
import path from "node:path";
import type { RunOptions, StreamName } from "./run-options.js";

export function openLog(logFile: string | undefined, command: string, cwd: string | undefined): WriteStream | undefined {
  if (!logFile) return undefined;
  mkdirSync(path.dirname(logFile), { recursive: true });
  const stream = createWriteStream(logFile, { flags: "a" });
  stream.write(`$ ${command}${cwd ? `    (in ${cwd})` : ""}\n`);
  return stream;
}

export function closeLog(log: WriteStream | undefined): Promise<void> {
  if (!log) return Promise.resolve();
  return new Promise((resolve) => log.end(resolve));
}

export interface LineSinks {
  stdout(chunk: Buffer): void;
  stderr(chunk: Buffer): void;
  flush(): void;
}

/** Splits output chunks into prefixed lines for `onLine` and the log; undefined when neither wants them. */
export function makeLineSinks(options: RunOptions, log: WriteStream | undefined): LineSinks | undefined {
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
