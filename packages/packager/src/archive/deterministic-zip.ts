// Deterministic zips with yazl: entries sorted by name, one fixed timestamp, modes normalised to
// 0644/0755, no directory entries, no __pycache__/.pyc. Same inputs → same bytes → same sha256.
import { createHash } from "node:crypto";
import { createWriteStream } from "node:fs";
import { readFile, rename, rm } from "node:fs/promises";
import { pipeline } from "node:stream/promises";
import yazl from "yazl";

export type ZipSource =
  | { readonly kind: "file"; readonly path: string }
  | { readonly kind: "buffer"; readonly data: Buffer }
  /** A zip nested in the zip (MSF's data.zip inside the app zip), built deterministically too. */
  | { readonly kind: "zip"; readonly inputs: readonly ZipInput[] };

export interface ZipInput {
  /** Path inside the archive, with `/`. */
  readonly name: string;
  readonly source: ZipSource;
  readonly executable: boolean;
}

// 1980-01-01 00:00:00, the earliest DOS date (what pex and wheel's reproducible mode use). Built
// from local-time fields because the DOS fields are written from local-time getters, so every
// time zone writes the same bytes. The Info-ZIP "UT" field (UTC) is turned off for the same reason.
const FIXED_MTIME = new Date(1980, 0, 1, 0, 0, 0);

/** Files that never go into a bundle, whatever their source. */
export function isBytecode(name: string): boolean {
  return name.endsWith(".pyc") || name.endsWith(".pyo") || name.split("/").includes("__pycache__");
}

function byName(a: ZipInput, b: ZipInput): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

export interface WrittenZip {
  readonly path: string;
  readonly sha256: string;
  readonly bytes: number;
  readonly entries: number;
}

function prepare(inputs: readonly ZipInput[], where: string): ZipInput[] {
  const entries = inputs.filter((input) => !isBytecode(input.name)).sort(byName);
  for (let i = 1; i < entries.length; i++) {
    const prev = entries[i - 1];
    const cur = entries[i];
    if (prev !== undefined && cur !== undefined && prev.name === cur.name) throw new Error(`two files map to ${cur.name} in ${where}`);
  }
  return entries;
}

async function fillZip(entries: readonly ZipInput[]): Promise<yazl.ZipFile> {
  const zip = new yazl.ZipFile();
  for (const entry of entries) {
    const options = { mtime: FIXED_MTIME, mode: entry.executable ? 0o100755 : 0o100644, forceDosTimestamp: true, compress: true };
    // Files are read up front one at a time (not streamed lazily) so a vanished file is an error
    // here, and yazl's output never depends on stream timing.
    const data = entry.source.kind === "buffer" ? entry.source.data : entry.source.kind === "file" ? await readFile(entry.source.path) : await zipToBuffer(entry.source.inputs);
    zip.addBuffer(data, entry.name, options);
  }
  zip.end();
  return zip;
}

/** The deterministic zip of `inputs`, in memory. */
export async function zipToBuffer(inputs: readonly ZipInput[]): Promise<Buffer> {
  const zip = await fillZip(prepare(inputs, "nested zip"));
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Writes `inputs` to `file` atomically (temp + rename). Duplicate names are an error. */
export async function writeDeterministicZip(file: string, inputs: readonly ZipInput[]): Promise<WrittenZip> {
  const entries = prepare(inputs, file);
  const zip = await fillZip(entries);
  const temp = `${file}.tmp-${process.pid}`;
  const hash = createHash("sha256");
  let bytes = 0;
  zip.outputStream.on("data", (chunk: Buffer) => {
    hash.update(chunk);
    bytes += chunk.length;
  });
  try {
    await pipeline(zip.outputStream, createWriteStream(temp));
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  return { path: file, sha256: hash.digest("hex"), bytes, entries: entries.length };
}

export async function sha256File(file: string): Promise<string> {
  return createHash("sha256").update(await readFile(file)).digest("hex");
}
