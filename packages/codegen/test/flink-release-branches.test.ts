// `gen-protos --flink-python <dir> --check` without --protobuf-python on the files Flink's release
// branches committed (test/fixtures/flink-release-branches, see its PROVENANCE.md): the release
// that wrote them is detected from the files themselves and reproduced byte for byte.

import { appendFileSync, cpSync, readdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { freshCacheDir, packageDir, runCli, tempDir } from "./support/cli.js";

const fixtures = path.join(packageDir, "test", "fixtures", "flink-release-branches");
const releases = readdirSync(fixtures).filter((name) => name.startsWith("release-")).sort();
const work = tempDir("release-branches");
afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

/** A writable copy of one branch's flink-python. */
function checkout(release: string): string {
  const dir = path.join(work, `${release}-${Math.random().toString(36).slice(2)}`);
  cpSync(path.join(fixtures, release), dir, { recursive: true });
  return path.join(dir, "flink-python");
}

function generated(flinkPython: string): string[] {
  const dir = path.join(flinkPython, "pyflink", "fn_execution");
  return readdirSync(dir).sort().map((name) => readFileSync(path.join(dir, name), "utf8"));
}

describe("Flink release branches, no --protobuf-python", () => {
  it("covers every distinct set of committed files from release-1.15 to release-2.3", () => {
    expect(releases).toEqual(["release-1.15", "release-1.16", "release-1.17", "release-1.19", "release-2.1", "release-2.3"]);
  });

  for (const release of releases) {
    it(`${release}: --check detects the release that wrote the committed files and matches them`, () => {
      const flinkPython = checkout(release);
      const before = generated(flinkPython);
      const result = runCli(["--flink-python", flinkPython, "--check"], { cacheDir: freshCacheDir() });
      expect(result.stderr).toBe("");
      expect(result.status, result.stdout).toBe(0);
      const notes = result.stdout.split("\n").filter((line) => line.includes("detected from"));
      expect(notes).toHaveLength(1);
      const committedPy = before.find((text) => text.includes("DESCRIPTOR")) ?? "";
      // The file's own version line, where it has one, is the independent answer.
      const versionLine = /^# Protobuf Python Version: (\S+)$/mu.exec(committedPy)?.[1];
      if (versionLine !== undefined) expect(notes[0]).toContain(`protobuf ${versionLine}`);
      // Write mode finds every file identical and leaves them alone.
      const write = runCli(["--flink-python", flinkPython], { cacheDir: freshCacheDir() });
      expect(write.status, write.stderr).toBe(0);
      expect(write.stdout).toMatch(/wrote 0 file\(s\), \d already identical/u);
      expect(generated(flinkPython)).toEqual(before);
    });
  }

  it("a proto changed since the files were generated: the closest release is kept and --check shows only the change", () => {
    const flinkPython = checkout("release-1.19");
    appendFileSync(path.join(flinkPython, "pyflink", "proto", "flink-fn-execution.proto"), "\nmessage AddedSinceRelease {\n  int64 added_field = 1;\n}\n");
    const result = runCli(["--flink-python", flinkPython, "--check"], { cacheDir: freshCacheDir() });
    expect(result.status).toBe(1);
    expect(result.stdout).toContain("closest match, the protos changed since");
    // The same release as the unchanged branch detects (3.21-era pyi: typing names with underscores).
    expect(result.stdout).toMatch(/protobuf 4\.21\.\d+/u);
    expect(result.stdout).toContain("AddedSinceRelease");
  });

  it("an explicit --protobuf-python wins over the committed files", () => {
    const flinkPython = checkout("release-2.1");
    const result = runCli(["--flink-python", flinkPython, "--check", "--protobuf-python", "6.31.1"], { cacheDir: freshCacheDir() });
    expect(result.stdout).not.toContain("detected from");
    expect(result.status).toBe(1);
  });

  it("no committed files: the default release, saying so", () => {
    const flinkPython = checkout("release-2.1");
    rmSync(path.join(flinkPython, "pyflink", "fn_execution"), { recursive: true });
    const result = runCli(["--flink-python", flinkPython, "--check"], { cacheDir: freshCacheDir() });
    expect(result.stdout).toMatch(/protobuf \S+ \(the default\): no committed \S*flink_fn_execution_pb2\.py/u);
    expect(result.status).toBe(1);
  });
});
