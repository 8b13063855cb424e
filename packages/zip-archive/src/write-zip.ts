// Deterministic zip writing with yazl: the caller's entry order, one fixed timestamp, modes
// normalised, no extra timestamp fields. Same entries → same bytes → same sha256. Files are written
// atomically (temp file + rename) and hashed as they are written.
import { createHash } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdir, rename, rm } from "node:fs/promises";
import path from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import yazl from "yazl";
import { describe, ZipArchiveError } from "./zip-archive-error.js";

// 1980-01-01 00:00:00, the earliest DOS date (what pex and wheel's reproducible mode use). Built
// from local-time fields because the DOS fields are written from local-time getters, so every
// time zone writes the same bytes. The Info-ZIP "UT" field (UTC) is turned off for the same reason.
const FIXED_MTIME = new Date(1980, 0, 1, 0, 0, 0);

export type ZipWriteEntry =
  | { readonly kind: "buffer"; readonly name: string; readonly data: Buffer; readonly executable: boolean }
  /** Streamed when yazl gets to it: the source stays on disk (or in another open zip) until then. */
  | { readonly kind: "stream"; readonly name: string; readonly size: number; readonly open: () => Promise<Readable>; readonly executable?: boolean }
  | { readonly kind: "directory"; readonly name: string };

export interface WrittenZip {
  readonly sha256: string;
  readonly bytes: number;
}

function fill(entries: readonly ZipWriteEntry[]): yazl.ZipFile {
  const zip = new yazl.ZipFile();
  for (const entry of entries) {
    if (entry.kind === "directory") {
      zip.addEmptyDirectory(entry.name, { mtime: FIXED_MTIME, mode: 0o40755, forceDosTimestamp: true });
    } else if (entry.kind === "buffer") {
      zip.addBuffer(entry.data, entry.name, { mtime: FIXED_MTIME, mode: entry.executable ? 0o100755 : 0o100644, forceDosTimestamp: true, compress: true });
    } else {
      // The size is known up front (yazl checks the stream delivers exactly that many bytes), so
      // yazl writes zip64 records exactly when an entry needs them (≥ 4 GiB) and never buffers it.
      zip.addReadStreamLazy(entry.name, { mtime: FIXED_MTIME, mode: entry.executable === true ? 0o100755 : 0o100644, forceDosTimestamp: true, compress: true, size: entry.size }, (callback) => {
        entry.open().then(
          (stream) => {
            callback(null, stream);
          },
          (error: unknown) => {
            callback(error, undefined as unknown as NodeJS.ReadableStream);
          },
        );
      });
    }
  }
  zip.end();
  return zip;
}

/** The zip of `entries`, in memory (a zip to nest in another). */
export async function zipToBuffer(entries: readonly ZipWriteEntry[]): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of fill(entries).outputStream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Writes the zip of `entries` to `file` atomically; a failure leaves what was there before. */
export async function writeZip(file: string, entries: readonly ZipWriteEntry[]): Promise<WrittenZip> {
  const temp = `${file}.tmp-${process.pid}-${Date.now()}`;
  const hash = createHash("sha256");
  let bytes = 0;
  try {
    await mkdir(path.dirname(file), { recursive: true });
    const { outputStream } = fill(entries);
    // Listen and pipe in the same tick: a `data` listener starts the flow, and chunks emitted
    // before the pipe is attached would be lost.
    outputStream.on("data", (chunk: Buffer) => {
      hash.update(chunk);
      bytes += chunk.length;
    });
    await pipeline(outputStream, createWriteStream(temp));
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    if (error instanceof ZipArchiveError) throw error;
    throw new ZipArchiveError("write", file, `${file}: could not write the zip (${describe(error)}). Check that the directory is writable and the disk has space.`, { cause: error });
  }
  return { sha256: hash.digest("hex"), bytes };
}
