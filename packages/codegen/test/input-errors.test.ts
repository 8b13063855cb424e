// Bad input to the real CLI: one clear line naming what, where and how to fix, exit 2, nothing written.

import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { freshCacheDir, runCli, tempDir } from "./support/cli.js";

function project(importLine = ""): { root: string; protos: string } {
  const root = tempDir("input-errors");
  const protos = path.join(root, "protos");
  mkdirSync(protos);
  writeFileSync(path.join(protos, "a.proto"), `syntax = "proto3";\n${importLine}\nmessage A {\n  int32 x = 1;\n}\n`);
  return { root, protos };
}

describe("gen-protos input errors", () => {
  it("an import of a missing file names the file at the import's line", () => {
    const { root, protos } = project('import "missing/dep.proto";');
    const result = runCli(["--proto-path", protos, "--python-out", path.join(root, "out"), "--no-ts"], { cwd: root, cacheDir: freshCacheDir() });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("protos/a.proto:2:1: imported file missing/dep.proto does not exist under protos");
    expect(existsSync(path.join(root, "out"))).toBe(false);
  });

  it("a listed file that does not exist is named, not buf's --path text", () => {
    const { root, protos } = project();
    const result = runCli(["--proto-path", protos, "--python-out", path.join(root, "out"), "--no-ts", "nothere.proto"], { cwd: root, cacheDir: freshCacheDir() });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("Proto file nothere.proto does not exist under --proto-path");
    expect(result.stderr).not.toContain("--path");
  });

  it("a --python-out that is a file says so", () => {
    const { root, protos } = project();
    writeFileSync(path.join(root, "out"), "not a directory\n");
    const result = runCli(["--proto-path", protos, "--python-out", path.join(root, "out"), "--no-ts"], { cwd: root, cacheDir: freshCacheDir() });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/--python-out \S*out is a file, not a directory/u);
  });
});
