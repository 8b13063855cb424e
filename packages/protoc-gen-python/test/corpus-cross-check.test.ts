// Live cross-checks: the corpus in test/corpus compiled by real protoc
// releases, compared file by file with buf → our plugin for the same release.

import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { generatePython } from "../src/index.js";
import { releaseForLibprotoc } from "../src/releases.js";
import { skipUnless, type Reference } from "@pyflink-devkit/reference-tools";
import { bufAvailable, bufRef, bufRequest } from "./support/buf-request.js";
import { grpcToolsProtoc, systemProtoc, type ReferenceProtoc } from "./support/reference-protoc.js";

const corpus = path.join(path.dirname(fileURLToPath(import.meta.url)), "corpus");

function protoFiles(dir: string, prefix = ""): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const rel = prefix === "" ? name : `${prefix}/${name}`;
    if (statSync(path.join(dir, name)).isDirectory()) out.push(...protoFiles(path.join(dir, name), rel));
    else if (name.endsWith(".proto")) out.push(rel);
  }
  return out;
}

// Files under newer/ need a newer protoc than 3.21 (option retention, editions).
const NEEDS_22: (file: string) => boolean = (file) => file.startsWith("newer/");

interface Tool {
  readonly label: string;
  readonly find: () => Reference<ReferenceProtoc> | Promise<Reference<ReferenceProtoc>>;
  readonly files: (all: readonly string[], libprotoc: string) => string[];
}

const tools: readonly Tool[] = [
  {
    label: "protoc on PATH (Debian 3.21.12)",
    find: systemProtoc,
    files: (all, v) => (v.startsWith("3.") ? all.filter((f) => !NEEDS_22(f)) : [...all]),
  },
  { label: "grpc_tools.protoc from pip", find: () => grpcToolsProtoc(), files: (all) => [...all] },
];

const allFiles = protoFiles(corpus);

for (const tool of tools) {
  const found = await tool.find();
  const reference = bufAvailable && found.ok ? found.value : undefined;
  describe(`cross-check with ${tool.label}`, skipUnless(bufRef, found), () => {
    if (reference === undefined) return;
    const release = releaseForLibprotoc(reference.libprotoc);
    const files = tool.files(allFiles, reference.libprotoc);
    const expected = reference.generate(corpus, files);
    const version = release?.python ?? reference.libprotoc;
    const ours = new Map(
      release === undefined
        ? []
        : generatePython(bufRequest({ root: corpus, files }), { protobufPython: version }).map((f) => [f.name, f.content]),
    );

    it(`knows ${reference.describe} as a supported release`, () => {
      expect(release?.family).toBe("builder");
    });

    it("writes the same set of files", () => {
      expect([...ours.keys()].sort()).toEqual([...expected.keys()].sort());
    });

    for (const name of [...expected.keys()].sort()) {
      it(`${name} is byte-identical (protobuf ${version})`, () => {
        expect(ours.get(name)).toBe(expected.get(name));
      });
    }
  });
}
