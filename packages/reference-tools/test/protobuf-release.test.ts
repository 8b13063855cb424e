// The libprotoc → protobuf Python table against protobuf's own version.json at every release tag
// (the shared protobuf-python-generators fixture), and against real protoc builds.
import { describe, expect, it } from "vitest";
import { parseLibprotocVersion, protobufGeneratorSources, protobufPythonForLibprotoc, skipUnless, valueOf } from "../src/index.js";

const sources = protobufGeneratorSources();

describe("protobufPythonForLibprotoc", () => {
  it("keeps 3.x numbers up to 3.20 and maps 3.21.x (the old prefix of 21.x) to 4.21.x", () => {
    expect(protobufPythonForLibprotoc("3.5.1")).toBe("3.5.1");
    expect(protobufPythonForLibprotoc("3.20.3")).toBe("3.20.3");
    expect(protobufPythonForLibprotoc("3.21.12")).toBe("4.21.12");
  });

  it("reads the version protoc prints", () => {
    expect(parseLibprotocVersion("libprotoc 31.1\n")).toBe("31.1");
    expect(parseLibprotocVersion("libprotoc 3.5.1")).toBe("3.5.1");
    expect(() => parseLibprotocVersion("protoc, who knows")).toThrow(/libprotoc X\.Y/);
  });

  it("refuses what is not a version", () => {
    expect(() => protobufPythonForLibprotoc("latest")).toThrow(/not X\.Y/);
  });

  describe("against version.json at every tag that has one", skipUnless(sources), () => {
    it("gives the python release version.json names for that tag's protoc", () => {
      const sourceFiles = valueOf(sources);
      const tags = sourceFiles.tags;
      let checked = 0;
      for (const tag of tags) {
        const text = sourceFiles.read(tag, "version.json");
        if (text === undefined) continue;
        const json = JSON.parse(text) as Record<string, { protoc_version?: string; languages?: { python?: string } }>;
        for (const line of Object.values(json)) {
          const protoc = line.protoc_version;
          const python = line.languages?.python;
          if (protoc === undefined || python === undefined || /-rc|-dev/.test(protoc) || /rc|dev/.test(python)) continue;
          expect(protobufPythonForLibprotoc(protoc), `${tag}: protoc ${protoc}`).toBe(python);
          checked++;
        }
      }
      expect(checked).toBeGreaterThan(50);
    });
  });
});
