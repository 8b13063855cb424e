/**
 * The one error class of @pyflink-devkit/lint-python: a bad flag, an unreadable project, a
 * failed report write. Its message names the input, the problem and the fix. A check that finds
 * problems is not an error; it is a result with status "failed".
 */
export class LintPythonError extends Error {
  override readonly name = "LintPythonError";
  /** 2 for a usage mistake (bad flag or value), 1 for everything else. */
  readonly exitCode: 1 | 2;

  constructor(message: string, options: { readonly exitCode?: 1 | 2; readonly cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.exitCode = options.exitCode ?? 1;
  }
}
