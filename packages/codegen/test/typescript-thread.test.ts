// The built library keeps one ts-proto thread per process: a second generation in the same
// process (the dev loop's case) must be served by it and reflect the new proto.
import { cpSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { freshCacheDir, packageDir, repoRoot, tempDir } from "./support/cli.js";

interface BuiltLibrary {
  readonly resolveTarget: typeof import("../src/index.js").resolveTarget;
  readonly generateProtos: typeof import("../src/index.js").generateProtos;
}

describe("ts-proto thread (built library)", () => {
  it("serves successive generations in one process, each from its own proto", async () => {
    const lib = (await import(path.join(packageDir, "dist", "index.js"))) as BuiltLibrary;
    const root = tempDir("thread");
    cpSync(path.join(repoRoot, "proto"), path.join(root, "proto"), { recursive: true });
    const proto = path.join(root, "proto", "flink-fn-execution.proto");
    const tsFile = path.join(root, "ts", "flink-fn-execution.ts");
    const target = await lib.resolveTarget({ protoPath: path.join(root, "proto"), pythonOut: path.join(root, "py"), tsOut: path.join(root, "ts") });
    const stateDir = freshCacheDir();

    await lib.generateProtos({ target, stateDir });
    expect(readFileSync(tsFile, "utf8")).toContain("  taskName: string;");

    writeFileSync(proto, readFileSync(proto, "utf8").replace("string task_name = 1;", "bytes task_name = 1;"));
    const second = await lib.generateProtos({ target, stateDir });
    expect(second.files.filter((f) => f.written).map((f) => f.kind).sort()).toEqual(["py", "pyi", "ts"]);
    expect(readFileSync(tsFile, "utf8")).toContain("  taskName: Uint8Array;");
  });
});
