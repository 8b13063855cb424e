// The legacy format table against the generator source of every release:
// each flag of LegacyFormat is checked against what python_generator.cc at
// the release tag actually prints, and releases whose generator source is the
// same must share a format. The sources come from the shared
// protobuf-python-generators fixture through @pyflink-devkit/reference-tools.

import { describe, expect, it } from "vitest";
import { protobufGeneratorSources, skipUnless, valueOf } from "@pyflink-devkit/reference-tools";
import { LEGACY_FORMATS, LEGACY_RELEASES, legacyFormatFor, type LegacyFormat } from "../src/legacy/index.js";

const GENERATOR = "src/google/protobuf/compiler/python/python_generator";
const generatorSources = protobufGeneratorSources();
const hasTags = generatorSources.ok;

function fileAt(tag: string, file: string): string {
  const text = valueOf(generatorSources).read(tag, file);
  if (text === undefined) throw new Error(`${file} is not in the fixture at ${tag}`);
  return text;
}

/** The Python keywords listed in the generator's kKeywords[]. */
function keywordsOf(source: string): string[] {
  const match = /kKeywords\[\]\s*=\s*\{([^}]*)\}/.exec(source);
  if (match === null) throw new Error("kKeywords[] not found");
  return [...(match[1] ?? "").matchAll(/"([^"]+)"/g)].map((m) => m[1] ?? "");
}

/** What the source says about each flag, by the text it prints. */
function formatFromSource(source: string): Omit<LegacyFormat, "releases"> {
  return {
    codingLine: source.includes('"# -*- coding: utf-8 -*-\\n"'),
    bytesHelper: source.includes("_b=sys.version_info[0]<3"),
    docstring: source.includes('\\"\\"\\"Generated protocol buffer code.\\"\\"\\"\\n'),
    importsDescriptorPb2: source.includes('"from google.protobuf import descriptor_pb2\\n"'),
    importsDescriptorPool: source.includes('"from google.protobuf import descriptor_pool as "'),
    options: source.includes('"_descriptor._ParseOptions("') ? "parse" : "serialized",
    createKey: source.includes("create_key=_descriptor._internal_create_key"),
    classBody: source.includes('"(_message.Message,), {\\n"') ? "dict-literal" : "dict-call",
    resolvesKeywords: source.includes("ResolveKeyword("),
    keywords: keywordsOf(source).sort(),
    layout: source.includes("AddSerializedFile(") ? "pool" : "descriptors",
    proto3Optional: source.includes("FEATURE_PROTO3_OPTIONAL"),
  };
}

describe("legacy format table vs python_generator.cc at each tag", skipUnless(generatorSources), () => {
  it("lists exactly the v3.5.0 … v3.19.x release tags", () => {
    const tags = valueOf(generatorSources)
      .tags.filter((t) => /^v3\.(\d+)\.\d+$/.test(t))
      .map((t) => t.slice(1))
      .filter((v) => {
        const minor = Number(v.split(".")[1]);
        return minor >= 5 && minor <= 19;
      });
    expect([...LEGACY_RELEASES].sort()).toEqual(tags.sort());
  });

  it("puts every release in exactly one format", () => {
    for (const release of LEGACY_RELEASES) {
      expect(LEGACY_FORMATS.filter((f) => f.releases.includes(release)), release).toHaveLength(1);
    }
  });

  const blobs = new Map<string, string>();
  for (const release of hasTags ? LEGACY_RELEASES : []) {
    it(`${release}: flags match the generator source`, () => {
      const tag = `v${release}`;
      const source = fileAt(tag, `${GENERATOR}.cc`);
      const format = legacyFormatFor(release);
      expect(format).toBeDefined();
      if (format === undefined) return;
      const { releases: _releases, ...flags } = format;
      expect({ ...flags, keywords: [...flags.keywords].sort() }).toEqual(formatFromSource(source));

      // Same generator source, same format.
      const blob = `${valueOf(generatorSources).blob(tag, `${GENERATOR}.cc`) ?? ""}${valueOf(generatorSources).blob(tag, `${GENERATOR}.h`) ?? ""}`;
      const first = blobs.get(blob);
      if (first === undefined) blobs.set(blob, release);
      else expect(legacyFormatFor(first), `${release} has the generator of ${first}`).toBe(format);
    });
  }
});
