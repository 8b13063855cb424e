/**
 * The one error class of @pyflink-devkit/python-env. Its message names the input, the problem and
 * the fix; `logFile` points at the full pip / venv output when there is one.
 */
export class PythonEnvError extends Error {
  override readonly name = "PythonEnvError";
  readonly logFile: string | undefined;

  constructor(message: string, options: { readonly cause?: unknown; readonly logFile?: string } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.logFile = options.logFile;
  }
}
