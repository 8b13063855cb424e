// The library API from sources (so ts-proto runs on the main thread, the fallback the worker
// replaces), against the built CLI's worker-thread output and upstream's committed files.
import { cpSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CodegenError, FLINK_LICENSE_HEADER, generateProtos, invocationDirectory, resolveTarget } from "../src/index.js";
import { skipUnless } from "@pyflink-devkit/reference-tools";
import { NO_FIXTURES, fixturesDir, fixturesRef, freshCacheDir, repoRoot, runCli, tempDir } from "./support/cli.js";

function copyProtos(): string {
  const root = tempDir("lib");
  cpSync(path.join(repoRoot, "proto"), path.join(root, "proto"), { recursive: true });
  return root;
}

describe("generateProtos (library)", () => {
  it("writes the same files in-process as the CLI writes with its ts-proto worker thread", async () => {
    const root = copyProtos();
    const target = await resolveTarget({ protoPath: path.join(root, "proto"), pythonOut: path.join(root, "lib-py"), tsOut: path.join(root, "lib-ts"), protobufPython: "6.31.1" });
    const result = await generateProtos({ target, stateDir: freshCacheDir() });
    expect(result.upToDate).toBe(false);
    expect(result.files.map((f) => [path.relative(root, f.path), f.kind, f.written])).toEqual([
      ["lib-py/flink_fn_execution_pb2.py", "py", true],
      ["lib-py/flink_fn_execution_pb2.pyi", "pyi", true],
      ["lib-ts/flink-fn-execution.ts", "ts", true],
    ]);
    const cli = runCli(["--proto-path", path.join(root, "proto"), "--python-out", path.join(root, "cli-py"), "--ts-out", path.join(root, "cli-ts")], { cacheDir: freshCacheDir() });
    expect(cli.status).toBe(0);
    for (const [lib, bin] of [
      ["lib-py/flink_fn_execution_pb2.py", "cli-py/flink_fn_execution_pb2.py"],
      ["lib-py/flink_fn_execution_pb2.pyi", "cli-py/flink_fn_execution_pb2.pyi"],
      ["lib-ts/flink-fn-execution.ts", "cli-ts/flink-fn-execution.ts"],
    ] as const) {
      expect(readFileSync(path.join(root, lib), "utf8"), lib).toBe(readFileSync(path.join(root, bin), "utf8"));
    }
  });

  it(`FLINK_LICENSE_HEADER is the 17 lines upstream's pb2 and pyi start with (skipped when ${NO_FIXTURES})`, skipUnless(fixturesRef), () => {
    for (const name of ["flink_fn_execution_pb2.py", "flink_fn_execution_pb2.pyi"]) {
      const head = readFileSync(path.join(fixturesDir, "32dd20e7", name), "utf8").split("\n").slice(0, 17).join("\n");
      expect(FLINK_LICENSE_HEADER).toBe(`${head}\n`);
    }
  });

  it("a syntax error is a CodegenError carrying buf's positions", async () => {
    const root = copyProtos();
    const proto = path.join(root, "proto", "flink-fn-execution.proto");
    writeFileSync(proto, readFileSync(proto, "utf8").replace("message JobParameter {", "message JobParameter {{"));
    const target = await resolveTarget({ protoPath: path.join(root, "proto"), pythonOut: path.join(root, "out"), ts: false });
    const error: unknown = await generateProtos({ target, stateDir: freshCacheDir(), cwd: root }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CodegenError);
    const diagnostics = error instanceof CodegenError ? error.diagnostics : [];
    expect(diagnostics.length).toBeGreaterThan(0);
    expect(diagnostics[0]?.file).toBe(path.join("proto", "flink-fn-execution.proto"));
    const line = readFileSync(proto, "utf8").split("\n").findIndex((l) => l.includes("message JobParameter {{")) + 1;
    expect(diagnostics[0]?.line).toBe(line);
  });

  it("rejects flag combinations that make no sense, naming the fix", async () => {
    await expect(resolveTarget({ flinkPython: "/x", protoPath: "/y" })).rejects.toThrow(/--flink-python .* cannot be combined .*--proto-path/);
    await expect(resolveTarget({ protoPath: "/y" })).rejects.toThrow(/needs both --proto-path <root> and --python-out <dir>/);
    await expect(resolveTarget({ files: ["a.proto"] })).rejects.toThrow(/add --proto-path <root> and --python-out <dir>/);
  });

  it("takes relative paths from where `pnpm gen:protos` was typed, and only for that script", () => {
    expect(invocationDirectory({ INIT_CWD: "/repo/packages", npm_lifecycle_event: "gen:protos" }, "/repo")).toBe("/repo/packages");
    expect(invocationDirectory({ INIT_CWD: "/repo/packages", npm_lifecycle_event: "test" }, "/tmp/ws")).toBe("/tmp/ws");
    expect(invocationDirectory({}, "/tmp/ws")).toBe("/tmp/ws");
  });
});
