// What the project's files mean for the bundle beyond the default sorting: files the code names at
// run time (AWS's PythonDependencies sample calls set_python_requirements on requirements.txt next
// to main.py) are kept or reported, and a data glob naming a directory takes its files.
// Real CLI; the sample comes from ../shared/fixtures/msf-examples (copied); zips read with yauzl.
import { cp, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { fixtureAvailable, skipUnless } from "@pyflink-devkit/reference-tools";
import { withZip } from "@pyflink-devkit/zip-archive";
import { zipToBuffer } from "../src/archive/deterministic-zip.js";
import { makeJob, removeTempDirs, runCli, tempDir } from "./helpers.js";

afterAll(removeTempDirs);

const zipNames = (file: string): Promise<string[]> => withZip(file, (zip) => Promise.resolve(zip.entries.filter((e) => !e.isDirectory).map((e) => e.name)));
const samples = fixtureAvailable("msf-examples");

interface PackJson {
  readonly artifacts: { readonly path: string }[];
  readonly warnings: readonly string[];
}

async function pack(project: string, args: readonly string[]): Promise<{ status: number | null; stderr: string; out: string; json: PackJson | undefined }> {
  const out = path.join(await tempDir("pyflink-pack-out-"), "bundle");
  const result = runCli(["--project", project, "--out", out, "--json", "--no-cache", ...args]);
  return { status: result.status, stderr: result.stderr, out, json: result.status === 0 ? (JSON.parse(result.stdout) as PackJson) : undefined };
}

/**
 * AWS's PythonDependencies sample, its Maven build replaced by the jar it produces (a stand-in:
 * this test is about the Python files) and its requirements resolved from an empty file (no pip).
 */
async function pythonDependenciesSample(): Promise<string> {
  const parent = await mkdtemp(path.join(os.tmpdir(), "msf-python-dependencies-"));
  const project = path.join(parent, "PythonDependencies");
  await cp(path.join(samples.ok ? samples.value : "", "python", "PythonDependencies"), project, { recursive: true });
  await rm(path.join(project, "pom.xml"));
  await mkdir(path.join(project, "lib"));
  await writeFile(path.join(project, "lib", "pyflink-dependencies.jar"), await zipToBuffer([{ name: "META-INF/MANIFEST.MF", source: { kind: "buffer", data: Buffer.from("Manifest-Version: 1.0\r\n\r\n") }, executable: false }]));
  await writeFile(path.join(parent, "no-requirements.txt"), "");
  return project;
}

describe("files the code names at run time", skipUnless(samples), () => {
  it("MSF: PythonDependencies' set_python_requirements(.../requirements.txt) keeps requirements.txt beside main.py in the zip", async () => {
    const project = await pythonDependenciesSample();
    const packed = await pack(project, ["--target", "msf", "--flink", "1.20", "--requirements", path.join(project, "..", "no-requirements.txt")]);
    expect(packed.status, packed.stderr).toBe(0);
    const names = await zipNames(path.join(packed.out, "PythonDependencies.zip"));
    expect(names).toEqual(expect.arrayContaining(["main.py", "requirements.txt", "lib/pyflink-dependencies.jar"]));
  });

  it("flink: the same file lands beside the -py entry in the bundle directory", async () => {
    const project = await pythonDependenciesSample();
    const packed = await pack(project, ["--target", "flink", "--flink", "1.20", "--python", "3.11", "--requirements", path.join(project, "..", "no-requirements.txt")]);
    expect(packed.status, packed.stderr).toBe(0);
    expect(packed.json?.artifacts.map((a) => path.relative(packed.out, a.path))).toEqual(expect.arrayContaining(["main.py", "requirements.txt"]));
  });

  it("vvp, and files the safe defaults leave out: not shipped, and a warning says why", async () => {
    const project = await makeJob({ jar: false });
    await writeFile(path.join(project, "main.py"), 'import os\n\nif __name__ == "__main__":\n    with open(".env") as f:\n        print(f.read())\n    with open(os.path.join("conf", "job.yaml")) as f:\n        print(f.read())\n');
    await mkdir(path.join(project, "conf"));
    await writeFile(path.join(project, "conf", "job.yaml"), "a: 1\n");
    await writeFile(path.join(project, ".env"), "TOKEN=x\n");
    const packed = await pack(project, ["--target", "vvp", "--engine", "11.1.0"]);
    expect(packed.status, packed.stderr).toBe(0);
    const warnings = packed.json?.warnings.join("\n") ?? "";
    expect(warnings).toMatch(/main\.py: open\(…\) names \.env, which is not shipped \(secrets \(dotenv\)\)/);
    expect(warnings).toMatch(/main\.py: open\(…\) names conf\/job\.yaml, which is not shipped: --target vvp has no directory beside the entry/);
  });
});

describe("a data glob naming a directory", () => {
  it('"data": ["data"] ships the files below data/ in data.zip; a glob matching nothing is a warning', async () => {
    const project = await makeJob({ jar: false, config: { data: ["data", "missing-dir"] } });
    const packed = await pack(project, ["--target", "flink", "--flink", "1.20", "--python", "3.11"]);
    expect(packed.status, packed.stderr).toBe(0);
    expect(await zipNames(path.join(packed.out, "data.zip"))).toEqual(["data/lookup.csv"]);
    expect(packed.json?.warnings.join("\n")).toContain('"data" glob "missing-dir" matches no file in the project');
  });
});
