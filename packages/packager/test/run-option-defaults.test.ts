// The project's own application_properties.json run options (python, jarfile, pyFiles in the
// kinesis.analytics.flink.run.options group, as AWS's MSF samples keep them) are pack's defaults;
// pyflink-pack.json and flags win. Real CLI on a copy of the fixture job; zips read with yauzl.
import { mkdir, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { withZip } from "@pyflink-devkit/zip-archive";
import { makeJob, readJson, removeTempDirs, runCli, tempDir } from "./helpers.js";

afterAll(removeTempDirs);

const RUN_OPTIONS = "kinesis.analytics.flink.run.options";
type Groups = { PropertyGroupId: string; PropertyMap: Record<string, string> }[];

const zipNames = (file: string): Promise<string[]> => withZip(file, (zip) => Promise.resolve(zip.entries.filter((e) => !e.isDirectory).map((e) => e.name)));

/** The fixture job (no requirements: no pip), with these run options in its application_properties.json. */
async function jobWith(runOptions: Record<string, string>): Promise<string> {
  const project = await makeJob();
  await writeFile(path.join(project, "application_properties.json"), JSON.stringify([{ PropertyGroupId: "app", PropertyMap: { k: "v" } }, { PropertyGroupId: RUN_OPTIONS, PropertyMap: runOptions }]));
  return project;
}

async function packMsf(project: string, extra: readonly string[] = []): Promise<{ status: number | null; stderr: string; out: string; warnings: string[] }> {
  const out = path.join(await tempDir("pyflink-pack-out-"), "bundle");
  const result = runCli(["--project", project, "--target", "msf", "--flink", "1.20", "--out", out, "--json", "--no-cache", ...extra]);
  const warnings = result.status === 0 ? (JSON.parse(result.stdout) as { warnings: string[] }).warnings : [];
  return { status: result.status, stderr: result.stderr, out, warnings };
}

const runOptionsOf = async (out: string): Promise<Record<string, string> | undefined> => ((await readJson(path.join(out, "application_properties.json"))) as Groups).find((g) => g.PropertyGroupId === RUN_OPTIONS)?.PropertyMap;

describe("application_properties.json run options are pack's defaults", () => {
  it("python names the entry when main.py is absent; --entry wins over it", async () => {
    const project = await jobWith({ python: "streaming_job.py" });
    await rename(path.join(project, "main.py"), path.join(project, "streaming_job.py"));
    const packed = await packMsf(project);
    expect(packed.status, packed.stderr).toBe(0);
    expect(await zipNames(path.join(packed.out, "demo-job.zip"))).toContain("streaming_job.py");
    expect((await runOptionsOf(packed.out))?.python).toBe("streaming_job.py");
    expect(packed.warnings.filter((w) => w.includes("replaced"))).toEqual([]);

    await writeFile(path.join(project, "other.py"), "print('other')\n");
    const flagged = await packMsf(project, ["--entry", "other.py"]);
    expect(flagged.status, flagged.stderr).toBe(0);
    expect((await runOptionsOf(flagged.out))?.python).toBe("other.py");
  });

  it("a python run option naming a missing script fails, naming the option and the file", async () => {
    const packed = await packMsf(await jobWith({ python: "gone.py" }));
    expect(packed.status).toBe(1);
    expect(packed.stderr).toMatch(/gone\.py \(the "python" run option of application_properties\.json\) does not exist/);
  });

  it("jarfile says where the one jar goes in the zip (lib/pyflink-dependencies.jar, as AWS's samples name it)", async () => {
    const packed = await packMsf(await jobWith({ python: "main.py", jarfile: "lib/pyflink-dependencies.jar" }));
    expect(packed.status, packed.stderr).toBe(0);
    const names = await zipNames(path.join(packed.out, "demo-job.zip"));
    expect(names.filter((n) => n.endsWith(".jar"))).toEqual(["lib/pyflink-dependencies.jar"]);
    expect((await runOptionsOf(packed.out))?.jarfile).toBe("lib/pyflink-dependencies.jar");
    expect(packed.warnings.filter((w) => w.includes("replaced"))).toEqual([]);
  });

  it("pyFiles entries of the project stay registered; a left-out dep/ is dropped with a warning; a missing one fails", async () => {
    const project = await jobWith({ python: "main.py", pyFiles: "mylib/,dep/" });
    await mkdir(path.join(project, "mylib"), { recursive: true });
    await writeFile(path.join(project, "mylib", "helpers.py"), "X = 1\n");
    await mkdir(path.join(project, "dep", "numpy"), { recursive: true });
    await writeFile(path.join(project, "dep", "numpy", "__init__.py"), "");
    const packed = await packMsf(project);
    expect(packed.status, packed.stderr).toBe(0);
    // The listed directory stays at the root, registered as the project had it; the job's other own
    // code goes into deps/, which follows it on pyFiles.
    expect((await runOptionsOf(packed.out))?.pyFiles).toBe("mylib/,deps/");
    const names = await zipNames(path.join(packed.out, "demo-job.zip"));
    expect(names).toContain("mylib/helpers.py");
    expect(names).not.toContain("deps/mylib/helpers.py");
    expect(packed.warnings.join("\n")).toMatch(/pyFiles "dep\/" names dep, which pack leaves out as a build leftover/);

    const missing = await packMsf(await jobWith({ python: "main.py", pyFiles: "nowhere/" }));
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('pyFiles "nowhere/" names nothing in the application zip');
  });
});
