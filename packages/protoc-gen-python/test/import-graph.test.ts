// No crash on real-world import graphs: imports of imports in any order, many files in one
// run, and what a release cannot write reported as a PythonGeneratorError at its source
// position. Byte equality of these files with the real tools is checked by the live tests
// (test/legacy-corpus is part of their corpus).

import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { generatePython, PythonGeneratorError } from "../src/index.js";
import { LEGACY_FORMATS } from "../src/legacy/index.js";
import { bufAvailable, bufRequest } from "./support/buf-request.js";
import { requirement, skipUnless } from "@pyflink-devkit/reference-tools";

const here = path.dirname(fileURLToPath(import.meta.url));
const legacyCorpus = path.join(here, "legacy-corpus");
const graphFiles = ["graph/behavior.proto", "graph/middle.proto", "graph/status.proto", "graph/top.proto"];
const allFiles = [...graphFiles, "legacy/base.proto", "legacy/extras.proto", "legacy/kitchen_sink.proto", "legacy/names-with-dash.proto", "legacy/options.proto", "legacy/proto3_all.proto", "legacy/public.proto", "nopackage.proto"];
/** The newest release of every legacy format, and builder-style releases around the era changes. */
const releases = [...LEGACY_FORMATS.map((f) => f.releases[f.releases.length - 1] ?? ""), "3.20.3", "4.21.12", "4.25.1", "6.31.1"];

const work = mkdtempSync(path.join(tmpdir(), "import-graph-"));
afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

function messageOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(PythonGeneratorError);
    return error instanceof Error ? error.message : "";
  }
  throw new Error("expected a PythonGeneratorError");
}

describe("import graphs", skipUnless(requirement(bufAvailable, "npm:@bufbuild/buf", "npm", "buf is not installed (run ./tools/setup)")), () => {
  let compiled: ReturnType<typeof bufRequest> | undefined;
  const manyFiles = () => (compiled ??= bufRequest({ root: legacyCorpus, files: allFiles }));
  for (const release of releases) {
    it(`${release}: every file of a many-file run with imports of imports is generated`, () => {
      const names = generatePython(manyFiles(), { protobufPython: release, pyi: false }).map((f) => f.name);
      expect(names.sort()).toEqual(allFiles.map((f) => f.replace(/\.proto$/, "").replaceAll("-", "_") + "_pb2.py").sort());
    });
  }

  it("the target's custom option resolves through a graph whose imports are met twice", () => {
    const files = generatePython(bufRequest({ root: legacyCorpus, files: ["graph/top.proto"] }), { protobufPython: "3.5.1" });
    const top = files.find((f) => f.name === "graph/top_pb2.py")?.content ?? "";
    // behavior = 50101 is field 50101 of FieldOptions: tag (50101 << 3 | 0) as a varint.
    const tag = (50101 << 3) | 0;
    const varint = [0x80 | (tag & 0x7f), 0x80 | ((tag >> 7) & 0x7f), tag >> 14];
    expect(top).toContain("from graph import behavior_pb2 as graph_dot_behavior__pb2");
    // 3.5.1 writes option bytes as octal escapes; OUTPUT_ONLY is 2.
    expect(top).toContain(`_b('${varint.map((b) => `\\${b.toString(8).padStart(3, "0")}`).join("")}\\002')`);
  });

  describe("what a release cannot write", () => {
    const root = path.join(work, "optional");
    mkdirSync(path.join(root, "o"), { recursive: true });
    const optionalProto = 'syntax = "proto3";\n\npackage o;\n\nmessage M {\n  message Inner {\n    int32 a = 1;\n      optional string b = 2;\n  }\n  Inner inner = 1;\n}\n';
    writeFileSync(path.join(root, "o", "optional.proto"), optionalProto);
    writeFileSync(path.join(root, "o", "plain.proto"), 'syntax = "proto3";\n\npackage o;\n\nmessage P {\n  int32 a = 1;\n}\n');

    it("a proto3 optional field under 3.11 is an error at its line and column, as protoc refuses it", () => {
      const lines = readFileSync(path.join(root, "o", "optional.proto"), "utf8").split("\n");
      const line = lines.findIndex((l) => l.includes("optional string b")) + 1;
      const column = (lines[line - 1] ?? "").indexOf("optional") + 1;
      const message = messageOf(() => generatePython(bufRequest({ root, files: ["o/optional.proto"] }), { protobufPython: "3.11.0" }));
      expect(message).toContain(`o/optional.proto:${line}:${column}: field b is a proto3 optional field`);
      expect(message).toContain("3.12.0 or newer");
    });

    it("in a many-file run the error names the failing file, and nothing is returned", () => {
      const request = bufRequest({ root, files: ["o/plain.proto", "o/optional.proto"] });
      expect(messageOf(() => generatePython(request, { protobufPython: "3.5.1" }))).toMatch(/^o\/optional\.proto:\d+:\d+: /);
      // 3.12 supports it: both files.
      expect(generatePython(request, { protobufPython: "3.12.4" }).map((f) => f.name)).toEqual(["o/plain_pb2.py", "o/optional_pb2.py"]);
    });
  });
});
