import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { skipUnless, systemTool, systemTools } from "@pyflink-devkit/reference-tools";
import { auditBundle, auditBytes, compareVersions, readElf, type AuditTarget } from "../src/index.js";
import { GETRANDOM_SOURCE, compileSharedLibrary, machOHeader, tempDir, zipWithInfoZip } from "./helpers.js";

const X86_OLD: AuditTarget = { name: "msf-1.20", arch: "x86_64", glibc: "2.17", python: "3.11" };
const X86_NEW: AuditTarget = { name: "self-managed", arch: "x86_64", glibc: "2.36", python: "3.11" };
const ARM: AuditTarget = { name: "vvr-11-arm", arch: "aarch64", glibc: "2.36", python: "3.11" };

/** The highest GLIBC_ version readelf lists under .gnu.version_r: the independent answer. */
function readelfHighestGlibc(file: string): string {
  const text = execFileSync("readelf", ["-V", "--wide", file], { encoding: "utf8" });
  const versions = [...text.matchAll(/Name: GLIBC_(\d+(?:\.\d+)*)/g)].map((match) => match[1] ?? "0");
  versions.sort(compareVersions);
  const highest = versions.at(-1);
  if (highest === undefined) throw new Error(`readelf lists no GLIBC_ version for ${file}`);
  return highest;
}

describe("ELF shared library built here with gcc (skipped: needs gcc and zip)", skipUnless(systemTools("gcc", "zip")), () => {
  const dir = tempDir();
  const lib = compileSharedLibrary(dir, "libfill.so", GETRANDOM_SOURCE);

  it("reads class, machine, DT_NEEDED and the highest GLIBC version as readelf does", skipUnless(systemTool("readelf")), () => {
    const elf = readElf(readFileSync(lib));
    const header = execFileSync("readelf", ["-h", lib], { encoding: "utf8" });
    expect(header).toMatch(/Class:\s+ELF64/);
    expect(elf.elfClass).toBe(64);
    expect(header).toMatch(/Machine:\s+Advanced Micro Devices X86-64/);
    expect(elf.machine).toBe(62);
    const dynamic = execFileSync("readelf", ["-d", lib], { encoding: "utf8" });
    const needed = [...dynamic.matchAll(/\(NEEDED\)\s+Shared library: \[([^\]]+)\]/g)].map((match) => match[1]);
    expect(elf.needed).toEqual(needed);
    const finding = auditBytes("libfill.so", readFileSync(lib), X86_NEW);
    expect(finding?.glibc).toBe(readelfHighestGlibc(lib));
    // getrandom() arrived in glibc 2.25, so the requirement cannot be lower than that.
    expect(compareVersions(finding?.glibc ?? "0", "2.25")).toBeGreaterThanOrEqual(0);
  });

  it("agrees with objdump -T on the versions needed from libc", skipUnless(systemTool("objdump")), () => {
    const text = execFileSync("objdump", ["-T", lib], { encoding: "utf8" });
    const fromObjdump = new Set([...text.matchAll(/\(?(GLIBC_\d+(?:\.\d+)*)\)?\s+\S+$/gm)].map((match) => match[1]));
    const elf = readElf(readFileSync(lib));
    const fromUs = new Set(elf.versionNeeds.flatMap((need) => need.versions).filter((name) => name.startsWith("GLIBC_")));
    expect(fromUs.size).toBeGreaterThan(0);
    expect(fromUs).toEqual(fromObjdump);
  });

  it("still finds the requirements when the section headers are stripped (the loader never reads them)", () => {
    const bytes = Buffer.from(readFileSync(lib));
    bytes.writeBigUInt64LE(0n, 40); // e_shoff
    bytes.writeUInt16LE(0, 60); // e_shnum
    bytes.writeUInt16LE(0, 62); // e_shstrndx
    expect(auditBytes("libfill.so", bytes, X86_NEW)?.glibc).toBe(auditBytes("libfill.so", readFileSync(lib), X86_NEW)?.glibc);
  });

  it("passes in a bundle for x86_64 and fails the same bundle for aarch64, naming both machines", async () => {
    const root = tempDir();
    mkdirSync(path.join(root, "deps", "fastlib"), { recursive: true });
    copyFileSync(lib, path.join(root, "deps", "fastlib", "_fill.cpython-311-x86_64-linux-gnu.so"));
    const bundle = path.join(root, "bundle.zip");
    zipWithInfoZip(root, bundle, ["-r", "deps"]);

    const ok = await auditBundle(bundle, X86_NEW);
    expect(ok.ok).toBe(true);
    expect(ok.findings.map((finding) => finding.path)).toEqual(["deps/fastlib/_fill.cpython-311-x86_64-linux-gnu.so"]);

    const arm = await auditBundle(bundle, ARM);
    expect(arm.ok).toBe(false);
    const problems = arm.findings.flatMap((finding) => finding.problems).join("\n");
    expect(problems).toContain("ELF64 x86_64; the runtime is aarch64");
    expect(problems).toContain("built for x86_64-linux-gnu, the runtime is aarch64-linux-gnu");
  });

  it("fails a glibc 2.17 runtime with the GLIBC symbol version readelf reports", async () => {
    const root = tempDir();
    copyFileSync(lib, path.join(root, "libfill.so"));
    const result = await auditBundle(root, X86_OLD);
    expect(result.ok).toBe(false);
    expect(result.findings[0]?.problems[0]).toContain(`needs GLIBC_${readelfHighestGlibc(lib)} (from libc.so.6); the runtime has glibc 2.17`);
  });

  it("reports a truncated ELF file as a problem of that file instead of crashing the audit", async () => {
    const root = tempDir();
    writeFileSync(path.join(root, "broken.so"), readFileSync(lib).subarray(0, 200));
    const result = await auditBundle(root, X86_NEW);
    expect(result.ok).toBe(false);
    expect(result.findings[0]?.problems[0]).toMatch(/broken\.so: .*truncated or corrupt|not mapped/);
  });
});

describe("foreign binaries and wheel metadata (skipped: needs zip)", skipUnless(systemTool("zip")), () => {
  it("rejects a macOS .so (Mach-O) inside a bundle zip, whatever its name says", async () => {
    const root = tempDir();
    mkdirSync(path.join(root, "deps", "simplejson"), { recursive: true });
    writeFileSync(path.join(root, "deps", "simplejson", "_speedups.cpython-311-x86_64-linux-gnu.so"), machOHeader());
    writeFileSync(path.join(root, "main.py"), "print('job')\n");
    const bundle = path.join(root, "job.zip");
    zipWithInfoZip(root, bundle, ["-r", "deps", "main.py"]);
    const result = await auditBundle(bundle, X86_NEW);
    expect(result.ok).toBe(false);
    expect(result.findings).toHaveLength(1);
    expect(result.findings[0]?.kind).toBe("mach-o");
    expect(result.findings[0]?.problems[0]).toContain("macOS Mach-O arm64");
  });

  it("looks inside a wheel shipped in the bundle and rejects its tags for another CPython", async () => {
    const root = tempDir();
    const wheelRoot = path.join(root, "wheel");
    mkdirSync(path.join(wheelRoot, "fastjson-1.0.dist-info"), { recursive: true });
    writeFileSync(path.join(wheelRoot, "fastjson-1.0.dist-info", "WHEEL"), "Wheel-Version: 1.0\nRoot-Is-Purelib: false\nTag: cp312-cp312-manylinux_2_17_x86_64\nTag: cp312-cp312-manylinux2014_x86_64\n");
    writeFileSync(path.join(wheelRoot, "fastjson.py"), "");
    const wheel = path.join(root, "fastjson-1.0-cp312-cp312-manylinux_2_17_x86_64.whl");
    zipWithInfoZip(wheelRoot, wheel, ["-r", "."]);
    const bundle = path.join(root, "job.zip");
    zipWithInfoZip(root, bundle, [path.basename(wheel)]);
    const result = await auditBundle(bundle, X86_NEW);
    expect(result.ok).toBe(false);
    expect(result.findings[0]?.path).toBe("fastjson-1.0-cp312-cp312-manylinux_2_17_x86_64.whl!fastjson-1.0.dist-info/WHEEL");
    expect(result.findings[0]?.problems[0]).toContain("built for CPython 3.12 (ABI cp312), the runtime has CPython 3.11");
  });

  it("does not mistake a Java class file (also 0xCAFEBABE) for a universal Mach-O binary", skipUnless(systemTool("javac")), async () => {
    const root = tempDir();
    writeFileSync(path.join(root, "Hello.java"), "public class Hello {}\n");
    execFileSync("javac", ["-d", root, path.join(root, "Hello.java")]);
    const result = await auditBundle(root, X86_NEW);
    expect(result.findings).toEqual([]);
    expect(result.filesScanned).toBe(2);
  });
});

describe("Windows binaries", () => {
  it("rejects a PE file (MZ header pointing at a PE signature), whatever it is called", () => {
    const pe = Buffer.alloc(512);
    pe.write("MZ", 0, "latin1");
    pe.writeUInt32LE(0x80, 0x3c);
    pe.write("PE\0\0", 0x80, "latin1");
    pe.writeUInt16LE(0x8664, 0x84);
    const finding = auditBytes("_speedups.so", pe, X86_NEW);
    expect(finding?.kind).toBe("pe");
    expect(finding?.problems[0]).toContain("Windows PE x86_64");
  });

  it("leaves a text file that merely starts with MZ alone", () => {
    expect(auditBytes("notes.txt", Buffer.from("MZ is a fine way to start a sentence, and nothing more.\n".repeat(3)), X86_NEW)).toBeUndefined();
  });
});

describe("C++ libraries (skipped: needs g++ and readelf)", skipUnless(systemTools("g++", "readelf")), () => {
  it("shows the highest GLIBCXX version readelf lists, next to the GLIBC one", () => {
    const dir = tempDir();
    const source = path.join(dir, "vec.cpp");
    writeFileSync(source, '#include <string>\n#include <vector>\nextern "C" int count(const char *s) { std::vector<std::string> v; v.emplace_back(s); return (int) v.back().size(); }\n');
    const lib = path.join(dir, "libvec.so");
    execFileSync("g++", ["-shared", "-fPIC", "-o", lib, source]);
    const text = execFileSync("readelf", ["-V", "--wide", lib], { encoding: "utf8" });
    const versions = [...text.matchAll(/Name: GLIBCXX_(\d+(?:\.\d+)*)/g)].map((match) => match[1] ?? "0");
    versions.sort(compareVersions);
    const finding = auditBytes("libvec.so", readFileSync(lib), X86_NEW);
    expect(versions.length).toBeGreaterThan(0);
    expect(finding?.summary).toContain(`GLIBCXX_${versions.at(-1) ?? ""}`);
  });
});
