// gen-protos on a full disk: the real CLI writes into a 8 KiB tmpfs (mounted in a private user and
// mount namespace, so no root is needed), and the message names the file it was writing and the fix.
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { skipNow } from "@pyflink-devkit/reference-tools";
import { cliPath, freshCacheDir, repoRoot, tempDir } from "./support/cli.js";

const MOUNT_AND_RUN = 'mount -t tmpfs -o size=8k tmpfs "$OUT" && exec "$@"';

describe("gen-protos when the disk is full", () => {
  it("names the file being written (ENOSPC), says the disk is full, and leaves nothing half-written", (context) => {
    const probe = spawnSync("unshare", ["-Urm", "true"], { encoding: "utf8" });
    if (probe.status !== 0) skipNow(context, "debian:unshare", "debian", `unshare -Urm (util-linux, unprivileged user namespaces) does not work here: ${probe.error?.message ?? probe.stderr.trim()}`);
    const dir = tempDir("full");
    cpSync(path.join(repoRoot, "proto"), path.join(dir, "proto"), { recursive: true });
    const out = path.join(dir, "out");
    mkdirSync(out);
    const args = ["--proto-path", path.join(dir, "proto"), "--python-out", out, "--protobuf-python", "6.31.1"];
    const result = spawnSync("unshare", ["-Urm", "sh", "-c", MOUNT_AND_RUN, "sh", process.execPath, cliPath, ...args], {
      encoding: "utf8",
      env: { ...process.env, OUT: out, PYFLINK_DEVKIT_CACHE_DIR: freshCacheDir() },
      timeout: 120_000,
    });
    expect(result.status, result.stderr).toBe(2);
    expect(result.stderr).toMatch(new RegExp(`could not write ${path.join(out, "flink_fn_execution_pb2")}\\.pyi? \\(ENOSPC`));
    expect(result.stderr).toContain("The disk is full");
    expect(result.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
    // The tmpfs was private to the child; the directory under it was left as it was: empty.
    expect(existsSync(out) ? readdirSync(out) : []).toEqual([]);
  });
});
