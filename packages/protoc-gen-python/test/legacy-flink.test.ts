// Flink's flink-fn-execution.proto through the legacy 3.5.1 generator must be
// what grpcio-tools 1.14.1 (libprotoc 3.5.1) writes for it — the tool PyFlink's
// README pinned (grpcio-tools <= 1.14.2) and the format Flink committed until
// 2022 (layout "A" of docs/flink-tooling.md §4.2).

import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { create, createFileRegistry } from "@bufbuild/protobuf";
import { FileDescriptorSetSchema } from "@bufbuild/protobuf/wkt";
import { afterAll, describe, expect, it } from "vitest";
import { fixtureAvailable, grpcioTools, skipUnless } from "@pyflink-devkit/reference-tools";
import { generateLegacyPython } from "../src/legacy/index.js";
import { bufRef, bufRequest } from "./support/buf-request.js";

const here = path.dirname(fileURLToPath(import.meta.url));
// <repo root>/../shared
const shared = path.resolve(here, "../../../../shared");
const fixtures = path.join(shared, "fixtures", "flink-upstream");
const PROTO = "flink-fn-execution.proto";

// grpcio-tools 1.14.2 from PyPI: libprotoc 3.5.1, the same protoc as the seed's 1.14.1.
const grpc = await grpcioTools("1.14.2");
const PYTHON = grpc.ok ? grpc.value.env.python : "python3";
const fixturesRef = fixtureAvailable("flink-upstream");

const commits = existsSync(fixtures)
  ? readdirSync(fixtures).filter((d) => existsSync(path.join(fixtures, d, PROTO)))
  : [];
const work = mkdtempSync(path.join(tmpdir(), "legacy-flink-"));
afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

describe("Flink's proto through 3.5.1 equals grpcio-tools 1.14.2", skipUnless(fixturesRef, grpc, bufRef), () => {
  it("has Flink proto fixtures", () => {
    expect(commits.length).toBeGreaterThan(0);
  });

  for (const commit of commits) {
    it(`flink-upstream/${commit}/${PROTO}`, () => {
      const root = path.join(fixtures, commit);
      const out = mkdtempSync(path.join(work, `${commit}-`));
      const result = spawnSync(PYTHON, ["-m", "grpc_tools.protoc", `-I${root}`, `--python_out=${out}`, path.join(root, PROTO)], {
        encoding: "utf8",
      });
      expect(result.status, result.stderr).toBe(0);
      const expected = readFileSync(path.join(out, "flink_fn_execution_pb2.py"), "utf8");
      // The descriptor-style layout: explicit descriptors and the py2 `_b` helper.
      expect(expected).toContain("_b=sys.version_info[0]<3");
      expect(expected).toContain("_reflection.GeneratedProtocolMessageType(");

      const request = bufRequest({ root, files: [PROTO] });
      const registry = createFileRegistry(create(FileDescriptorSetSchema, { file: request.protoFile }));
      const file = registry.getFile(PROTO);
      expect(file).toBeDefined();
      if (file === undefined) return;
      expect(generateLegacyPython(file, "3.5.1")).toBe(expected);
    });
  }
});
