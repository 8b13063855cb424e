/**
 * The one error class of @pyflink-devkit/dev. Its message names the input, the problem and the
 * fix; the CLIs print it once and exit non-zero.
 */
export class DevError extends Error {
  override readonly name = "DevError";
}
