// The release table against protobuf's own generator sources at every
// release tag (an independent source: upstream C++), read from the shared
// protobuf-python-generators fixture through @pyflink-devkit/reference-tools.

import { describe, expect, it } from "vitest";
import { protobufGeneratorSources, skipUnless, valueOf } from "@pyflink-devkit/reference-tools";
import { DEFAULT_PROTOBUF_PYTHON, SUPPORTED_PROTOBUF_PYTHON } from "../src/index.js";
import { RELEASES, findRelease, type BuilderRelease } from "../src/releases.js";

const generatorSources = protobufGeneratorSources();

function show(tag: string, file: string): string | undefined {
  return valueOf(generatorSources).read(tag, file);
}

function sources(tag: string): { py: string; pyi: string; helpers: string; versionJson: string | undefined } {
  const dir = "src/google/protobuf/compiler/python";
  const py = show(tag, `${dir}/generator.cc`) ?? show(tag, `${dir}/python_generator.cc`) ?? "";
  const pyi = show(tag, `${dir}/pyi_generator.cc`) ?? show(tag, `${dir}/python_pyi_generator.cc`) ?? "";
  const helpers = show(tag, `${dir}/helpers.cc`) ?? show(tag, `${dir}/python_helpers.cc`) ?? "";
  return { py, pyi, helpers, versionJson: show(tag, "version.json") };
}

describe("release table", () => {
  it("accepts the releases the product must reproduce", () => {
    for (const v of ["3.21.12", "4.21.12", "4.25.8", "5.29.5", "6.31.1", "7.35.1"]) {
      expect(SUPPORTED_PROTOBUF_PYTHON).toContain(v);
    }
    expect(findRelease(DEFAULT_PROTOBUF_PYTHON)?.family).toBe("builder");
    expect(findRelease("3.21.12")).toBe(findRelease("4.21.12"));
    expect(findRelease("3.19.6")?.family).toBe("legacy");
  });
});

const builders = RELEASES.filter((r): r is BuilderRelease => r.family === "builder");

describe(
  "release table against protobuf's generator sources",
  skipUnless(generatorSources),
  () => {
    for (const release of builders) {
      it(`${release.python} (tag v${release.protoc}) matches its generator.cc and pyi_generator.cc`, () => {
        const { py, pyi, helpers, versionJson } = sources(`v${release.protoc}`);
        expect(py, `tag v${release.protoc} exists`).not.toBe("");
        if (versionJson !== undefined && versionJson.includes('"python"')) {
          expect(versionJson).toContain(`"python": "${release.python}"`);
        }
        const f = release.py;
        expect(f.header === "runtime-version").toBe(py.includes("NO CHECKED-IN PROTOBUF"));
        expect(f.header !== "plain").toBe(py.includes("# Protobuf Python Version:"));
        const builderAt = py.search(/import builder as _builder\\n"/);
        const descriptorAt = py.search(/import descriptor as _descriptor\\n"/);
        expect(f.builderImportFirst).toBe(builderAt >= 0 && builderAt < descriptorAt);
        expect(f.globalsVariable).toBe(py.includes("_globals = globals()"));
        expect(f.globalsInSerializedOffsets).toBe(py.includes("_globals['$name$']._serialized_start"));
        expect(f.globalsInOptions).toBe(/descriptor_name\s*=\s*absl::StrCat\("_globals\['"/.test(py));
        expect(f.cDescriptorsGuard === "not").toBe(py.includes("if not _descriptor._USE_C_DESCRIPTORS:"));
        expect(f.optionsAttribute === "_loaded_options").toBe(py.includes("._loaded_options = None"));
        expect(f.registersExtensions).toBe(py.includes(".RegisterExtension("));
        expect(f.stripsSourceRetention).toBe(py.includes("StripSourceRetentionOptions"));
        expect(f.customOptionOrder === "field-number").toBe(py.includes("StripSourceRetentionOptions"));
        expect(f.keywords.has("print")).toBe(/"print"/.test(helpers));
        expect(f.descriptorProtoEnums === "all").toBe(py.includes("PrintAllEnumsInFile();"));
        expect(f.descriptorProtoOptions).toBe(!py.includes("|| GeneratingDescriptorProto()"));
        expect(f.descriptorProtoFeatures).toBe(py.includes("PrintResolvedFeatures();"));
        expect(f.descriptorProtoFeatures).toBe(py.includes("edition='$edition$'"));
        expect(f.descriptorProtoFeatures).toBe(!py.includes("\"syntax='$syntax$'\""));

        const y = release.pyi;
        expect(y.layout === "sorted").toBe(pyi.includes("SortByName"));
        expect(y.underscoreTyping).toBe(pyi.includes("ClassVar as _ClassVar"));
        expect(y.wellKnownBases).toBe(pyi.includes("_well_known_types"));
        expect(y.qualifiesShadowedNames).toBe(pyi.includes("name == containing_des.name()"));
        expect(y.importsForwardedDependencies).toBe(pyi.includes("dep->public_dependency(j)"));
        const slots =
          pyi.includes('Print("__slots__ = [') ? "list" : pyi.includes('items_printed == 1 ? ",)') ? "tuple" : "empty";
        expect(y.messageSlots).toBe(slots);
        expect(y.enumSlots).toBe(pyi.includes('"    __slots__ = []\\n"') ? "[]" : "()");
        expect(y.publicImportAs).toBe(pyi.includes("import $message_class$ as $message_class$"));
        expect(y.importlibForKeywords).toBe(pyi.includes("importlib.import_module"));
        expect(y.collectionsAbc).toBe(pyi.includes("from collections.abc import"));
        expect(y.selfArgument === "rename-self").toBe(pyi.includes("self_arg_name"));
        expect(y.datetimeInit).toBe(pyi.includes("ExtraInitTypes"));
        expect(y.datetimeImport).toBe(pyi.includes('"import datetime\\n'));
        expect(y.plainBoolInit).toBe(pyi.includes("cpp_type() != FieldDescriptor::CPPTYPE_BOOL"));
      });
    }
  },
);
