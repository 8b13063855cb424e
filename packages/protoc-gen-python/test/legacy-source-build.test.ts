// Cross-check of every legacy release we have no binary for (3.6 … 3.19):
// the release's own python_generator.cc (from a protobuf git checkout, at its
// tag) is compiled with g++ against Debian's libprotoc 3.21.12 into a small
// protoc whose --python_out is that generator, and its output must equal ours.
//
// The generator code is the release's; parsing and descriptor serialization
// are libprotoc 3.21.12's. For 3.5.1 this oracle writes exactly what the real
// grpc_tools 1.14.1 writes over the whole corpus (checked below, when
// grpc_tools is installed), so the runtime does not leak into the output.
//
// Needs: a protobuf checkout (PROTOBUF_GIT_DIR, or <repo>/../.mirror/
// protocolbuffers+protobuf/repo), git, g++ and libprotoc-dev. Built
// generators are cached under node_modules/.cache, keyed by their source.

import { execFileSync, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { create, createFileRegistry, type DescFile } from "@bufbuild/protobuf";
import { FileDescriptorSetSchema } from "@bufbuild/protobuf/wkt";
import { afterAll, describe, expect, it } from "vitest";
import { generateLegacyPython, LEGACY_RELEASES } from "../src/legacy/index.js";
import { bufAvailable, bufRequest } from "./support/buf-request.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const packageDir = path.resolve(here, "..");
const repoRoot = path.resolve(packageDir, "../..");
const protobufGit =
  process.env.PROTOBUF_GIT_DIR ?? path.resolve(repoRoot, "../.mirror/protocolbuffers+protobuf/repo");
const GENERATOR = "src/google/protobuf/compiler/python/python_generator";
const LIBPROTOC_HEADER = "/usr/include/google/protobuf/compiler/command_line_interface.h";
const WKT_INCLUDE = "/usr/include";

function commandWorks(command: string, args: readonly string[]): boolean {
  return spawnSync(command, args, { stdio: "ignore" }).status === 0;
}

const skipReason = !existsSync(protobufGit)
  ? `no protobuf git checkout at ${protobufGit} (set PROTOBUF_GIT_DIR to a clone of protocolbuffers/protobuf with its release tags)`
  : !commandWorks("git", ["-C", protobufGit, "rev-parse", "v3.5.1"])
    ? `${protobufGit} has no tag v3.5.1 (fetch the release tags)`
    : !commandWorks("g++", ["--version"])
      ? "g++ is not installed (apt-get install g++)"
      : !existsSync(LIBPROTOC_HEADER)
        ? "libprotoc headers are missing (apt-get install libprotoc-dev)"
        : !bufAvailable
          ? "buf is not installed (pnpm install in packages/protoc-gen-python)"
          : undefined;
if (skipReason !== undefined) console.warn(`legacy source-built generator check skipped: ${skipReason}`);

// The old generators use a few helpers that libprotoc 3.21 no longer ships
// headers for (or spells differently); these stand-ins have the same behaviour.
const COMPAT: Readonly<Record<string, string>> = {
  "prelude.h": `#pragma once
#include <memory>
#include <string>
namespace google { namespace protobuf {
using std::string;
template <class T> using scoped_ptr = std::unique_ptr<T>;
}}
`,
  "google/protobuf/stubs/stringprintf.h": `#pragma once
#include <cstdarg>
#include <cstdio>
#include <string>
namespace google { namespace protobuf {
inline std::string StringPrintf(const char* format, ...) {
  char buf[4096];
  va_list ap; va_start(ap, format); vsnprintf(buf, sizeof buf, format, ap); va_end(ap);
  return buf;
}
}}
`,
  "google/protobuf/stubs/substitute.h": `#pragma once
#include <string>
namespace google { namespace protobuf { namespace strings {
inline std::string Substitute(const std::string& f, const std::string& a0 = "", const std::string& a1 = "", const std::string& a2 = "") {
  const std::string* a[] = {&a0, &a1, &a2};
  std::string out;
  for (size_t i = 0; i < f.size(); ++i) {
    if (f[i] == '$' && i + 1 < f.size() && f[i + 1] >= '0' && f[i + 1] <= '2') { out += *a[f[i + 1] - '0']; ++i; }
    else out += f[i];
  }
  return out;
}
}}}
`,
  "google/protobuf/stubs/shared_ptr.h": "#pragma once\n",
  "main.cc": `#include <google/protobuf/compiler/command_line_interface.h>
#include <google/protobuf/compiler/python/python_generator.h>
int main(int argc, char* argv[]) {
  google::protobuf::compiler::CommandLineInterface cli;
  google::protobuf::compiler::python::Generator generator;
  cli.RegisterGenerator("--python_out", &generator, "python generator of one protobuf release");
  return cli.Run(argc, argv);
}
`,
};

function gitShow(tag: string, file: string): string {
  return execFileSync("git", ["-C", protobufGit, "show", `${tag}:${file}`], { encoding: "utf8", maxBuffer: 16 * 1024 * 1024 });
}

function gitBlob(tag: string, file: string): string {
  return execFileSync("git", ["-C", protobufGit, "rev-parse", `${tag}:${file}`], { encoding: "utf8" }).trim();
}

const cacheDir = path.join(packageDir, "node_modules", ".cache", "pyflink-devkit", "legacy-generators");

/** Builds (or reuses) a protoc whose --python_out is the python generator of `tag`. */
function buildGenerator(tag: string): string {
  const header = gitShow(tag, `${GENERATOR}.h`);
  const source = gitShow(tag, `${GENERATOR}.cc`);
  const key = createHash("sha256").update(header).update(source).update(JSON.stringify(COMPAT)).digest("hex").slice(0, 16);
  const dir = path.join(cacheDir, `${tag}-${key}`);
  const binary = path.join(dir, "protoc-python");
  if (existsSync(binary)) return binary;
  mkdirSync(cacheDir, { recursive: true });
  const build = mkdtempSync(path.join(cacheDir, `.build-${tag}-`));
  for (const [name, text] of Object.entries(COMPAT)) {
    mkdirSync(path.dirname(path.join(build, "compat", name)), { recursive: true });
    writeFileSync(path.join(build, "compat", name), text);
  }
  mkdirSync(path.join(build, "src", "google/protobuf/compiler/python"), { recursive: true });
  writeFileSync(path.join(build, "src", "google/protobuf/compiler/python/python_generator.h"), header);
  writeFileSync(path.join(build, "src", "generator.cc"), source);
  const args = [
    "-O0", "-std=c++14",
    "-include", path.join(build, "compat", "prelude.h"),
    // Keeps the old Generator apart from libprotoc's own python::Generator.
    "-Dpython=legacy_release_python",
    `-I${path.join(build, "src")}`, `-I${path.join(build, "compat")}`,
    "-o", path.join(build, "protoc-python"),
    path.join(build, "src", "generator.cc"), path.join(build, "compat", "main.cc"),
    "-lprotoc", "-lprotobuf", "-lpthread",
  ];
  const result = spawnSync("g++", args, { encoding: "utf8" });
  if (result.status !== 0) {
    throw new Error(`g++ ${args.join(" ")} failed (exit ${String(result.status)}):\n${result.stderr}`);
  }
  rmSync(dir, { recursive: true, force: true });
  renameSync(build, dir);
  return binary;
}

/** One release per distinct generator source: the newest release that has it. */
function releasesWithDistinctGenerators(): string[] {
  const byBlob = new Map<string, string>();
  for (const release of LEGACY_RELEASES) {
    const tag = `v${release}`;
    byBlob.set(`${gitBlob(tag, `${GENERATOR}.cc`)}:${gitBlob(tag, `${GENERATOR}.h`)}`, release);
  }
  return [...byBlob.values()];
}

function protoFiles(root: string, dir = ""): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(path.join(root, dir)).sort()) {
    const rel = dir === "" ? entry : `${dir}/${entry}`;
    if (statSync(path.join(root, rel)).isDirectory()) out.push(...protoFiles(root, rel));
    else if (entry.endsWith(".proto")) out.push(rel);
  }
  return out;
}

const work = mkdtempSync(path.join(tmpdir(), "legacy-source-build-"));
afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

interface CorpusFile {
  readonly root: string;
  readonly file: string;
  /** Where the imports of `file` that are not under root (the WKTs) come from. */
  readonly include: string;
  readonly label: string;
  /** The shared corpus has proto3 `optional` and editions, which older releases reject. */
  readonly mayBeRejected: boolean;
}

function corpus(): CorpusFile[] {
  const files: CorpusFile[] = [];
  const legacy = path.join(here, "legacy-corpus");
  for (const file of protoFiles(legacy)) files.push({ root: legacy, file, include: WKT_INCLUDE, label: `legacy-corpus/${file}`, mayBeRejected: false });
  const shared = path.join(here, "corpus");
  if (existsSync(shared)) {
    for (const file of protoFiles(shared)) files.push({ root: shared, file, include: WKT_INCLUDE, label: `corpus/${file}`, mayBeRejected: true });
  }
  const flink = path.resolve(repoRoot, "../shared/fixtures/flink-upstream");
  if (existsSync(flink)) {
    for (const commit of readdirSync(flink).sort()) {
      if (existsSync(path.join(flink, commit, "flink-fn-execution.proto"))) {
        const root = path.join(flink, commit);
        files.push({
          root,
          file: "flink-fn-execution.proto",
          include: WKT_INCLUDE,
          label: `flink-upstream/${commit}`,
          mayBeRejected: false,
        });
      }
    }
  }
  // The well-known types and descriptor.proto, as libprotoc 3.21.12 ships them; buf compiles the same text.
  const wkt = path.join(work, "wkt");
  cpSync(path.join(WKT_INCLUDE, "google", "protobuf"), path.join(wkt, "google", "protobuf"), {
    recursive: true,
    filter: (src) => statSync(src).isDirectory() ? !src.endsWith(`${path.sep}compiler`) : src.endsWith(".proto"),
  });
  for (const file of protoFiles(wkt)) files.push({ root: wkt, file, include: wkt, label: file, mayBeRejected: false });
  return files;
}

// One buf run per corpus root: a file's output does not depend on which other
// files the request generates.
const rootFiles = new Map<string, Map<string, DescFile>>();
function descOf(entry: CorpusFile, entries: readonly CorpusFile[]): DescFile {
  let files = rootFiles.get(entry.root);
  if (files === undefined) {
    const names = entries.filter((e) => e.root === entry.root).map((e) => e.file);
    const request = bufRequest({ root: entry.root, files: names });
    const registry = createFileRegistry(create(FileDescriptorSetSchema, { file: request.protoFile }));
    files = new Map();
    for (const name of names) {
      const desc = registry.getFile(name);
      if (desc !== undefined) files.set(name, desc);
    }
    rootFiles.set(entry.root, files);
  }
  const desc = files.get(entry.file);
  if (desc === undefined) throw new Error(`buf did not return ${entry.file}`);
  return desc;
}

function ourOutput(entry: CorpusFile, release: string, entries: readonly CorpusFile[]): string {
  return generateLegacyPython(descOf(entry, entries), release);
}

interface OracleOutput {
  readonly ok: boolean;
  readonly stderr: string;
  readonly content: string;
}

function pb2Path(file: string): string {
  return file.replace(/\.proto$/, "").replaceAll("-", "_") + "_pb2.py";
}

function runOracle(binary: string, root: string, include: string, files: readonly string[]): { ok: boolean; stderr: string; out: string } {
  const out = mkdtempSync(path.join(work, "out-"));
  const result = spawnSync(binary, [`-I${root}`, `-I${include}`, `--python_out=${out}`, ...files.map((f) => path.join(root, f))], {
    encoding: "utf8",
  });
  return { ok: result.status === 0, stderr: result.stderr, out };
}

// protoc runs once per release and root for all of its files; only when one
// of them is rejected does every file get a run of its own.
const oracleBatches = new Map<string, { ok: boolean; out: string }>();
function oracleOutput(binary: string, entry: CorpusFile, entries: readonly CorpusFile[]): OracleOutput {
  const key = `${binary}|${entry.root}|${entry.include}`;
  let batch = oracleBatches.get(key);
  if (batch === undefined) {
    const files = entries.filter((e) => e.root === entry.root && e.include === entry.include).map((e) => e.file);
    batch = runOracle(binary, entry.root, entry.include, files);
    oracleBatches.set(key, batch);
  }
  const single = batch.ok ? { ok: true, stderr: "", out: batch.out } : runOracle(binary, entry.root, entry.include, [entry.file]);
  const generated = path.join(single.out, pb2Path(entry.file));
  return {
    ok: single.ok && existsSync(generated),
    stderr: single.stderr,
    content: existsSync(generated) ? readFileSync(generated, "utf8") : "",
  };
}

describe.skipIf(skipReason !== undefined)("legacy output equals each release's own python_generator.cc", () => {
  const releases = skipReason === undefined ? releasesWithDistinctGenerators() : [];
  const entries = skipReason === undefined ? corpus() : [];

  it("covers every distinct legacy generator", () => {
    expect(releases).toContain("3.5.2");
    expect(releases).toContain("3.19.6");
    expect(releases.length).toBeGreaterThanOrEqual(10);
  });

  // The oracle itself: built from v3.5.1, it must write what the real
  // grpc_tools 1.14.1 (libprotoc 3.5.1) writes.
  const grpcTools = spawnSync("/usr/bin/python3", ["-c", "import grpc_tools, os; print(os.path.dirname(grpc_tools.__file__))"], {
    encoding: "utf8",
  });
  describe.skipIf(grpcTools.status !== 0)("the v3.5.1 oracle writes what grpc_tools 1.14.1 writes", () => {
    for (const entry of entries.filter((e) => !e.mayBeRejected && e.include === WKT_INCLUDE)) {
      it(entry.label, () => {
        const oracle = oracleOutput(buildGenerator("v3.5.1"), entry, entries);
        const out = mkdtempSync(path.join(work, "grpc-tools-"));
        const include = path.join(grpcTools.stdout.trim(), "_proto");
        const real = spawnSync(
          "/usr/bin/python3",
          ["-m", "grpc_tools.protoc", `-I${entry.root}`, `-I${include}`, `--python_out=${out}`, path.join(entry.root, entry.file)],
          { encoding: "utf8" },
        );
        expect(real.status, real.stderr).toBe(0);
        const generated = path.join(out, pb2Path(entry.file));
        expect(oracle.content).toBe(readFileSync(generated, "utf8"));
      });
    }
  });

  for (const release of releases) {
    describe(release, () => {
      for (const entry of entries) {
        it(entry.label, ({ skip }) => {
          const binary = buildGenerator(`v${release}`);
          const oracle = oracleOutput(binary, entry, entries);
          if (!oracle.ok && oracle.stderr.includes("contains optional fields")) {
            // protoc refuses proto3 `optional` for generators before 3.12; so do we.
            expect(() => ourOutput(entry, release, entries)).toThrow(/optional fields/);
            return;
          }
          if (!oracle.ok && descOf(entry, entries).proto.syntax === "editions") {
            // No legacy release knows editions; we refuse the file as well.
            expect(() => ourOutput(entry, release, entries)).toThrow(/syntax "editions"/);
            return;
          }
          if (!oracle.ok && entry.mayBeRejected) {
            // e.g. proto3 `optional` before 3.12, or editions: that release cannot compile it.
            skip(`the ${release} generator rejects it: ${oracle.stderr.trim().split("\n")[0] ?? ""}`);
          }
          expect(oracle.ok, oracle.stderr).toBe(true);
          expect(ourOutput(entry, release, entries)).toBe(oracle.content);
        });
      }
    });
  }
});
