// What the three commands share: the flags that name a runtime, how a PackError is printed, and
// the directory relative path arguments mean.
import path from "node:path";
import { PackError } from "../pack-error.js";

/** Flags naming the runtime (pack: the target; verify/inspect: for bundles without a lock file). */
export interface RuntimeFlags {
  target?: string;
  flink?: string;
  python?: string;
  engine?: string;
  glibc?: string;
  machine?: string;
  module?: string;
  json?: boolean;
  quiet?: boolean;
  debug?: boolean;
}

/**
 * Prints a PackError once (`prefix: message`, its details, the stack with --debug) and sets exit
 * code 1; anything else is rethrown for the top-level handler.
 */
export function reportPackError(error: unknown, prefix: string, debug: boolean | undefined): void {
  if (!(error instanceof PackError)) throw error;
  process.stderr.write(`${prefix}: ${error.message}\n${error.details.map((d) => `  ${d}\n`).join("")}`);
  if (debug === true && error.stack !== undefined) process.stderr.write(`${error.stack}\n`);
  process.exitCode = 1;
}

/** The runtime flags as the library takes them. */
export function runtimeOptions(flags: RuntimeFlags): Pick<RuntimeFlags, "target" | "flink" | "python" | "engine" | "glibc" | "machine" | "module"> {
  return { target: flags.target, flink: flags.flink, python: flags.python, engine: flags.engine, glibc: flags.glibc, machine: flags.machine, module: flags.module };
}

/**
 * The directory the user ran the command in. `pnpm -C <devkit> pack:job ...` runs the script in
 * the devkit's root, and pnpm records where it was started in INIT_CWD (it sets it afresh for
 * every run); only that root script (npm_lifecycle_event `pack:job`) takes it, so a pyflink-pack
 * spawned by anything else, tests under `pnpm test` included, resolves against its own cwd.
 */
export function invocationDir(env: NodeJS.ProcessEnv = process.env): string {
  const fromPnpm = env.npm_lifecycle_event === "pack:job" ? env.INIT_CWD : undefined;
  return fromPnpm !== undefined && fromPnpm !== "" ? fromPnpm : process.cwd();
}

/** A path argument as the user meant it: relative to where they ran the command. */
export function userPath(value: string): string;
export function userPath(value: string | undefined): string | undefined;
export function userPath(value: string | undefined): string | undefined {
  return value === undefined ? undefined : path.resolve(invocationDir(), value);
}
