/**
 * The one error class of @pyflink-devkit/pom-build. Its message names the pom, the problem, the
 * connector coordinates it declares and the command that builds them; `logFile` holds Maven's output.
 */
export class PomBuildError extends Error {
  override readonly name = "PomBuildError";
  readonly logFile: string | undefined;

  constructor(message: string, options: { readonly cause?: unknown; readonly logFile?: string } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.logFile = options.logFile;
  }
}
