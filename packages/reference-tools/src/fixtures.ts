import { existsSync, readFileSync } from "node:fs";
import { cp, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { override } from "./overrides.js";
import { missing, present, type Reference } from "./reference.js";

/** The shared fixtures every clone of ours has at ../shared/fixtures (see the README's table). */
export const FIXTURES = ["flink-checkout", "flink-upstream", "msf-examples", "protobuf-python-generators"] as const;
export type FixtureName = (typeof FIXTURES)[number];

/** The repository root: dist/ or src/ → the package → packages/ → the root. */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "..");

/** The shared directory: $PYFLINK_DEVKIT_SHARED, else ../shared beside the repository. */
export function sharedDir(): string {
  return path.resolve(override("shared") ?? path.join(REPO_ROOT, "..", "shared"));
}

function fixtureSource(name: FixtureName): Reference<string> {
  const dir = path.join(sharedDir(), "fixtures", name);
  if (override("shared") === "none" || !existsSync(dir)) {
    return missing(`fixture:${name}`, "fixture", `the shared fixture ${name} is not at ${path.join("..", "shared", "fixtures", name)} beside the repository (or $PYFLINK_DEVKIT_SHARED/fixtures)`);
  }
  return present(dir);
}

/** A private copy of a shared fixture in a fresh temp dir; `remove()` deletes it. The shared original is never written. */
export interface FixtureCopy {
  readonly dir: string;
  remove(): Promise<void>;
}

/** Copies a shared fixture into a fresh temp dir (one per call, so tests never share or write the original). */
export async function copyFixture(name: FixtureName): Promise<Reference<FixtureCopy>> {
  const source = fixtureSource(name);
  if (!source.ok) return source;
  const parent = await mkdtemp(path.join(os.tmpdir(), `pyflink-devkit-${name}-`));
  const dir = path.join(parent, name);
  await cp(source.value, dir, { recursive: true, preserveTimestamps: true });
  return present({ dir, remove: () => rm(parent, { recursive: true, force: true }) });
}

/** Whether a shared fixture is at hand, without copying it (for skip conditions at collection time). */
export function fixtureAvailable(name: FixtureName): Reference<string> {
  return fixtureSource(name);
}

/** protoc's Python generator sources at every release tag, read from the shared fixture (read-only). */
export interface GeneratorSources {
  /** Every release tag in the fixture, e.g. "v3.5.1", "v25.1", in index order. */
  readonly tags: readonly string[];
  /** The file at a tag ("src/google/protobuf/compiler/python/generator.cc", "version.json"), or undefined. */
  read(tag: string, file: string): string | undefined;
  /** The file's git blob id at a tag, or undefined. */
  blob(tag: string, file: string): string | undefined;
}

/** Loads the index of `protobuf-python-generators` (tag, path, blob); file bytes are read on demand. */
export function protobufGeneratorSources(): Reference<GeneratorSources> {
  const source = fixtureSource("protobuf-python-generators");
  if (!source.ok) return source;
  const root = source.value;
  const blobs = new Map<string, string>();
  const tags: string[] = [];
  for (const line of readFileSync(path.join(root, "index.tsv"), "utf8").split("\n")) {
    const [tag, file, blob] = line.split("\t");
    if (tag === undefined || file === undefined || blob === undefined || blob === "") continue;
    if (!tags.includes(tag)) tags.push(tag);
    blobs.set(`${tag}\t${file}`, blob);
  }
  const blobOf = (tag: string, file: string): string | undefined => blobs.get(`${tag}\t${file}`);
  return present({
    tags,
    blob: blobOf,
    read(tag, file) {
      const blob = blobOf(tag, file);
      return blob === undefined ? undefined : readFileSync(path.join(root, "blobs", blob), "utf8");
    },
  });
}
