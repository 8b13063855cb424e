import { execFileSync } from "node:child_process";
import { mkdtemp, rm, writeFile, chmod } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { SYSTEM_TOOLS, systemTool, systemTools } from "../src/index.js";

afterEach(() => { vi.unstubAllEnvs(); });

describe("systemTool", () => {
  it("finds what the shell finds (command -v)", () => {
    const shell = execFileSync("sh", ["-c", "command -v sh"], { encoding: "utf8" }).trim();
    const ref = systemTool("truncate");
    const expected = execFileSync("sh", ["-c", "command -v truncate || true"], { encoding: "utf8" }).trim();
    expect(shell).not.toBe("");
    if (expected === "") expect(ref.ok).toBe(false);
    else expect(ref).toEqual({ ok: true, value: expected });
  });

  it("names the Debian package when a tool is missing (PYFLINK_DEVKIT_REF_PATH=none)", () => {
    vi.stubEnv("PYFLINK_DEVKIT_REF_PATH", "none");
    const ref = systemTool("protoc");
    expect(ref.ok).toBe(false);
    if (!ref.ok) expect(ref.missing).toEqual({ reference: "debian:protoc", source: "debian", reason: "protoc is not on PATH (Debian package protobuf-compiler: apt-get install protobuf-compiler)" });
    expect(SYSTEM_TOOLS.protoc).toBe("protobuf-compiler");
  });

  it("looks in PYFLINK_DEVKIT_REF_PATH before PATH", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "ref-path-"));
    try {
      await writeFile(path.join(dir, "zip"), "#!/bin/sh\n");
      await chmod(path.join(dir, "zip"), 0o755);
      vi.stubEnv("PYFLINK_DEVKIT_REF_PATH", dir);
      expect(systemTool("zip")).toEqual({ ok: true, value: path.join(dir, "zip") });
      const both = systemTools("zip", "truncate");
      expect(both.ok && both.value.zip).toBe(path.join(dir, "zip"));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
