import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { requirement, skipUnless } from "@pyflink-devkit/reference-tools";
import { extensionSuffixMismatch, parseWheelFileNameTags, parseWheelFileTags, tagMismatch, type AuditTarget } from "../src/index.js";
import { pythonFor } from "./helpers.js";

const python311 = pythonFor("3.11");
const python310 = pythonFor("3.10");

const PYTHONS = ["cp311", "cp310", "cp312", "cp36", "py3", "py311", "py310", "py312", "py2", "pp311"];
const ABIS = ["cp311", "cp310", "cp312", "abi3", "none"];
const PLATFORMS = [
  "any",
  "linux_x86_64",
  "linux_aarch64",
  "manylinux1_x86_64",
  "manylinux2010_x86_64",
  "manylinux2014_x86_64",
  "manylinux_2_17_x86_64",
  "manylinux_2_28_x86_64",
  "manylinux_2_99_x86_64",
  "manylinux_2_17_aarch64",
  "musllinux_1_2_x86_64",
  "macosx_11_0_arm64",
  "win_amd64",
];

describe("wheel tags against the tags CPython 3.11's own pip accepts here (skipped: no python3.11)", skipUnless(requirement(python311 !== undefined, "python:3.11", "interpreter", "no python3.11 here (pyenv install 3.11)")), () => {
  it("accepts exactly the tags in packaging.tags.sys_tags() for this machine's glibc", () => {
    const script = [
      "import json, os",
      "from pip._vendor.packaging import tags",
      "print(json.dumps({'glibc': os.confstr('CS_GNU_LIBC_VERSION').split()[1], 'tags': [str(t) for t in tags.sys_tags()]}))",
    ].join("\n");
    const host = JSON.parse(execFileSync(python311 ?? "python3.11", ["-c", script], { encoding: "utf8" })) as { glibc: string; tags: string[] };
    const accepted = new Set(host.tags);
    const target: AuditTarget = { name: "host", arch: "x86_64", glibc: host.glibc, python: "3.11" };
    let checked = 0;
    const disagreements: string[] = [];
    for (const python of PYTHONS) {
      for (const abi of ABIS) {
        for (const platform of PLATFORMS) {
          const tag = `${python}-${abi}-${platform}`;
          const fits = tagMismatch({ python, abi, platform }, target) === undefined;
          if (fits !== accepted.has(tag)) disagreements.push(`${tag}: ours ${fits ? "fits" : "refuses"}, pip ${accepted.has(tag) ? "accepts" : "refuses"}`);
          checked++;
        }
      }
    }
    expect(disagreements).toEqual([]);
    expect(checked).toBe(PYTHONS.length * ABIS.length * PLATFORMS.length);
  });

  it("accepts CPython 3.11's own extension suffixes and refuses CPython 3.10's", () => {
    const suffixes = (python: string): string[] =>
      JSON.parse(execFileSync(python, ["-c", "import importlib.machinery as m, json; print(json.dumps(m.EXTENSION_SUFFIXES))"], { encoding: "utf8" })) as string[];
    const target: AuditTarget = { name: "msf-1.20", arch: "x86_64", glibc: "2.17", python: "3.11" };
    for (const suffix of suffixes(python311 ?? "python3.11")) expect(extensionSuffixMismatch(`_speedups${suffix}`, target)).toBeUndefined();
    if (python310 !== undefined) {
      const versioned = suffixes(python310).filter((suffix) => suffix.startsWith(".cpython-"));
      expect(versioned.length).toBeGreaterThan(0);
      for (const suffix of versioned) expect(extensionSuffixMismatch(`_speedups${suffix}`, target)).toMatch(/CPython 3\.10, the runtime has CPython 3\.11/);
    }
  });
});

describe("wheel metadata parsing", () => {
  it("reads Tag lines of a WHEEL file and expands compressed file-name tags", () => {
    const tags = parseWheelFileTags("Wheel-Version: 1.0\r\nGenerator: bdist_wheel (0.41.2)\r\nTag: py2-none-any\r\nTag: py3-none-any\r\n");
    expect(tags).toEqual([{ python: "py2", abi: "none", platform: "any" }, { python: "py3", abi: "none", platform: "any" }]);
    expect(parseWheelFileNameTags("six-1.16.0-py2.py3-none-any.whl")).toEqual(tags);
  });
});
