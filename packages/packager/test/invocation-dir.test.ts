// `pnpm -C <devkit> pack:job --project ../job --out out` from the user's directory: relative paths
// mean what they mean in that directory (pnpm's INIT_CWD), not in the devkit pnpm runs the script in.
// Runs the real root script through the real pnpm.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { makeJob, PACKAGE_DIR, removeTempDirs, tempDir } from "./helpers.js";

afterAll(removeTempDirs);

const REPO_ROOT = path.resolve(PACKAGE_DIR, "..", "..");

describe("relative paths through `pnpm -C <devkit> pack:job` (pnpm runs every test here)", () => {
  it("--project, --out and inspect's bundle resolve against the directory pnpm was run in", async () => {
    const job = await makeJob({ jar: false });
    const userDir = await tempDir("pyflink-pack-user-");
    await mkdir(path.join(userDir, "work"));
    const cwd = path.join(userDir, "work");
    const env = { ...process.env, PYFLINK_DEVKIT_SKIP_BUILD: "1", INIT_CWD: undefined, npm_lifecycle_event: undefined };
    const relProject = path.relative(cwd, job);
    const packed = spawnSync("pnpm", ["-s", "-C", REPO_ROOT, "pack:job", "--project", relProject, "--target", "flink", "--flink", "1.20", "--python", "3.11", "--out", "bundle", "--no-cache", "--quiet"], { cwd, env, encoding: "utf8" });
    expect(packed.status, packed.stderr).toBe(0);
    expect(existsSync(path.join(cwd, "bundle", "pyflink-pack.lock.json"))).toBe(true);
    expect(existsSync(path.join(REPO_ROOT, "bundle"))).toBe(false);
    const inspected = spawnSync("pnpm", ["-s", "-C", REPO_ROOT, "pack:job", "inspect", "bundle", "--json"], { cwd, env, encoding: "utf8" });
    expect(inspected.status, inspected.stderr).toBe(0);
    expect((JSON.parse(inspected.stdout) as { artifacts: { path: string }[] }).artifacts.map((a) => a.path)).toContain("main.py");
  });
});
