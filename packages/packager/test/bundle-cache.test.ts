// The caches that make warm packs cheap, through the real CLI on real wheels (pip + gcc builds of
// test/fixtures): an unchanged rerun reuses --out and says so; each kind of input change builds
// again; damaged cache entries are noticed and rebuilt; and every route to a bundle (cold, warm from
// the bundle cache, rebuilt from the install cache, no cache at all) writes the same bytes, as
// sha256sum and Info-ZIP's unzip see them.
import { mkdir, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { skipUnless } from "@pyflink-devkit/reference-tools";
import { zipToBuffer } from "../src/archive/deterministic-zip.js";
import { buildWheelhouses, makeJob, runCli, sha256sum, SKIP_REASON, SKIP_REF, removeTempDirs, tempDir, unzipList, type Wheelhouses } from "./helpers.js";

afterAll(removeTempDirs);

const skip = SKIP_REASON !== undefined;
if (skip) console.warn(`bundle-cache tests skipped: ${SKIP_REASON ?? ""}`);

let wheels: Wheelhouses;

beforeAll(async () => {
  if (skip) return;
  wheels = await buildWheelhouses();
});

interface Packed {
  readonly stderr: string;
  readonly reused: boolean;
  readonly fromBundleCache: boolean;
  /** Artifact file name → sha256 as the CLI reported it. */
  readonly hashes: Record<string, string>;
}

function packInto(project: string, out: string, cacheDir: string | undefined, extra: readonly string[] = []): Packed {
  const result = runCli(["--project", project, "--target", "msf", "--flink", "1.20", "--out", out, "--json", ...(cacheDir === undefined ? ["--no-cache"] : ["--cache-dir", cacheDir]), ...extra]);
  if (result.status !== 0) throw new Error(`pack failed (${String(result.status)}):\n${result.stderr}`);
  const json = JSON.parse(result.stdout) as { artifacts: { path: string; sha256: string }[] };
  return {
    stderr: result.stderr,
    reused: /unchanged: reused /.test(result.stderr),
    fromBundleCache: /wrote demo-job\.zip \(\d+ bytes, from the bundle cache\)/.test(result.stderr),
    hashes: Object.fromEntries(json.artifacts.map((a) => [path.basename(a.path), a.sha256])),
  };
}

/** sha256sum of every file in the bundle directory: what a user would compare. */
async function bundleHashes(out: string): Promise<Record<string, string>> {
  const names = (await readdir(out)).sort();
  return Object.fromEntries(names.map((name) => [name, sha256sum(path.join(out, name))]));
}

const requirements = (findLinks: string, names: readonly string[]): string => `--find-links ${findLinks}\n${names.join("\n")}\n`;

describe("an unchanged rerun", skipUnless(SKIP_REF), () => {
  it("reuses the bundle in --out, says so, and writes nothing", async () => {
    const project = await makeJob({ findLinks: wheels.manylinux, requirements: ["pfdemo"] });
    const cacheDir = await tempDir("pyflink-pack-cache-");
    const out = path.join(await tempDir("pyflink-pack-out-"), "bundle");
    const first = packInto(project, out, cacheDir);
    expect(first.reused).toBe(false);
    const before = await bundleHashes(out);
    const zipInode = (await stat(path.join(out, "demo-job.zip"))).ino;

    const again = packInto(project, out, cacheDir);
    expect(again.reused).toBe(true);
    expect(again.stderr).toContain(`unchanged: reused ${out}`);
    expect(again.hashes).toEqual(first.hashes);
    expect(await bundleHashes(out)).toEqual(before);
    // The same file, not a replaced one: --out was not rewritten.
    expect((await stat(path.join(out, "demo-job.zip"))).ino).toBe(zipInode);

    // The readable summary says it too.
    const summary = runCli(["--project", project, "--target", "msf", "--flink", "1.20", "--out", out, "--cache-dir", cacheDir]);
    expect(summary.status).toBe(0);
    expect(summary.stdout).toMatch(/^unchanged: reused /m);
  });

  it("is not reused when --out was changed by hand (a file edited, added or removed)", async () => {
    const project = await makeJob({ findLinks: wheels.manylinux, requirements: ["pfdemo"] });
    const cacheDir = await tempDir("pyflink-pack-cache-");
    const out = path.join(await tempDir("pyflink-pack-out-"), "bundle");
    const first = packInto(project, out, cacheDir);
    const expected = await bundleHashes(out);

    await writeFile(path.join(out, "application_properties.json"), "[]\n");
    expect(packInto(project, out, cacheDir).reused).toBe(false);
    expect(await bundleHashes(out)).toEqual(expected);

    // A file the lock does not list is the user's: never reused over, never deleted (pack refuses and names it).
    await writeFile(path.join(out, "notes.txt"), "mine\n");
    const refused = runCli(["--project", project, "--target", "msf", "--flink", "1.20", "--out", out, "--cache-dir", cacheDir]);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/notes\.txt/);
    expect(await readFile(path.join(out, "notes.txt"), "utf8")).toBe("mine\n");
    await rm(path.join(out, "notes.txt"));
    expect(packInto(project, out, cacheDir).reused).toBe(true);

    await rm(path.join(out, "demo-job.zip"));
    const rebuilt = packInto(project, out, cacheDir);
    expect(rebuilt.reused).toBe(false);
    expect(rebuilt.hashes).toEqual(first.hashes);
  });
});

describe("each kind of input change builds again", skipUnless(SKIP_REF), () => {
  let project: string;
  let cacheDir: string;
  let out: string;
  let previous: Packed;

  beforeAll(async () => {
    if (skip) return;
    project = await makeJob({ findLinks: wheels.manylinux, requirements: ["pfdemo"] });
    cacheDir = await tempDir("pyflink-pack-cache-");
    out = path.join(await tempDir("pyflink-pack-out-"), "bundle");
    previous = packInto(project, out, cacheDir);
    expect(packInto(project, out, cacheDir).reused).toBe(true);
  });

  it("a project file", async () => {
    const udfs = path.join(project, "mypkg", "udfs.py");
    await writeFile(udfs, `${await readFile(udfs, "utf8")}\n# changed\n`);
    const next = packInto(project, out, cacheDir);
    expect(next.reused).toBe(false);
    expect(next.fromBundleCache).toBe(false);
    expect(next.hashes["demo-job.zip"]).not.toBe(previous.hashes["demo-job.zip"]);
    expect(sha256sum(path.join(out, "demo-job.zip"))).toBe(next.hashes["demo-job.zip"]);
    previous = next;
    expect(packInto(project, out, cacheDir).reused).toBe(true);
  });

  it("the requirements", async () => {
    await writeFile(path.join(project, "requirements.txt"), requirements(wheels.manylinux, ["pfdemo", "pfnative"]));
    const next = packInto(project, out, cacheDir);
    expect(next.reused).toBe(false);
    expect(next.hashes["demo-job.zip"]).not.toBe(previous.hashes["demo-job.zip"]);
    expect(unzipList(path.join(out, "demo-job.zip")).some((name) => name.startsWith("deps/pfnative/"))).toBe(true);
    previous = next;
    expect(packInto(project, out, cacheDir).reused).toBe(true);
  });

  it("a target flag (--flink 1.19 for 1.20): a new lock file and deploy file, though the app zip's bytes may come from the cache", async () => {
    const lockBefore = await readFile(path.join(out, "pyflink-pack.lock.json"), "utf8");
    const next = packInto(project, out, cacheDir, ["--flink", "1.19"]);
    expect(next.reused).toBe(false);
    const lock = JSON.parse(await readFile(path.join(out, "pyflink-pack.lock.json"), "utf8")) as { target: { flink: string } };
    expect(lock.target.flink).toMatch(/^1\.19/);
    expect(await readFile(path.join(out, "pyflink-pack.lock.json"), "utf8")).not.toBe(lockBefore);
    expect(packInto(project, out, cacheDir, ["--flink", "1.19"]).reused).toBe(true);
  });
});

describe("damaged cache entries", skipUnless(SKIP_REF), () => {
  let project: string;
  let cacheDir: string;
  let cold: Record<string, string>;

  beforeAll(async () => {
    if (skip) return;
    project = await makeJob({ findLinks: wheels.manylinux, requirements: ["pfdemo", "pfnative"] });
    cacheDir = await tempDir("pyflink-pack-cache-");
    const out = path.join(await tempDir("pyflink-pack-out-"), "bundle");
    packInto(project, out, cacheDir);
    cold = await bundleHashes(out);
  });

  async function entries(kind: "artifacts" | "installed"): Promise<string[]> {
    const dir = path.join(cacheDir, "packager", kind, "v1");
    return (await readdir(dir)).filter((name) => !name.startsWith(".")).map((name) => path.join(dir, name));
  }

  it("a cached zip with a flipped byte, or truncated, is not copied: the zip is built again, the same bytes, and the entry repaired", async () => {
    const [entry] = await entries("artifacts");
    expect(entry).toBeDefined();
    const file = path.join(entry ?? "", "artifact");
    const bytes = await readFile(file);
    // Same size, other bytes: only the sha256 check can notice.
    bytes[bytes.length - 1] = (bytes[bytes.length - 1] ?? 0) ^ 0xff;
    await writeFile(file, bytes);
    const out = path.join(await tempDir("pyflink-pack-out-"), "bundle");
    const rebuilt = packInto(project, out, cacheDir);
    expect(rebuilt.fromBundleCache).toBe(false);
    expect(await bundleHashes(out)).toEqual(cold);

    await writeFile(file, bytes.subarray(0, 100));
    const out2 = path.join(await tempDir("pyflink-pack-out-"), "bundle");
    expect(packInto(project, out2, cacheDir).fromBundleCache).toBe(false);
    expect(await bundleHashes(out2)).toEqual(cold);

    const out3 = path.join(await tempDir("pyflink-pack-out-"), "bundle");
    expect(packInto(project, out3, cacheDir).fromBundleCache).toBe(true);
    expect(await bundleHashes(out3)).toEqual(cold);
  });

  it("an install-cache entry with a file missing, or an unreadable manifest, is unpacked again before a zip is built from it", async () => {
    const installed = await entries("installed");
    expect(installed.length).toBe(2);
    const [first, second] = installed;
    const manifest = JSON.parse(await readFile(path.join(first ?? "", "manifest.json"), "utf8")) as { files: { rel: string }[] };
    const victim = manifest.files.find((f) => !f.rel.includes(".dist-info/"));
    expect(victim).toBeDefined();
    await rm(path.join(first ?? "", "files", victim?.rel ?? ""));
    await writeFile(path.join(second ?? "", "manifest.json"), "{ not json");
    // No bundle-cache entry either, so the zip must be built from the install cache's files.
    await rm(path.join(cacheDir, "packager", "artifacts"), { recursive: true, force: true });
    const out = path.join(await tempDir("pyflink-pack-out-"), "bundle");
    expect(packInto(project, out, cacheDir).fromBundleCache).toBe(false);
    expect(await bundleHashes(out)).toEqual(cold);
    expect((await stat(path.join(first ?? "", "files", victim?.rel ?? ""))).isFile()).toBe(true);
  });
});

describe("a warm pack writes the bytes a cold one does", skipUnless(SKIP_REF), () => {
  it("cold, warm from the bundle cache, rebuilt from the install cache, and without any cache", async () => {
    const project = await makeJob({ findLinks: wheels.manylinux, requirements: ["pfdemo", "pfnative"] });
    const cacheDir = await tempDir("pyflink-pack-cache-");
    const outs = await tempDir("pyflink-pack-out-");

    const cold = packInto(project, path.join(outs, "cold"), cacheDir);
    expect(cold.fromBundleCache).toBe(false);
    const warm = packInto(project, path.join(outs, "warm"), cacheDir);
    expect(warm.fromBundleCache).toBe(true);
    await rm(path.join(cacheDir, "packager", "artifacts"), { recursive: true, force: true });
    const fromInstalls = packInto(project, path.join(outs, "installs"), cacheDir);
    expect(fromInstalls.fromBundleCache).toBe(false);
    expect(fromInstalls.stderr).toMatch(/wheels from the cache/);
    expect(packInto(project, path.join(outs, "none"), undefined).fromBundleCache).toBe(false);

    const expected = await bundleHashes(path.join(outs, "cold"));
    expect(Object.keys(expected)).toContain("demo-job.zip");
    for (const name of ["warm", "installs", "none"]) expect(await bundleHashes(path.join(outs, name))).toEqual(expected);
    expect(unzipList(path.join(outs, "warm", "demo-job.zip"))).toEqual(unzipList(path.join(outs, "cold", "demo-job.zip")));
  });
});

/** A pure-Python-tagged wheel that carries an arm64 Mach-O posing as a CPython extension (what the audit must catch). */
async function wheelWithMachO(dir: string): Promise<void> {
  const macho = Buffer.alloc(64);
  macho.writeUInt32LE(0xfeedfacf, 0);
  macho.writeUInt32LE(0x0100000c, 4);
  const info = "badnative-1.0.dist-info";
  const text = (name: string, body: string): { name: string; source: { kind: "buffer"; data: Buffer }; executable: boolean } => ({ name, source: { kind: "buffer", data: Buffer.from(body) }, executable: false });
  const wheel = await zipToBuffer([
    text("badnative/__init__.py", "VALUE = 1\n"),
    { name: "badnative/_speedups.cpython-311-darwin.so", source: { kind: "buffer", data: macho }, executable: false },
    text(`${info}/METADATA`, "Metadata-Version: 2.1\nName: badnative\nVersion: 1.0\n"),
    text(`${info}/WHEEL`, "Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\nTag: py3-none-any\n"),
    text(`${info}/RECORD`, ""),
  ]);
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, "badnative-1.0-py3-none-any.whl"), wheel);
}

describe("dependencies are audited once per wheel", skipUnless(SKIP_REF), () => {
  it("a foreign binary in a dependency fails the pack on the first run and, from the kept audit, on every later one", async () => {
    const links = path.join(await tempDir("pyflink-pack-links-"), "wheels");
    await wheelWithMachO(links);
    const project = await makeJob({ findLinks: links, requirements: ["badnative"] });
    const cacheDir = await tempDir("pyflink-pack-cache-");
    const failures: string[] = [];
    for (const run of [1, 2]) {
      const out = path.join(await tempDir("pyflink-pack-out-"), `bundle-${run}`);
      const result = runCli(["--project", project, "--target", "msf", "--flink", "1.20", "--out", out, "--cache-dir", cacheDir]);
      expect(result.status).toBe(1);
      failures.push(result.stderr);
      await expect(stat(out)).rejects.toThrow();
    }
    for (const stderr of failures) {
      expect(stderr).toContain("demo-job.zip!deps/badnative/_speedups.cpython-311-darwin.so");
      expect(stderr).toMatch(/Mach-O/);
    }
    // The second run read the kept audit: the install cache entry has it beside its manifest.
    const installed = path.join(cacheDir, "packager", "installed", "v1");
    const [entry] = await readdir(installed);
    expect((await readdir(path.join(installed, entry ?? ""))).some((name) => /^audit-[0-9a-f]+\.json$/.test(name))).toBe(true);
  });
});
