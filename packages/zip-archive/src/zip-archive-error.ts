// The one error this package throws: which archive, which entry, what is wrong and how to fix it.
// `code` lets a caller add its own context (a packager says "pack again", fat-jar "download again").
export type ZipArchiveErrorCode = "unreadable" | "unsafe-entry" | "write";

export class ZipArchiveError extends Error {
  override readonly name = "ZipArchiveError";

  constructor(
    readonly code: ZipArchiveErrorCode,
    /** The archive (or the file being written). */
    readonly file: string,
    message: string,
    options?: { readonly cause?: unknown; readonly entry?: string },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.entry = options?.entry;
  }

  /** The entry the problem is about, when there is one. */
  readonly entry: string | undefined;
}

export function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
