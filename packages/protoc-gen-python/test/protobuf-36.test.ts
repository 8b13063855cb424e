// protobuf v36.0 (Python 7.36.0): no grpcio-tools bundles it yet (1.85.1 ships libprotoc 35.1),
// so its support rests on upstream's generator sources at the v36.0 tag (the shared fixture):
// pyi_generator.cc and helpers.cc are v35.1's blobs, and generator.cc only moves the module-name
// prefix stripping into ImportModuleName. So 7.36.0 must write 7.35.1's files with 7.36.0's
// version lines, which is what this test checks on the whole corpus.

import path from "node:path";
import { fileURLToPath } from "node:url";
import { protobufGeneratorSources, requirement, skipUnless, valueOf } from "@pyflink-devkit/reference-tools";
import { describe, expect, it } from "vitest";
import { generatePython } from "../src/index.js";
import { bufAvailable, bufRequest } from "./support/buf-request.js";

const corpus = path.join(path.dirname(fileURLToPath(import.meta.url)), "corpus");
const sources = protobufGeneratorSources();
const PYTHON_DIR = "src/google/protobuf/compiler/python";

/** Lines only in one of two texts, trimmed, blank lines dropped. */
function changedLines(a: string, b: string): string[] {
  const left = new Set(a.split("\n").map((l) => l.trim()));
  const right = new Set(b.split("\n").map((l) => l.trim()));
  return [...[...left].filter((l) => !right.has(l)), ...[...right].filter((l) => !left.has(l))].filter((l) => l !== "");
}

describe("protobuf v36.0", skipUnless(sources), () => {
  it("upstream's v36.0 generators change no output of v35.1 (per the generator sources)", () => {
    const src = valueOf(sources);
    expect(src.tags).toContain("v36.0");
    for (const file of ["pyi_generator.cc", "helpers.cc"]) {
      expect(src.blob("v36.0", `${PYTHON_DIR}/${file}`), file).toBe(src.blob("v35.1", `${PYTHON_DIR}/${file}`));
    }
    const changed = changedLines(src.read("v35.1", `${PYTHON_DIR}/generator.cc`) ?? "", src.read("v36.0", `${PYTHON_DIR}/generator.cc`) ?? "");
    // Every changed line belongs to the ImportModuleName refactoring or absl → std::make_unique.
    const refactoring = /ImportModuleName|opensource_runtime_|kThirdPartyPrefix|module_name|make_unique|^[{}]$/u;
    expect(changed.length).toBeGreaterThan(0);
    expect(changed.filter((line) => !refactoring.test(line))).toEqual([]);
    expect(JSON.parse(src.read("v36.0", "version.json") ?? "{}")).toMatchObject({ "36.x": { languages: { python: "7.36.0" } } });
  });

  it("7.36.0 writes 7.35.1's files with its own version lines", skipUnless(requirement(bufAvailable, "npm:@bufbuild/buf", "npm", "buf is not installed (run ./tools/setup)")), () => {
    const files = ["imports/base.proto", "options/custom_options.proto", "options/usage.proto", "wkt/well_known.proto", "services/generic.proto", "newer/editions.proto"];
    const request = bufRequest({ root: corpus, files });
    const v35 = generatePython(request, { protobufPython: "7.35.1" });
    const v36 = generatePython(request, { protobufPython: "7.36.0" });
    expect(v36.map((f) => f.name)).toEqual(v35.map((f) => f.name));
    for (const [i, file] of v36.entries()) {
      const expected = (v35[i]?.content ?? "")
        .replace("# Protobuf Python Version: 7.35.1", "# Protobuf Python Version: 7.36.0")
        .replace(/(_runtime_version\.Domain\.PUBLIC,\n\s+)7,\n(\s+)35,\n(\s+)1,/u, "$17,\n$236,\n$30,");
      expect(file.content, file.name).toBe(expected);
    }
    expect(v36.find((f) => f.name.endsWith(".py"))?.content).toContain("# Protobuf Python Version: 7.36.0");
  });
});
