// The built bin as a real protoc plugin: protoc's own CodeGeneratorRequest in,
// files identical to protoc's built-in generators out. protoc's built-in
// --python_out wins over a plugin of the same name, so the plugin is
// registered under another name (--pyflink_out).

import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { skipUnless } from "@pyflink-devkit/reference-tools";
import { systemProtoc } from "./support/reference-protoc.js";

const packageDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const bin = path.join(packageDir, "dist", "bin", "protoc-gen-python.js");
const corpus = path.join(packageDir, "test", "corpus");
const protocRef = systemProtoc();
const protoc = protocRef.ok ? protocRef.value : undefined;
const files = ["imports/consumer.proto", "options/usage.proto", "pyflink/corpus/defaults2.proto", "wkt/well_known.proto"];

function listTree(dir: string, prefix = ""): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? listTree(path.join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`],
  );
}

describe(
  "dist/bin/protoc-gen-python.js under real protoc",
  skipUnless(protocRef),
  () => {
    let work = "";
    beforeAll(() => {
      work = mkdtempSync(path.join(tmpdir(), "protoc-gen-python-plugin-"));
      // turbo builds before testing; a bare `vitest run` builds here.
      if (!existsSync(bin)) execFileSync("pnpm", ["run", "build"], { cwd: packageDir, stdio: "ignore" });
    });
    afterAll(() => {
      rmSync(work, { recursive: true, force: true });
    });

    it("writes what protoc's built-in python and pyi generators write", () => {
      if (protoc === undefined) return;
      const ours = path.join(work, "ours");
      const theirs = path.join(work, "theirs");
      for (const dir of [ours, theirs]) rmSync(dir, { recursive: true, force: true });
      execFileSync("mkdir", ["-p", ours, theirs]);
      const include = path.resolve(path.dirname(execFileSync("sh", ["-c", "command -v protoc"], { encoding: "utf8" }).trim()), "..", "include");
      const common = [`-I${corpus}`, `-I${include}`, ...files.map((f) => path.join(corpus, f))];
      execFileSync("protoc", [
        `--plugin=protoc-gen-pyflink=${bin}`,
        `--pyflink_out=${ours}`,
        `--pyflink_opt=protobuf_python=${protoc.libprotoc}`,
        ...common,
      ]);
      execFileSync("protoc", [`--python_out=${theirs}`, `--pyi_out=${theirs}`, ...common]);
      const expected = listTree(theirs).sort();
      expect(listTree(ours).sort()).toEqual(expected);
      for (const name of expected) {
        expect(readFileSync(path.join(ours, name), "utf8"), name).toBe(readFileSync(path.join(theirs, name), "utf8"));
      }
    });

    it("fails with the supported versions listed for an unknown protobuf_python", () => {
      let stderr = "";
      try {
        execFileSync(
          "protoc",
          [`--plugin=protoc-gen-pyflink=${bin}`, `--pyflink_out=protobuf_python=9.9.9:${work}`, `-I${corpus}`, path.join(corpus, "empty.proto")],
          { stdio: ["ignore", "pipe", "pipe"] },
        );
      } catch (error) {
        stderr = String((error as { stderr?: Buffer }).stderr ?? "");
      }
      expect(stderr).toContain('"9.9.9" is not supported');
      expect(stderr).toContain("6.31.1");
    });
  },
);
