// The no-op path must stay light: it may not load buf's runner, the Python generator, ts-proto
// or protobuf-es. Every module the CLI process resolves is logged through a module hook.
import { spawnSync } from "node:child_process";
import { cpSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { cliPath, freshCacheDir, packageDir, repoRoot, tempDir } from "./support/cli.js";

const HEAVY = /ts-proto|protoc-gen-python|@bufbuild\/protobuf|execa|typescript-thread|compile-protos|python-bindings/u;

function loadedModules(args: readonly string[], cacheDir: string): string[] {
  const log = path.join(tempDir("modules"), "modules.log");
  const result = spawnSync(process.execPath, ["--import", path.join(packageDir, "test/fixtures/module-log/register.mjs"), cliPath, ...args], {
    encoding: "utf8",
    env: { ...process.env, PYFLINK_DEVKIT_CACHE_DIR: cacheDir, MODULE_LOG: log },
  });
  expect(result.stderr).toBe("");
  expect(result.status).toBe(0);
  return readFileSync(log, "utf8").split("\n").filter(Boolean);
}

describe("gen-protos start-up", () => {
  it("the no-op path loads none of the generators, while a real run does", () => {
    const root = tempDir("light");
    cpSync(path.join(repoRoot, "proto"), path.join(root, "proto"), { recursive: true });
    const args = ["--proto-path", path.join(root, "proto"), "--python-out", path.join(root, "out")];
    const cacheDir = freshCacheDir();
    const generating = loadedModules(args, cacheDir);
    expect(generating.filter((url) => HEAVY.test(url)).length).toBeGreaterThan(0);
    const noop = loadedModules(args, cacheDir);
    expect(noop.some((url) => url.endsWith("/dist/bin/gen-protos.js"))).toBe(true);
    expect(noop.filter((url) => HEAVY.test(url))).toEqual([]);
  });
});
