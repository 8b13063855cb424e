// Zip bytes checked with Python's zipfile (an independent reader) and coreutils sha256sum.
import { spawnSync } from "node:child_process";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { requirement, skipUnless } from "@pyflink-devkit/reference-tools";
import { writeDeterministicZip, type ZipInput } from "../src/archive/deterministic-zip.js";
import { PYTHON, sha256sum, removeTempDirs, tempDir } from "./helpers.js";

afterAll(removeTempDirs);

const inputs = (order: "a" | "b"): ZipInput[] => {
  const list: ZipInput[] = [
    { name: "pkg/b.py", source: { kind: "buffer", data: Buffer.from("b = 2\n") }, executable: false },
    { name: "pkg/a.py", source: { kind: "buffer", data: Buffer.from("a = 1\n") }, executable: false },
    { name: "bin/tool", source: { kind: "buffer", data: Buffer.from("#!/bin/sh\n") }, executable: true },
    { name: "pkg/__pycache__/a.cpython-311.pyc", source: { kind: "buffer", data: Buffer.from("junk") }, executable: false },
    { name: "pkg/c.pyc", source: { kind: "buffer", data: Buffer.from("junk") }, executable: false },
  ];
  return order === "a" ? list : [...list].reverse();
};

describe("writeDeterministicZip", () => {
  it("same entries in any order and at any time → same bytes (sha256sum agrees with the returned hash)", async () => {
    const dir = await tempDir("pyflink-pack-zip-");
    const one = await writeDeterministicZip(path.join(dir, "one.zip"), inputs("a"));
    await new Promise((r) => setTimeout(r, 1100)); // a different wall-clock second
    const two = await writeDeterministicZip(path.join(dir, "two.zip"), inputs("b"));
    expect(one.sha256).toBe(two.sha256);
    expect(sha256sum(path.join(dir, "one.zip"))).toBe(one.sha256);
  });

  it("sorted entries, 1980-01-01 timestamps, 0644/0755 modes, no bytecode (Python's zipfile)", skipUnless(requirement(PYTHON !== undefined, "python:3.11", "interpreter", "no python3.11 here (pyenv install 3.11)")), async () => {
    const dir = await tempDir("pyflink-pack-zip-");
    const zip = path.join(dir, "z.zip");
    await writeDeterministicZip(zip, inputs("b"));
    const script = path.join(dir, "read.py");
    await writeFile(script, "import json, sys, zipfile\nz = zipfile.ZipFile(sys.argv[1])\nprint(json.dumps([[i.filename, list(i.date_time), oct(i.external_attr >> 16)] for i in z.infolist()]))\n");
    const result = spawnSync(PYTHON ?? "python3", [script, zip], { encoding: "utf8" });
    expect(JSON.parse(result.stdout)).toEqual([
      ["bin/tool", [1980, 1, 1, 0, 0, 0], "0o100755"],
      ["pkg/a.py", [1980, 1, 1, 0, 0, 0], "0o100644"],
      ["pkg/b.py", [1980, 1, 1, 0, 0, 0], "0o100644"],
    ]);
  });

  it("refuses two inputs with one name", async () => {
    const dir = await tempDir("pyflink-pack-zip-");
    const dupe: ZipInput = { name: "x.py", source: { kind: "buffer", data: Buffer.from("") }, executable: false };
    await expect(writeDeterministicZip(path.join(dir, "d.zip"), [dupe, dupe])).rejects.toThrow(/two files map to x\.py/);
  });
});
