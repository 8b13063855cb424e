/** A proto source position buf reported a problem at. */
export interface ProtoDiagnostic {
  /** The file as buf named it (absolute when the proto root was given absolute). */
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

/**
 * The one error type of @pyflink-devkit/codegen. Its message names the input, the problem and the
 * fix; `diagnostics` carries the `file:line:col` positions when buf rejected a .proto.
 */
export class CodegenError extends Error {
  override readonly name = "CodegenError";
  readonly diagnostics: readonly ProtoDiagnostic[];

  constructor(message: string, options: { cause?: unknown; diagnostics?: readonly ProtoDiagnostic[] } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.diagnostics = options.diagnostics ?? [];
  }
}
