/**
 * The one error class of @pyflink-devkit/python-env. Its message names the input, the problem and
 * the fix; `logFile` points at the full pip / venv output when there is one.
 */
export class PythonEnvError extends Error {
  override readonly name = "PythonEnvError";
  readonly logFile: string | undefined;
  /**
   * What went wrong in a few words, without paths or fixes ("'x==1.0' is not on the package
   * index"), for a progress line or a table where the whole message is too long; when there is one.
   */
  readonly summary: string | undefined;

  constructor(message: string, options: { readonly cause?: unknown; readonly logFile?: string; readonly summary?: string } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.logFile = options.logFile;
    this.summary = options.summary;
  }
}
