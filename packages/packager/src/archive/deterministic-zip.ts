// The packager's zips: entries sorted by name, no directory entries, no __pycache__/.pyc, then
// written by the shared zip layer (fixed timestamp, normalised modes, atomic). Same inputs → same
// bytes → same sha256.
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { readFile } from "node:fs/promises";
import { writeZip, zipToBuffer as zipEntriesToBuffer, type ZipWriteEntry } from "@pyflink-devkit/zip-archive";
import { PackError } from "../pack-error.js";
import { asPackError } from "./zip-errors.js";

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

/** Files that never go into a bundle, whatever their source. */
export function isBytecode(name: string): boolean {
  return name.endsWith(".pyc") || name.endsWith(".pyo") || name.split("/").includes("__pycache__");
}

export interface WrittenZip {
  readonly path: string;
  readonly sha256: string;
  readonly bytes: number;
  readonly entries: number;
}

// Files are read up front one at a time (not streamed lazily) so a vanished file is an error
// here, and the output never depends on stream timing.
async function entriesOf(inputs: readonly ZipInput[], where: string): Promise<ZipWriteEntry[]> {
  const sorted = inputs.filter((input) => !isBytecode(input.name)).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const entries: ZipWriteEntry[] = [];
  for (const [index, input] of sorted.entries()) {
    if (sorted[index - 1]?.name === input.name) throw new PackError("layout", `${where}: two files map to ${input.name}. Rename one, or narrow "sources"/"data" in pyflink-pack.json.`);
    const { source } = input;
    const data = source.kind === "buffer" ? source.data : source.kind === "file" ? await readFile(source.path) : await zipToBuffer(source.inputs);
    entries.push({ kind: "buffer", name: input.name, data, executable: input.executable });
  }
  return entries;
}

/** The deterministic zip of `inputs`, in memory. */
export async function zipToBuffer(inputs: readonly ZipInput[]): Promise<Buffer> {
  return zipEntriesToBuffer(await entriesOf(inputs, "nested zip"));
}

/** Writes `inputs` to `file` atomically (temp + rename). Duplicate names are an error. */
export async function writeDeterministicZip(file: string, inputs: readonly ZipInput[]): Promise<WrittenZip> {
  const entries = await entriesOf(inputs, file);
  const written = await asPackError(() => writeZip(file, entries), "Check that --out is writable.");
  return { path: file, ...written, entries: entries.length };
}

export async function sha256File(file: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}
