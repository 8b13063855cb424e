// The well-known types themselves: each reference protoc compiles its own
// bundled google/protobuf/*.proto; buf compiles a copy of the very same files
// (buf prefers local files over its built-in WKTs), and our output for that
// release must be byte-identical.

import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { generatePython } from "../src/index.js";
import { releaseForLibprotoc } from "../src/releases.js";
import { requirement, skipUnless, type Reference } from "@pyflink-devkit/reference-tools";
import { bufAvailable, bufRef, bufRequest } from "./support/buf-request.js";
import { grpcToolsProtoc, systemProtoc, type ReferenceProtoc } from "./support/reference-protoc.js";

// Nothing skipped: descriptor.proto itself included (protoc spells its descriptors out).
const SKIP = new Set<string>();

const tools: readonly [string, () => Reference<ReferenceProtoc> | Promise<Reference<ReferenceProtoc>>][] = [
  ["protoc on PATH (Debian 3.21.12)", systemProtoc],
  ["grpc_tools.protoc from pip", () => grpcToolsProtoc()],
];
const temps: string[] = [];
afterAll(() => {
  for (const t of temps) rmSync(t, { recursive: true, force: true });
});

for (const [label, find] of tools) {
  const found = await find();
  const reference = bufAvailable && found.ok ? found.value : undefined;
  const include = reference?.includeDir;
  const ready = reference !== undefined && include !== undefined && existsSync(path.join(include, "google", "protobuf"));
  const includeRef = requirement(!found.ok || ready, `include:${label}`, "debian", `${label} has no include directory with google/protobuf/*.proto (Debian: apt-get install libprotobuf-dev)`);
  describe(
    `well-known types with ${label}`,
    skipUnless(bufRef, found, includeRef),
    () => {
      if (reference === undefined || include === undefined) return;
      const root = mkdtempSync(path.join(tmpdir(), "protoc-gen-python-wkt-"));
      temps.push(root);
      cpSync(path.join(include, "google", "protobuf"), path.join(root, "google", "protobuf"), {
        recursive: true,
        // Directories and .proto files only (Debian's include dir also holds the C++ headers).
        filter: (src) => statSync(src).isDirectory() || src.endsWith(".proto"),
      });
      const files = readdirSync(path.join(root, "google", "protobuf"))
        .filter((f) => f.endsWith(".proto"))
        .map((f) => `google/protobuf/${f}`)
        .filter((f) => !SKIP.has(f))
        .sort();
      const release = releaseForLibprotoc(reference.libprotoc);
      const version = release?.python ?? reference.libprotoc;
      const expected = reference.generate(root, files);
      const ours = new Map(
        generatePython(bufRequest({ root, files }), { protobufPython: version }).map((f) => [f.name, f.content]),
      );
      it("writes the same set of files", () => {
        expect([...ours.keys()].sort()).toEqual([...expected.keys()].sort());
      });
      for (const name of [...expected.keys()].sort()) {
        it(`${name} is byte-identical (protobuf ${version})`, () => {
          expect(ours.get(name)).toBe(expected.get(name));
        });
      }
    },
  );
}
