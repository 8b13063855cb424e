// Golden: Flink's proto at two upstream commits, compared byte for byte with
// the _pb2.py/.pyi that upstream Flink committed (minus Flink's 17-line license
// header, which its gen_protos.py prepends — not protoc).

import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { generatePython } from "../src/index.js";
import { fixtureAvailable, skipUnless } from "@pyflink-devkit/reference-tools";
import { bufRef, bufRequest } from "./support/buf-request.js";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const fixtures = path.join(repoRoot, "..", "shared", "fixtures", "flink-upstream");
const LICENSE_HEADER_LINES = 17;

function withoutLicenseHeader(text: string): string {
  return text.split("\n").slice(LICENSE_HEADER_LINES).join("\n");
}

const cases = [
  { commit: "32dd20e7", protobufPython: "6.31.1" },
  { commit: "c5ed2b74", protobufPython: "3.21.12" },
  { commit: "c5ed2b74", protobufPython: "4.21.12" },
] as const;

const fixturesRef = fixtureAvailable("flink-upstream");

describe("golden: upstream Flink", skipUnless(fixturesRef, bufRef), () => {
  for (const { commit, protobufPython } of cases) {
    describe(`flink-fn-execution.proto @ ${commit} with protobuf ${protobufPython}`, () => {
      const dir = path.join(fixtures, commit);
      const generated = () =>
        generatePython(bufRequest({ root: dir, files: ["flink-fn-execution.proto"] }), { protobufPython });

      it("writes flink_fn_execution_pb2.py exactly as Flink committed it", () => {
        const py = generated().find((f) => f.name === "flink_fn_execution_pb2.py");
        const expected = withoutLicenseHeader(readFileSync(path.join(dir, "flink_fn_execution_pb2.py"), "utf8"));
        expect(py?.content).toBe(expected);
      });

      it("writes flink_fn_execution_pb2.pyi exactly as Flink committed it", () => {
        const pyi = generated().find((f) => f.name === "flink_fn_execution_pb2.pyi");
        const expected = withoutLicenseHeader(readFileSync(path.join(dir, "flink_fn_execution_pb2.pyi"), "utf8"));
        expect(pyi?.content).toBe(expected);
      });
    });
  }
});
