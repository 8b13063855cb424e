import { createHash } from "node:crypto";
import { existsSync, readFileSync, statSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { copyFixture, fixtureAvailable, FIXTURES, protobufGeneratorSources, sharedDir, skipUnless, valueOf } from "../src/index.js";

afterEach(() => { vi.unstubAllEnvs(); });

/** git's blob id: sha1 of "blob <size>\0<bytes>" — the fixture's index names files by it. */
function gitBlobId(bytes: Buffer): string {
  return createHash("sha1").update(`blob ${bytes.length}\0`).update(bytes).digest("hex");
}

const checkout = fixtureAvailable("flink-checkout");
const generators = protobufGeneratorSources();

describe("copyFixture", skipUnless(checkout), () => {
  it("gives each call its own copy; writing it leaves the shared original alone", async () => {
    const a = valueOf(await copyFixture("flink-checkout"));
    const b = valueOf(await copyFixture("flink-checkout"));
    try {
      expect(a.dir).not.toBe(b.dir);
      const file = path.join("flink-python", "pyproject.toml");
      const original = readFileSync(path.join(valueOf(checkout), file), "utf8");
      expect(await readFile(path.join(a.dir, file), "utf8")).toBe(original);
      await writeFile(path.join(a.dir, file), "changed");
      expect(readFileSync(path.join(valueOf(checkout), file), "utf8")).toBe(original);
      expect(await readFile(path.join(b.dir, file), "utf8")).toBe(original);
    } finally {
      await a.remove();
      await b.remove();
    }
    expect(existsSync(a.dir)).toBe(false);
  });
});

describe("fixtures are missing with a reason, never an error", () => {
  it("reports a missing shared directory as a fixture skip", async () => {
    vi.stubEnv("PYFLINK_DEVKIT_SHARED", "none");
    for (const name of FIXTURES) {
      const ref = await copyFixture(name);
      expect(ref.ok).toBe(false);
      if (!ref.ok) expect(ref.missing).toMatchObject({ reference: `fixture:${name}`, source: "fixture" });
    }
  });

  it("finds ../shared beside the repository by default", () => {
    expect(path.basename(sharedDir())).toBe("shared");
  });
});

describe("protobufGeneratorSources", skipUnless(generators), () => {
  it("lists the release tags from v2.4.1 to v36.0 and serves generator.cc by tag", () => {
    const sources = valueOf(generators);
    expect(sources.tags[0]).toBe("v2.4.1");
    expect(sources.tags).toContain("v3.5.1");
    expect(sources.tags).toContain("v36.0");
    const generator = sources.read("v25.1", "src/google/protobuf/compiler/python/generator.cc");
    expect(generator).toContain("Protobuf Python Version");
    expect(sources.read("v25.1", "no/such/file")).toBeUndefined();
  });

  it("serves bytes whose git blob id is the one the index names", () => {
    const sources = valueOf(generators);
    for (const [tag, file] of [["v3.5.1", "src/google/protobuf/compiler/python/python_generator.cc"], ["v31.1", "version.json"]] as const) {
      const blob = sources.blob(tag, file);
      expect(blob).toMatch(/^[0-9a-f]{40}$/);
      const bytes = readFileSync(path.join(sharedDir(), "fixtures", "protobuf-python-generators", "blobs", blob ?? ""));
      expect(statSync(path.join(sharedDir(), "fixtures", "protobuf-python-generators", "blobs", blob ?? "")).isFile()).toBe(true);
      expect(gitBlobId(bytes)).toBe(blob);
      expect(sources.read(tag, file)).toBe(bytes.toString("utf8"));
    }
  });
});
