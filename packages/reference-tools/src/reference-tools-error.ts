/**
 * The one error class of @pyflink-devkit/reference-tools. Its message names the reference, the
 * problem and the fix. Thrown for misuse (an unknown version, a malformed coordinate); a reference
 * that is merely absent is not an error but a `Missing` (see reference.ts), so tests can skip.
 */
export class ReferenceToolsError extends Error {
  override readonly name = "ReferenceToolsError";

  constructor(message: string, options: { readonly cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
  }
}
