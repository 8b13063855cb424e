// The real CLI on the runtimes the dataset added: MSF Flink 2.2 bundles get CPython 3.12 wheels
// (H1), and `--target vvp --python 3.7` picks the engine line that runs 3.7 (C1, H3) and packs the
// seed's opencv-python-headless case against the index's real wheels.
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { makeJob, readJson, removeTempDirs, runCli, tempDir } from "./helpers.js";

interface Lock {
  target: { profile: string; python: string; abi: string };
  wheels: { name: string; tag: string }[];
  providedByRuntime: { name: string; version: string }[];
}

afterAll(removeTempDirs);

async function packLock(requirements: string[], flags: string[]): Promise<{ lock: Lock; stderr: string }> {
  const project = await makeJob({ requirements, jar: false });
  const out = path.join(await tempDir("pyflink-pack-out-"), "bundle");
  const result = runCli(["--project", project, ...flags, "--out", out]);
  expect(result.status, result.stderr).toBe(0);
  return { lock: (await readJson(path.join(out, "pyflink-pack.lock.json"))) as Lock, stderr: result.stderr };
}

describe("runtimes from the dataset, through the real CLI", () => {
  it("--target msf --flink 2.2 resolves CPython 3.12 wheels (msgpack's cp312 manylinux wheel)", async () => {
    const { lock } = await packLock(["msgpack==1.1.0"], ["--target", "msf", "--flink", "2.2"]);
    expect(lock.target).toMatchObject({ profile: "msf-flink-2.2", python: "3.12", abi: "cp312" });
    expect(lock.wheels.map((wheel) => wheel.name)).toEqual(["msgpack"]);
    expect(lock.wheels[0]?.tag).toMatch(/^cp312-cp312-.*manylinux.*x86_64/);
  }, 600_000);

  it("--target vvp --python 3.7 picks VVR 8.0.0–8.0.10 (Flink 1.17.2), says so, and ships opencv-python-headless for cp37 with numpy provided", async () => {
    const { lock, stderr } = await packLock(["opencv-python-headless"], ["--target", "vvp", "--python", "3.7"]);
    expect(stderr).toMatch(/runtime: vvp-vvr-8\.0-py37-py3\.7 \(apache-flink 1\.17\.2, Python 3\.7\): --python 3\.7: engine line vvr-8\.0-py37/);
    expect(lock.target).toMatchObject({ profile: "vvp-vvr-8.0-py37-py3.7", python: "3.7", abi: "cp37m" });
    expect(lock.wheels.map((wheel) => wheel.name.toLowerCase().replace(/_/g, "-"))).toEqual(["opencv-python-headless"]);
    expect(lock.wheels[0]?.tag).toMatch(/^cp37-abi3-.*manylinux/);
    // opencv needs numpy; apache-flink 1.17.2 installs it on the runtime.
    expect(lock.providedByRuntime.map((dist) => dist.name)).toContain("numpy");
  }, 900_000);
});
