// The legacy family through the package's public API and its protoc plugin
// bin: `generatePython(request, { protobufPython: "3.5.1" })` on buf's
// request, and dist/bin/protoc-gen-python.js under Debian's protoc 3.21.12
// (protoc's own CodeGeneratorRequest, which carries json_name on every field),
// must both write exactly what grpc_tools 1.14.1 (libprotoc 3.5.1) writes.

import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { generatePython, PythonGeneratorError } from "../src/index.js";
import { grpcioTools, skipUnless, systemTool } from "@pyflink-devkit/reference-tools";
import { bufAvailable, bufRef, bufRequest } from "./support/buf-request.js";

const packageDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const corpus = path.join(packageDir, "test", "legacy-corpus");
const bin = path.join(packageDir, "dist", "bin", "protoc-gen-python.js");

// grpcio-tools 1.14.2 from PyPI: libprotoc 3.5.1, the same protoc as the seed's 1.14.1.
const grpc = await grpcioTools("1.14.2");
const PYTHON = grpc.ok ? grpc.value.env.python : "python3";
const probe = spawnSync(PYTHON, ["-c", "import grpc_tools, os; print(os.path.dirname(grpc_tools.__file__))"], {
  encoding: "utf8",
});
const grpcToolsInclude = probe.status === 0 ? path.join(probe.stdout.trim(), "_proto") : undefined;
const protocRef = systemTool("protoc");
const skipReason = grpc.ok && grpcToolsInclude !== undefined && bufAvailable ? undefined : "missing";

function protoFiles(root: string, dir = ""): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(path.join(root, dir)).sort()) {
    const rel = dir === "" ? entry : `${dir}/${entry}`;
    if (statSync(path.join(root, rel)).isDirectory()) out.push(...protoFiles(root, rel));
    else if (entry.endsWith(".proto")) out.push(rel);
  }
  return out;
}

function listTree(dir: string, prefix = ""): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? listTree(path.join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`],
  );
}

const work = mkdtempSync(path.join(tmpdir(), "legacy-api-"));
afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

/** grpc_tools 1.14.1's output for the whole legacy corpus, by output file name. */
function grpcToolsOutputs(files: readonly string[]): Map<string, string> {
  const out = path.join(work, "grpc-tools");
  mkdirSync(out, { recursive: true });
  if (grpcToolsInclude === undefined) return new Map();
  execFileSync(PYTHON, ["-m", "grpc_tools.protoc", `-I${corpus}`, `-I${grpcToolsInclude}`, `--python_out=${out}`, ...files.map((f) => path.join(corpus, f))]);
  return new Map(listTree(out).map((name) => [name, readFileSync(path.join(out, name), "utf8")]));
}

describe("legacy 3.5.1 through the public API", skipUnless(grpc, bufRef), () => {
  const files = protoFiles(corpus);
  const expected = skipReason === undefined ? grpcToolsOutputs(files) : new Map<string, string>();

  it("generatePython writes one _pb2.py per file, no .pyi, as grpc_tools 1.14.1 does", () => {
    const request = bufRequest({ root: corpus, files });
    const generated = generatePython(request, { protobufPython: "3.5.1" });
    expect(generated.map((f) => f.name).sort()).toEqual([...expected.keys()].sort());
    for (const file of generated) {
      expect(file.content, file.name).toBe(expected.get(file.name));
    }
  });

  it("rejects a .pyi for a release without a pyi generator", () => {
    const request = bufRequest({ root: corpus, files: ["legacy/public.proto"] });
    expect(() => generatePython(request, { protobufPython: "3.5.1", pyi: true })).toThrow(PythonGeneratorError);
  });

  describe("dist/bin under Debian's protoc 3.21.12 (protoc's own request)", skipUnless(protocRef), () => {
    it("writes what grpc_tools 1.14.1 writes", () => {
      // turbo builds before testing; a bare `vitest run` builds here.
      if (!existsSync(bin)) execFileSync("pnpm", ["run", "build"], { cwd: packageDir, stdio: "ignore" });
      const out = path.join(work, "plugin");
      mkdirSync(out, { recursive: true });
      // protoc's built-in --python_out wins over a plugin of that name, hence --legacy_out.
      execFileSync("protoc", [
        `--plugin=protoc-gen-legacy=${bin}`,
        `--legacy_out=protobuf_python=3.5.1:${out}`,
        `-I${corpus}`,
        // The well-known types protoc ships next to its binary (<prefix>/include).
        `-I${path.resolve(path.dirname(execFileSync("sh", ["-c", "command -v protoc"], { encoding: "utf8" }).trim()), "..", "include")}`,
        ...files.map((f) => path.join(corpus, f)),
      ]);
      const names = listTree(out).sort();
      expect(names).toEqual([...expected.keys()].sort());
      for (const name of names) {
        expect(readFileSync(path.join(out, name), "utf8"), name).toBe(expected.get(name));
      }
    });
  });
});
