// The packager's zips: entries sorted by name, no directory entries, no __pycache__/.pyc, then
// written by the shared zip layer (fixed timestamp, normalised modes, atomic). Same inputs → same
// bytes → same sha256.
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { rm, stat } from "node:fs/promises";
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

// Every file is streamed into the archive when yazl reaches it (no whole-file buffers: a 2 GiB data
// file keeps memory flat). Its size is taken up front, so a file missing at the start is named
// here, and yazl refuses a stream that delivers another size (a file changed while packing).
async function fileEntry(name: string, file: string, executable: boolean, where: string): Promise<ZipWriteEntry> {
  const info = await stat(file).catch((error: unknown) => {
    throw new PackError("io", `${where}: cannot read ${file} for ${name} (${(error as Error).message}). Check that it still exists and is readable, then pack again.`, { cause: error });
  });
  return { kind: "stream", name, size: info.size, executable, open: () => Promise.resolve(createReadStream(file)) };
}

/**
 * The zip entries of `inputs`, sorted. A nested zip is written to a file beside `scratchBase`
 * (`<scratchBase>.nested-<n>`, listed in `scratch` for the caller to remove) and streamed from
 * there; without a `scratchBase` (a zip built in memory) it is nested as a buffer.
 */
async function entriesOf(inputs: readonly ZipInput[], where: string, scratchBase: string | undefined, scratch: string[]): Promise<ZipWriteEntry[]> {
  const sorted = inputs.filter((input) => !isBytecode(input.name)).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const entries: ZipWriteEntry[] = [];
  for (const [index, input] of sorted.entries()) {
    if (sorted[index - 1]?.name === input.name) throw new PackError("layout", `${where}: two files map to ${input.name}. Rename one, or narrow "sources"/"data" in pyflink-pack.json.`);
    const { source } = input;
    if (source.kind === "buffer") {
      entries.push({ kind: "buffer", name: input.name, data: source.data, executable: input.executable });
    } else if (source.kind === "file") {
      entries.push(await fileEntry(input.name, source.path, input.executable, where));
    } else if (scratchBase === undefined) {
      entries.push({ kind: "buffer", name: input.name, data: await zipToBuffer(source.inputs), executable: input.executable });
    } else {
      const nested = `${scratchBase}.nested-${scratch.length}`;
      scratch.push(nested);
      await writeDeterministicZipTo(nested, source.inputs, scratch);
      entries.push(await fileEntry(input.name, nested, input.executable, where));
    }
  }
  return entries;
}

/** The deterministic zip of `inputs`, in memory (small zips only: a jar's manifest, a test's fixture). */
export async function zipToBuffer(inputs: readonly ZipInput[]): Promise<Buffer> {
  return zipEntriesToBuffer(await entriesOf(inputs, "nested zip", undefined, []));
}

async function writeDeterministicZipTo(file: string, inputs: readonly ZipInput[], scratch: string[]): Promise<WrittenZip> {
  const entries = await entriesOf(inputs, file, file, scratch);
  const written = await asPackError(() => writeZip(file, entries), "Check that --out is writable and its disk has space.");
  return { path: file, ...written, entries: entries.length };
}

/** Writes `inputs` to `file` atomically (temp + rename), streaming every file. Duplicate names are an error. */
export async function writeDeterministicZip(file: string, inputs: readonly ZipInput[]): Promise<WrittenZip> {
  const scratch: string[] = [];
  try {
    return await writeDeterministicZipTo(file, inputs, scratch);
  } finally {
    await Promise.all(scratch.map((nested) => rm(nested, { force: true })));
  }
}

export async function sha256File(file: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}
