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

/** Numeric comparison of dotted versions; a pre-release sorts before its release ("3.14.0a1" < "3.14.0"). */
export function compareVersions(a: string, b: string): number {
  const pa = parseVersion(a);
  const pb = parseVersion(b);
  for (let i = 0; i < 3; i++) {
    const diff = (pa.release[i] ?? 0) - (pb.release[i] ?? 0);
    if (diff !== 0) return diff;
  }
  if (pa.pre === pb.pre) return 0;
  if (pa.pre === "") return 1;
  if (pb.pre === "") return -1;
  return pa.pre < pb.pre ? -1 : 1;
}

function parseVersion(version: string): { release: number[]; pre: string } {
  const match = /^(\d+)(?:\.(\d+))?(?:\.(\d+))?(.*)$/.exec(version.trim());
  if (!match) return { release: [], pre: version };
  return { release: [match[1], match[2], match[3]].map((part) => Number(part ?? 0)), pre: match[4] ?? "" };
}

/** A short human description: "3.11.7 (pyenv)". */
export function describeInterpreter(interpreter: Interpreter): string {
  const impl = interpreter.implementation === "cpython" ? "" : ` ${interpreter.implementation}`;
  return `${interpreter.version}${impl} (${interpreter.origin})`;
}
