/** The one error class of @pyflink-devkit/fat-jar: the message names the jar, the problem and the fix. */
export class FatJarError extends Error {
  override readonly name = "FatJarError";
  /** The jar (input or output) the error is about. */
  readonly jar: string;

  constructor(jar: string, message: string, options: { cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.jar = jar;
  }
}
