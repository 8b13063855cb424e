// The real CLI against real wheels (built by pip + gcc from test/fixtures) for each target; bundles
// are read back with Info-ZIP's unzip and with yauzl, hashes checked with sha256sum.
import { spawnSync } from "node:child_process";
import { cp, readdir, readFile, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { skipUnless } from "@pyflink-devkit/reference-tools";
import { withZip } from "@pyflink-devkit/zip-archive";
import { BUNDLE_DIR_PLACEHOLDER, DEPLOY_FILE_NAME, withBundleDir } from "../src/index.js";
import { buildWheelhouses, FIXTURES, makeJob, readJson, runCli, sha256sum, SKIP_REASON, SKIP_REF, UNZIP_REF, removeTempDirs, tempDir, unzipList, wheelNames, type Wheelhouses } from "./helpers.js";

afterAll(removeTempDirs);

/** Every file entry of a zip with its bytes, read with yauzl (through the shared zip layer). */
const readZipEntries = (file: string): Promise<{ name: string; data: Buffer }[]> =>
  withZip(file, async (zip) => Promise.all(zip.entries.filter((entry) => !entry.isDirectory).map(async (entry) => ({ name: entry.name, data: await zip.read(entry) }))));

interface JsonOut {
  target: string;
  artifacts: { path: string; sha256: string }[];
  deployConfig: unknown;
  excluded: string[];
  warnings: string[];
}

interface Lock {
  wheels: { name: string; version: string; filename: string; tag: string; sha256: string; zipSafe: boolean; notZipSafeBecause?: string[] }[];
  providedByRuntime: { name: string; version: string }[];
  jars: { path: string; sha256: string }[];
  artifacts: { path: string; sha256: string }[];
}

const skip = SKIP_REASON !== undefined;
if (skip) console.warn(`pack-targets tests skipped: ${SKIP_REASON ?? ""}`);

let wheels: Wheelhouses;
let cacheDir: string;

beforeAll(async () => {
  if (skip) return;
  wheels = await buildWheelhouses();
  cacheDir = await tempDir("pyflink-pack-cache-");
});

function packJson(args: string[]): JsonOut {
  const result = runCli([...args, "--json", "--cache-dir", cacheDir]);
  if (result.status !== 0) throw new Error(`pack failed (${String(result.status)}):\n${result.stderr}`);
  // The contract: stdout is exactly one JSON object.
  const parsed = JSON.parse(result.stdout) as JsonOut;
  expect(Object.keys(parsed)).toEqual(["target", "artifacts", "deployConfig", "excluded", "warnings"]);
  return parsed;
}

describe("fixture wheels (independent facts the other tests rely on)", skipUnless(SKIP_REF), () => {
  it("pip tagged the host-built C extension linux_x86_64 and the plat_name build manylinux2014_x86_64", async () => {
    expect(await wheelNames(wheels.hostOnly)).toEqual(["pfnative-0.1.0-cp311-cp311-linux_x86_64.whl"]);
    expect(await wheelNames(wheels.manylinux)).toEqual(["pfdemo-0.3.0-py3-none-any.whl", "pfnative-0.1.0-cp311-cp311-manylinux2014_x86_64.whl"]);
  });
});

describe("--target msf", skipUnless(SKIP_REF), () => {
  let out: string;
  let json: JsonOut;
  let project: string;

  beforeAll(async () => {
    project = await makeJob({ findLinks: wheels.manylinux, requirements: ["pfdemo", "pfnative", "numpy", "apache-flink==1.20.0"], junk: true });
    out = path.join(await tempDir("pyflink-pack-out-"), "bundle");
    json = packJson(["--project", project, "--target", "msf", "--flink", "1.20", "--out", out]);
  });

  it("lays the zip out as MSF expects: entry at the root, own code and packages in deps/ (on pyFiles), lib/ with one jar, data.zip", skipUnless(UNZIP_REF), () => {
    const names = unzipList(path.join(out, "demo-job.zip"));
    expect(names).toContain("main.py");
    // MSF puts the pyFiles directory itself on the workers' path: own code at the root would be
    // importable on the client only (E6), so it ships in deps/ with the requirements.
    expect(names).toContain("deps/mypkg/udfs.py");
    expect(names).not.toContain("mypkg/udfs.py");
    expect(names).toContain("lib/flink-sql-connector-kafka-3.2.0-1.19.jar");
    expect(names).toContain("data.zip");
    expect(names).toContain("deps/pfdemo/__init__.py");
    expect(names).toContain("deps/pfdemo/words.txt");
    // pfdemo's own dependency six is installed with apache-flink (python-dateutil needs it): provided.
    expect(names).not.toContain("deps/six.py");
    expect(names.some((n) => /^deps\/pfnative\/_speed\.cpython-311-x86_64-linux-gnu\.so$/.test(n))).toBe(true);
    expect(names.filter((n) => n.startsWith("lib/"))).toHaveLength(1);
    // Sorted, no directories, no bytecode, nothing secret.
    expect(names).toEqual([...names].sort());
    for (const n of names) {
      expect(n.endsWith("/")).toBe(false);
      expect(n).not.toMatch(/__pycache__|\.pyc$|^\.env|id_rsa|\.pem$|^\.aws\/|^\.git\/|^env\/|application_properties\.json/);
    }
  });

  it("ships the data archive as a real zip inside the app zip (read with yauzl)", async () => {
    const entries = await readZipEntries(path.join(out, "demo-job.zip"));
    const data = entries.find((e) => e.name === "data.zip");
    expect(data).toBeDefined();
    const inner = await tempDir("pyflink-pack-inner-");
    const file = path.join(inner, "data.zip");
    await writeFile(file, data?.data ?? Buffer.alloc(0));
    expect((await readZipEntries(file)).map((e) => e.name)).toEqual(["data/lookup.csv"]);
  });

  it("never downloads what the runtime provides: numpy and apache-flink are not shipped, and apache-flink is not on any index here", async () => {
    const lock = (await readJson(path.join(out, "pyflink-pack.lock.json"))) as Lock;
    expect(lock.wheels.map((w) => w.name).sort()).toEqual(["pfdemo", "pfnative"]);
    expect(lock.providedByRuntime.map((p) => p.name)).toEqual(expect.arrayContaining(["apache-flink", "numpy", "six"]));
    const names = unzipList(path.join(out, "demo-job.zip"));
    expect(names.some((n) => n.startsWith("deps/numpy"))).toBe(false);
  });

  it("merges the run options into the user's property groups and writes application_properties.json", async () => {
    const groups = json.deployConfig as { PropertyGroupId: string; PropertyMap: Record<string, string> }[];
    expect(groups.map((g) => g.PropertyGroupId)).toEqual(["consumer.config.0", "kinesis.analytics.flink.run.options"]);
    expect(groups[0]?.PropertyMap).toEqual({ "input.stream.name": "in", "aws.region": "eu-west-1" });
    expect(groups[1]?.PropertyMap).toEqual({ python: "main.py", jarfile: "lib/flink-sql-connector-kafka-3.2.0-1.19.jar", pyFiles: "deps/", pyArchives: "data.zip" });
    expect(await readJson(path.join(out, "application_properties.json"))).toEqual(groups);
    // The project's own run options were the defaults, so nothing of the user's was replaced.
    expect(json.warnings.filter((w) => w.includes("replaced"))).toEqual([]);
  });

  it("reports what it left out", () => {
    expect(json.excluded).toEqual(expect.arrayContaining([".env", "id_rsa", "server.pem", ".aws/", ".git/", "env/", "mypkg/__pycache__/", "application_properties.json"]));
  });

  it("writes a lock file with every wheel's tag and sha256 and the jar's sha256 (checked with sha256sum)", async () => {
    const lock = (await readJson(path.join(out, "pyflink-pack.lock.json"))) as Lock;
    const native = lock.wheels.find((w) => w.name === "pfnative");
    expect(native?.tag).toBe("cp311-cp311-manylinux2014_x86_64");
    expect(native?.sha256).toBe(sha256sum(path.join(wheels.manylinux, "pfnative-0.1.0-cp311-cp311-manylinux2014_x86_64.whl")));
    expect(native?.zipSafe).toBe(false);
    expect(native?.notZipSafeBecause?.[0]).toMatch(/compiled code/);
    const demo = lock.wheels.find((w) => w.name === "pfdemo");
    expect(demo?.sha256).toBe(sha256sum(path.join(wheels.manylinux, "pfdemo-0.3.0-py3-none-any.whl")));
    expect(demo?.zipSafe).toBe(false); // reads words.txt next to __file__
    expect(lock.wheels.find((w) => w.name === "six")).toBeUndefined();
    expect(lock.providedByRuntime.map((p) => p.name)).toContain("six");
    expect(lock.jars).toEqual([{ path: "lib/flink-sql-connector-kafka-3.2.0-1.19.jar", sha256: sha256sum(path.join(project, "lib", "flink-sql-connector-kafka-3.2.0-1.19.jar")) }]);
  });

  it("prints sha256s that match the files", () => {
    expect(json.artifacts.length).toBeGreaterThanOrEqual(3);
    for (const artifact of json.artifacts) expect(artifact.sha256).toBe(sha256sum(artifact.path));
  });

  it("builds byte-identical artifacts a second time, into another directory, from the warm cache", async () => {
    const out2 = path.join(await tempDir("pyflink-pack-out-"), "bundle");
    const result = runCli(["--project", project, "--target", "msf", "--flink", "1.20", "--out", out2, "--json", "--cache-dir", cacheDir]);
    expect(result.status).toBe(0);
    expect(result.stderr).toMatch(/from the cache/);
    const second = JSON.parse(result.stdout) as JsonOut;
    const hashes = (j: JsonOut): Record<string, string> => Object.fromEntries(j.artifacts.map((a) => [path.basename(a.path), a.sha256]));
    expect(hashes(second)).toEqual(hashes(json));
  });
});

describe("--target flink", skipUnless(SKIP_REF), () => {
  let out: string;
  let json: JsonOut;
  let project: string;

  beforeAll(async () => {
    project = await makeJob({ findLinks: wheels.manylinux, requirements: ["pfdemo", "pfnative"] });
    out = path.join(await tempDir("pyflink-pack-out-"), "bundle");
    json = packJson(["--project", project, "--target", "flink", "--flink", "1.20", "--python", "3.11", "--out", out]);
  });

  it("writes the deploy config into the bundle with the bundle directory as a placeholder, listed and hashed like every artifact", async () => {
    const file = path.join(out, DEPLOY_FILE_NAME);
    const text = await readFile(file, "utf8");
    expect(text).not.toContain(out);
    const written = JSON.parse(text) as { deployFileVersion: number; generatedBy: string; target: string; deployConfig: { workingDirectory: string; configuration: Record<string, string> } };
    expect(Object.keys(written)).toEqual(["deployFileVersion", "generatedBy", "target", "deployConfig"]);
    expect(written).toMatchObject({ deployFileVersion: 1, generatedBy: "pyflink-pack", target: "flink" });
    expect(written.deployConfig.workingDirectory).toBe(BUNDLE_DIR_PLACEHOLDER);
    expect(written.deployConfig.configuration["pipeline.jars"]).toBe("file://<bundle-dir>/lib/flink-sql-connector-kafka-3.2.0-1.19.jar");
    // With the placeholder filled in it is exactly what --json printed.
    expect(withBundleDir(written.deployConfig, out)).toEqual(json.deployConfig);
    expect(json.artifacts.find((artifact) => artifact.path === file)?.sha256).toBe(sha256sum(file));
    const lock = (await readJson(path.join(out, "pyflink-pack.lock.json"))) as Lock;
    expect(lock.artifacts).toContainEqual({ path: DEPLOY_FILE_NAME, sha256: sha256sum(file) });
  });

  it("writes the same deploy file and lock into another --out directory", async () => {
    const out2 = path.join(await tempDir("pyflink-pack-out-"), "elsewhere");
    const second = packJson(["--project", project, "--target", "flink", "--flink", "1.20", "--python", "3.11", "--out", out2]);
    expect((second.deployConfig as { workingDirectory: string }).workingDirectory).toBe(out2);
    const hashes = (j: JsonOut): Record<string, string> => Object.fromEntries(j.artifacts.map((a) => [path.basename(a.path), a.sha256]));
    expect(hashes(second)).toEqual(hashes(json));
    expect(hashes(second)[DEPLOY_FILE_NAME]).toBe(sha256sum(path.join(out, DEPLOY_FILE_NAME)));
    expect(hashes(second)["pyflink-pack.lock.json"]).toBe(sha256sum(path.join(out, "pyflink-pack.lock.json")));
  });

  it("gives the flink run arguments and the equivalent configuration keys", () => {
    const config = json.deployConfig as { args: string[]; configuration: Record<string, string>; workingDirectory: string };
    expect(config.args).toEqual(["-py", "main.py", "-pyfs", "job.zip,deps.zip", "-pyarch", "data.zip", "-j", "lib/flink-sql-connector-kafka-3.2.0-1.19.jar"]);
    expect(config.configuration).toEqual({
      "python.files": "job.zip,deps.zip",
      "python.archives": "data.zip",
      "pipeline.jars": `file://${path.join(out, "lib", "flink-sql-connector-kafka-3.2.0-1.19.jar")}`,
    });
    expect(config.workingDirectory).toBe(out);
  });

  it("writes job.zip with the own package and deps.zip with the installed wheels", skipUnless(UNZIP_REF), async () => {
    expect(unzipList(path.join(out, "job.zip"))).toEqual(["mypkg/__init__.py", "mypkg/udfs.py"]);
    const deps = unzipList(path.join(out, "deps.zip"));
    expect(deps).toEqual(expect.arrayContaining(["pfdemo/__init__.py", "pfdemo-0.3.0.dist-info/METADATA"]));
    expect(deps).not.toContain("six.py"); // pfdemo's six comes with apache-flink 1.20 (python-dateutil needs it)
    expect(await readFile(path.join(out, "main.py"), "utf8")).toContain("from mypkg.udfs import shout");
  });

  it("normalises timestamps and modes (zipinfo's view)", skipUnless(UNZIP_REF), () => {
    const info = spawnSync("zipinfo", ["-l", path.join(out, "deps.zip")], { encoding: "utf8" }).stdout;
    const rows = info.split("\n").filter((l) => /^[-l]r/.test(l));
    expect(rows.length).toBeGreaterThan(3);
    for (const row of rows) {
      expect(row).toMatch(/^-rw-r--r--|^-rwxr-xr-x/);
      expect(row).toMatch(/80-Jan-01 00:00|1980/);
    }
  });
});

describe("--target flink with a module entry", skipUnless(SKIP_REF), () => {
  it("uses -pym with the module shipped in job.zip, and refuses a module that is not there", async () => {
    const project = await makeJob();
    const out = path.join(await tempDir("pyflink-pack-out-"), "bundle");
    const json = packJson(["--project", project, "--target", "flink", "--module", "mypkg.udfs", "--out", out]);
    const config = json.deployConfig as { args: string[] };
    expect(config.args.slice(0, 4)).toEqual(["-pym", "mypkg.udfs", "-pyfs", "job.zip"]);
    expect(json.artifacts.some((a) => a.path.endsWith("main.py"))).toBe(false);
    const missing = runCli(["--project", project, "--target", "flink", "--module", "mypkg.nope", "--out", path.join(await tempDir("pyflink-pack-out-"), "b")]);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/Entry module mypkg\.nope is not among the job's sources/);
  });

  it("verify, without --module or --deploy-config, reads the -pym entry from the bundle's deploy file and imports it", async () => {
    const project = await makeJob();
    const out = path.join(await tempDir("pyflink-pack-out-"), "bundle");
    packJson(["--project", project, "--target", "flink", "--module", "mypkg.udfs", "--out", out]);
    const plain = runCli(["verify", out]);
    expect(plain.stderr).not.toContain("names no entry");
    expect(plain.status).toBe(0);
    const result = runCli(["verify", out, "--json"]);
    expect(result.status).toBe(0);
    const report = JSON.parse(result.stdout) as { ok: boolean; worker: { entry: unknown; pythonFiles: string[]; notes: string[] }; imports: { module: string; origin: string; ok: boolean }[] };
    expect(report.worker.entry).toEqual({ kind: "module", name: "mypkg.udfs" });
    expect(report.worker.pythonFiles).toEqual(["job.zip"]);
    expect(report.worker.notes.join("\n")).toContain(`read from ${DEPLOY_FILE_NAME}`);
    expect(report.imports[0]).toEqual(expect.objectContaining({ module: "mypkg.udfs", origin: "entry", ok: true }));
    expect(report.ok).toBe(true);
  });
});

describe("--target vvp", skipUnless(SKIP_REF), () => {
  it("writes deps.zip for Python Libraries and the configuration lines", async () => {
    const project = await makeJob({ findLinks: wheels.manylinux, requirements: ["pfdemo"] });
    const out = path.join(await tempDir("pyflink-pack-out-"), "bundle");
    const json = packJson(["--project", project, "--target", "vvp", "--engine", "11.1.0", "--out", out]);
    const config = json.deployConfig as { pythonArtifact: Record<string, unknown>; flinkConfiguration: Record<string, string>; configLines: string[] };
    expect(config.pythonArtifact).toEqual({
      pythonArtifactUri: "main.py",
      additionalPythonLibraries: ["job.zip", "deps.zip"],
      additionalPythonArchives: ["data.zip"],
      additionalDependencies: ["lib/flink-sql-connector-kafka-3.2.0-1.19.jar"],
    });
    expect(config.configLines).toEqual(["python.archives: file:///flink/usrlib/data.zip", "pipeline.classpaths: 'file:///flink/usrlib/flink-sql-connector-kafka-3.2.0-1.19.jar'"]);
    const deps = (await readZipEntries(path.join(out, "deps.zip"))).map((e) => e.name);
    expect(deps).toEqual(expect.arrayContaining(["pfdemo/__init__.py"]));
    expect(deps).not.toContain("six.py"); // VVR 11 runs apache-flink 1.20, whose install brings six
  });
});

describe("failures: one clear message, non-zero exit, nothing in --out", skipUnless(SKIP_REF), () => {
  async function expectFailure(args: string[], pattern: RegExp): Promise<string> {
    const parent = await tempDir("pyflink-pack-fail-");
    const out = path.join(parent, "bundle");
    const result = runCli([...args, "--out", out, "--json", "--cache-dir", cacheDir]);
    expect(result.status).not.toBe(0);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(pattern);
    expect(await stat(out).catch(() => undefined)).toBeUndefined();
    // No temp directory left beside --out either.
    expect(await readdir(parent)).toEqual([]);
    return result.stderr;
  }

  it("a wheel missing for the target names the package, the target's tags and what the index offers", async () => {
    const project = await makeJob({ findLinks: wheels.hostOnly, requirements: ["pfnative"] });
    const stderr = await expectFailure(["--project", project, "--target", "msf", "--flink", "1.20"], /No wheel of "pfnative" fits msf-flink-1\.20/);
    expect(stderr).toContain("cp311-{cp311,abi3,none}-{manylinux_2_17_x86_64");
    expect(stderr).toContain("pfnative-0.1.0-cp311-cp311-linux_x86_64.whl (tags cp311-cp311-linux_x86_64)");
  });

  it("a pin outside apache-flink's declared range is refused, naming the range (1.20 declares python-dateutil>=2.8.0,<3)", async () => {
    const project = await makeJob({ requirements: ["python-dateutil==2.7.5"] });
    await expectFailure(["--project", project, "--target", "msf", "--flink", "1.20"], /"python-dateutil==2\.7\.5" resolves to python-dateutil 2\.7\.5, outside apache-flink 1\.20\.\d+ \(msf-flink-1\.20\)'s declared range python-dateutil(<3,>=2\.8\.0|>=2\.8\.0,<3)/);
  });

  it("a missing entry script", async () => {
    const project = await makeJob();
    await expectFailure(["--project", project, "--target", "flink", "--entry", "jobs/missing.py"], /Entry script jobs\/missing\.py does not exist/);
  });

  it("an unknown target", async () => {
    const project = await makeJob();
    const stderr = await expectFailure(["--project", project, "--target", "emr"], /argument 'emr' is invalid\. Allowed choices are flink, msf, vvp/);
    // One message and a pointer to --help, not the whole option list.
    expect(stderr).toContain("add --help to the command for its options");
    expect(stderr).not.toContain("Usage:");
  });

  it("an --out directory that is not an earlier bundle is never replaced", async () => {
    const project = await makeJob();
    const out = await tempDir("pyflink-pack-precious-");
    await writeFile(path.join(out, "thesis.tex"), "keep me");
    const result = runCli(["--project", project, "--target", "flink", "--out", out, "--cache-dir", cacheDir]);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/exists and is not a pyflink-pack bundle/);
    expect(await readdir(out)).toEqual(["thesis.tex"]);
  });

  it("an unknown target from pyflink-pack.json", async () => {
    const project = await makeJob({ config: { target: "emr" } });
    await expectFailure(["--project", project], /Unknown target "emr"\. Use one of: flink, msf, vvp/);
  });

  it("an unknown key in pyflink-pack.json names the key and the file", async () => {
    const project = await makeJob({ config: { entry: "main.py", requirement: "requirements.txt" } });
    await expectFailure(["--project", project, "--target", "msf"], new RegExp(`${path.join(project, "pyflink-pack.json").replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: unknown key "requirement"`));
  });

  it("a Python version the runtime does not run", async () => {
    const project = await makeJob();
    await expectFailure(["--project", project, "--target", "msf", "--flink", "1.20", "--python", "3.10"], /MSF Flink 1\.20 runs Python 3\.11, not 3\.10/);
  });
});

describe("--include and pyproject.toml", skipUnless(SKIP_REF), () => {
  it("--include ships a file the safe defaults leave out; pyproject dependencies are resolved", skipUnless(UNZIP_REF), async () => {
    const project = await makeJob({ junk: true });
    await writeFile(path.join(project, "pyproject.toml"), '[project]\nname = "demo-job"\nversion = "1"\ndependencies = ["tabulate==0.9.0", "six>=1.16", "apache-flink==1.20.0"]\n');
    const out = path.join(await tempDir("pyflink-pack-out-"), "bundle");
    const json = packJson(["--project", project, "--target", "flink", "--flink", "1.20", "--include", "server.pem", "--out", out]);
    expect(unzipList(path.join(out, "job.zip"))).toEqual(["mypkg/__init__.py", "mypkg/udfs.py", "server.pem"]);
    expect(json.excluded).not.toContain("server.pem");
    expect(json.excluded).toContain(".env");
    // six and apache-flink (a pin on the runtime's own line) are the runtime's; tabulate is shipped.
    expect(unzipList(path.join(out, "deps.zip"))).toEqual(expect.arrayContaining(["tabulate/__init__.py"]));
    expect(unzipList(path.join(out, "deps.zip"))).not.toContain("six.py");
  });
});

describe("--allow-sdist", skipUnless(SKIP_REF), () => {
  it("builds an sdist-only requirement for this host, says so, and records it in the lock", async () => {
    const sdists = await tempDir("pyflink-pack-sdists-");
    // An sdist as pip would find it on an index: <name>-<version>.tar.gz with one top directory.
    const staging = await tempDir("pyflink-pack-sdist-src-");
    await cp(path.join(FIXTURES, "pfnative"), path.join(staging, "pfnative-0.1.0"), { recursive: true });
    const tar = spawnSync("tar", ["-czf", path.join(sdists, "pfnative-0.1.0.tar.gz"), "-C", staging, "pfnative-0.1.0"]);
    expect(tar.status).toBe(0);
    const project = await makeJob({ findLinks: sdists, requirements: ["pfnative"] });

    const refused = runCli(["--project", project, "--target", "flink", "--out", path.join(await tempDir("pyflink-pack-out-"), "b"), "--cache-dir", cacheDir]);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain("pfnative-0.1.0.tar.gz (source distribution");

    const out = path.join(await tempDir("pyflink-pack-out-"), "bundle");
    const json = packJson(["--project", project, "--target", "flink", "--python", "3.11", "--allow-sdist", "--out", out]);
    expect(json.warnings.some((w) => w.includes("built from the sdist pfnative-0.1.0.tar.gz for this host"))).toBe(true);
    const lock = (await readJson(path.join(out, "pyflink-pack.lock.json"))) as { wheels: { name: string; source: string; tag: string }[] };
    expect(lock.wheels).toEqual([expect.objectContaining({ name: "pfnative", source: "sdist-built-for-host", tag: "cp311-cp311-linux_x86_64" })]);
  });
});

describe("markers are evaluated for the target, not the host", skipUnless(SKIP_REF), () => {
  it("an aarch64-only requirement is installed for an aarch64 target although this host is x86_64", async () => {
    const project = await makeJob({ requirements: ['tabulate==0.9.0; platform_machine == "aarch64"', 'pfdemo; platform_machine == "x86_64"'], findLinks: wheels.manylinux });
    const out = path.join(await tempDir("pyflink-pack-out-"), "bundle");
    const json = packJson(["--project", project, "--target", "flink", "--machine", "aarch64", "--out", out]);
    expect(json.target).toBe("flink");
    const lock = (await readJson(path.join(out, "pyflink-pack.lock.json"))) as Lock;
    expect(lock.wheels.map((w) => w.name)).toEqual(["tabulate"]);
  });
});
