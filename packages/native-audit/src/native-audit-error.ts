/** Raised when a file cannot be audited at all (unreadable, corrupt); the message names the file, the problem and the fix. */
export class NativeAuditError extends Error {
  override readonly name = "NativeAuditError";
  /** The file (or `archive!entry`) the error is about. */
  readonly file: string;

  constructor(file: string, message: string) {
    super(message);
    this.file = file;
  }
}
