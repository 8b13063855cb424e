/**
 * The one error class of the packager. Its message names the input, the problem and the fix; the
 * CLI prints it once (no stack unless --debug) and exits non-zero.
 */
export type PackErrorCode =
  | "config" // pyflink-pack.json or flags are wrong
  | "project" // the job project is missing something (entry script, requirements file, ...)
  | "target" // unknown target / version combination
  | "no-wheel" // a requirement has no wheel for the target's tags
  | "conflict" // a requirement conflicts with a package the runtime provides
  | "pip" // pip failed for another reason
  | "interpreter" // no usable Python, or an interpreter archive that is not relocatable
  | "layout" // the bundle cannot be laid out for the target (e.g. two jars on MSF)
  | "native-abi" // a shipped native file (.so) cannot load on the target (platform, machine, glibc, CPython ABI)
  | "io";

export class PackError extends Error {
  override readonly name = "PackError";
  readonly code: PackErrorCode;
  /** Extra lines (pip output excerpt, log path) shown under the message. */
  readonly details: readonly string[];

  constructor(code: PackErrorCode, message: string, options: { details?: readonly string[]; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.details = options.details ?? [];
  }
}
