import { compare } from "@renovatebot/pep440";

export type InterpreterOrigin = "pyenv" | "conda" | "uv" | "path" | "config";

/** A Python interpreter found on this machine and probed. */
export interface Interpreter {
  /** Absolute, symlink-resolved path of the interpreter binary. */
  readonly executable: string;
  /** `platform.python_version()`, e.g. "3.11.7" (or "3.14.0a1"). */
  readonly version: string;
  /** Major.minor, e.g. "3.11". */
  readonly minor: string;
  /** `sys.implementation.name`: "cpython", "pypy", ... */
  readonly implementation: string;
  /** `sysconfig.get_platform()`, e.g. "linux-x86_64". */
  readonly platform: string;
  /** glibc version from `platform.libc_ver()` when the interpreter is linked against glibc. */
  readonly glibc?: string;
  /** Which discovery source found it first (config > pyenv > uv > conda > path). */
  readonly origin: InterpreterOrigin;
}

/** PEP 440 order of two versions (through @renovatebot/pep440): a pre-release sorts before its release ("3.14.0a1" < "3.14.0"). */
export function compareVersions(a: string, b: string): number {
  return compare(a, b);
}

/** A short human description: "3.11.7 (pyenv)". */
export function describeInterpreter(interpreter: Interpreter): string {
  const impl = interpreter.implementation === "cpython" ? "" : ` ${interpreter.implementation}`;
  return `${interpreter.version}${impl} (${interpreter.origin})`;
}
