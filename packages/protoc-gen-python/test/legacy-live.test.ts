// Live cross-check of the legacy generator against the real legacy tool:
// Debian's python3-grpc-tools 1.14.1 (libprotoc 3.5.1, what grpcio-tools
// <= 1.14.2 and PyFlink until 2022 wrote). Every .proto of the corpus goes
// through both `python3 -m grpc_tools.protoc --python_out` and buf -> our
// generator, and the two `_pb2.py` must be byte-identical.

import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createFileRegistry } from "@bufbuild/protobuf";
import { FileDescriptorSetSchema } from "@bufbuild/protobuf/wkt";
import { create } from "@bufbuild/protobuf";
import { afterAll, describe, expect, it } from "vitest";
import { grpcioTools, missing, skipNowUnless, skipUnless } from "@pyflink-devkit/reference-tools";
import { generateLegacyPython } from "../src/legacy/index.js";
import { bufRef, bufRequest } from "./support/buf-request.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const legacyCorpus = path.join(here, "legacy-corpus");
const sharedCorpus = path.join(here, "corpus");

// grpcio-tools 1.14.2 from PyPI: libprotoc 3.5.1, the same protoc as the seed's 1.14.1.
const grpc = await grpcioTools("1.14.2");
const PYTHON = grpc.ok ? grpc.value.env.python : "python3";
const probe = spawnSync(PYTHON, ["-c", "import grpc_tools, os; print(os.path.dirname(grpc_tools.__file__))"], {
  encoding: "utf8",
});
const grpcToolsDir = probe.status === 0 ? probe.stdout.trim() : undefined;
/** grpc_tools bundles the well-known types of its protobuf release here, and passes it to protoc itself only via this -I. */
const grpcToolsInclude = grpcToolsDir === undefined ? undefined : path.join(grpcToolsDir, "_proto");

const work = mkdtempSync(path.join(tmpdir(), "legacy-live-"));
afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

function protoFiles(root: string, dir = ""): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(path.join(root, dir)).sort()) {
    const rel = dir === "" ? entry : `${dir}/${entry}`;
    if (statSync(path.join(root, rel)).isDirectory()) out.push(...protoFiles(root, rel));
    else if (entry.endsWith(".proto")) out.push(rel);
  }
  return out;
}

function pb2Name(protoFile: string): string {
  return protoFile.replace(/\.proto$/, "").replaceAll("-", "_") + "_pb2.py";
}

interface RealOutput {
  readonly ok: boolean;
  readonly stderr: string;
  readonly content: string;
}

/** What grpc_tools 1.14.1 (protoc 3.5.1) writes for `file` under `root`. */
function realLegacyOutput(root: string, file: string, includeGrpcTools: boolean): RealOutput {
  const out = mkdtempSync(path.join(work, "out-"));
  const args = ["-m", "grpc_tools.protoc", `-I${root}`];
  if (includeGrpcTools && grpcToolsInclude !== undefined) args.push(`-I${grpcToolsInclude}`);
  args.push(`--python_out=${out}`, path.join(root, file));
  const result = spawnSync(PYTHON, args, { encoding: "utf8" });
  const generated = path.join(out, pb2Name(file));
  return {
    ok: result.status === 0 && existsSync(generated),
    stderr: result.stderr,
    content: existsSync(generated) ? readFileSync(generated, "utf8") : "",
  };
}

function ourOutput(root: string, file: string, release = "3.5.1"): string {
  const request = bufRequest({ root, files: [file] });
  const registry = createFileRegistry(create(FileDescriptorSetSchema, { file: request.protoFile }));
  const desc = registry.getFile(file);
  if (desc === undefined) throw new Error(`buf did not return ${file}`);
  return generateLegacyPython(desc, release);
}

describe("legacy 3.5.1 output equals grpc_tools 1.14.2 (libprotoc 3.5.1)", skipUnless(grpc, bufRef), () => {
  describe("test/legacy-corpus", () => {
    for (const file of protoFiles(legacyCorpus)) {
      it(file, () => {
        const real = realLegacyOutput(legacyCorpus, file, true);
        expect(real.ok, real.stderr).toBe(true);
        expect(ourOutput(legacyCorpus, file)).toBe(real.content);
      });
    }
  });

  // The builder-style corpus, minus what protoc 3.5.1 cannot compile
  // (proto3 `optional`, editions, newer descriptor.proto features): those are
  // listed, and the rest must match.
  describe("test/corpus (shared with the builder-style tests)", () => {
    const files = protoFiles(sharedCorpus);
    for (const file of files) {
      it(file, (context) => {
        const real = realLegacyOutput(sharedCorpus, file, false);
        if (!real.ok) {
          skipNowUnless(context, missing(`protoc-3.5.1-rejects:${file}`, "unsupported", `protoc 3.5.1 rejects it: ${real.stderr.trim().split("\n")[0] ?? ""}`));
        }
        expect(ourOutput(sharedCorpus, file)).toBe(real.content);
      });
    }
  });

  // The well-known types and descriptor.proto itself, from the copy grpc_tools
  // bundles (their 3.5.1 text), compiled by buf from that same text.
  describe("well-known types as bundled by grpc_tools", () => {
    const wktRoot = path.join(work, "wkt");
    if (grpcToolsInclude !== undefined) {
      cpSync(path.join(grpcToolsInclude, "google"), path.join(wktRoot, "google"), { recursive: true });
      // protoc's plugin.proto is not a well-known type; keep the root to what buf accepts on its own.
      rmSync(path.join(wktRoot, "google", "protobuf", "compiler"), { recursive: true, force: true });
    }
    const files = grpcToolsInclude === undefined ? [] : protoFiles(wktRoot);
    it("finds the bundled well-known types", () => {
      expect(files).toContain("google/protobuf/descriptor.proto");
    });
    for (const file of files) {
      it(file, () => {
        const real = realLegacyOutput(wktRoot, file, false);
        expect(real.ok, real.stderr).toBe(true);
        expect(ourOutput(wktRoot, file)).toBe(real.content);
      });
    }
  });
});
