import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { requirement, skipUnless, systemTool, systemTools } from "@pyflink-devkit/reference-tools";
import { PackError, verifyBundle } from "../src/index.js";
import { extractZipSafely } from "../src/verify/safe-extract.js";
import { CLI, distribution, flinkBundle, infoZip, pythonFor, runCli, tempDir, writeLock, writeTree } from "./verify-helpers.js";

const PYTHON311 = pythonFor("3.11");
const py311Ref = requirement(PYTHON311 !== undefined, "python:3.11", "interpreter", "no python3.11 here (the flink-1.20 profile's Python): pyenv install 3.11");
const why = "needs python3.11 (the flink-1.20 profile's Python) and Info-ZIP zip";

const GUARDED_ENTRY = [
  "from pyflink.table import EnvironmentSettings, TableEnvironment",
  "import fancylib",
  "",
  "def main():",
  "    TableEnvironment.create(EnvironmentSettings.in_streaming_mode())",
  "",
  'if __name__ == "__main__":',
  "    main()",
  "",
].join("\n");

const FANCYLIB = distribution("fancylib", "1.0", { "fancylib/__init__.py": "import tinydep\nVALUE = tinydep.VALUE\n" });
const TINYDEP = distribution("tinydep", "2.0", { "tinydep.py": "VALUE = 42\n" });

describe(`verify imports in the recreated worker layout (skipped: ${why})`, skipUnless(py311Ref, systemTool("zip")), () => {
  it("fails a bundle missing a transitive dependency and names the missing module", async () => {
    const bundle = flinkBundle(GUARDED_ENTRY, FANCYLIB);
    const report = await verifyBundle(bundle, { interpreter: PYTHON311 });
    expect(report.ok).toBe(false);
    expect(report.worker.pythonFiles).toEqual(["deps.zip"]);
    const fancy = report.imports.find((check) => check.module === "fancylib");
    expect(fancy).toMatchObject({ ok: false, errorType: "ModuleNotFoundError", missing: "tinydep", distribution: "fancylib" });
    expect(report.imports.find((check) => check.module === "main")).toMatchObject({ ok: false, origin: "entry", missing: "tinydep" });
    expect(report.problems.join("\n")).toContain("'tinydep' is neither in the bundle nor provided by the flink-1.20-py3.11-x86_64 runtime");
  });

  it("passes the same bundle once the dependency is shipped; pyflink is stubbed and the __main__ block is not run", async () => {
    const bundle = flinkBundle(GUARDED_ENTRY, { ...FANCYLIB, ...TINYDEP });
    const report = await verifyBundle(bundle, { interpreter: PYTHON311 });
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.imports.map((check) => [check.module, check.ok])).toEqual([["main", true], ["fancylib", true], ["tinydep", true]]);
    expect(report.pythonPath).toEqual(["python-files/file-0/deps"]);
    expect(report.clientPath).toBe(".");
    if (!report.served.includes("pyflink")) expect(report.stubbed).toContain("pyflink");
  });

  it("accepts a -py entry that builds its environment at import time (it runs on the client only) and says so", async () => {
    const entry = "from pyflink.datastream import StreamExecutionEnvironment\nenv = StreamExecutionEnvironment.get_execution_environment()\n";
    const report = await verifyBundle(flinkBundle(entry, {}), { interpreter: PYTHON311 });
    const main = report.imports.find((check) => check.module === "main");
    // The import itself raises (the disabled gateway), but for a script entry that is no problem.
    expect(main?.ok).toBe(false);
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.notes.join("\n")).toContain("main builds its Flink environment when it is imported: fine for a -py entry");
  });

  it("takes provided from the runtime's whole installed set, not the lock's list: six and dateutil under a shipped package are no false alarm", async () => {
    // botocore's way (PythonDependencies): a shipped package importing python-dateutil, which imports six.
    // Both are installed by apache-flink 1.20 (data/runtimes.json), transitively for six; the lock,
    // as pack writes it, lists only what the job's tree asked for (here: nothing but apache-flink).
    const awsish = distribution("awsish", "1.0", { "awsish/__init__.py": "import six\nimport dateutil\nfrom dateutil import tz\n" });
    const bundle = flinkBundle("import awsish\n", awsish, { target: "msf", flink: "1.20" });
    writeLock(bundle, { target: "msf", flink: "1.20" }, [], ["apache-flink"]);
    const report = await verifyBundle(bundle, { interpreter: PYTHON311 });
    expect(report.runtime.provided).toEqual(expect.arrayContaining(["six", "python-dateutil", "apache-flink"]));
    expect(report.problems).toEqual([]);
    expect(report.imports.find((check) => check.module === "awsish")).toMatchObject({ ok: true });
    expect([...report.served, ...report.stubbed]).toEqual(expect.arrayContaining(["six", "dateutil"]));
  });

  it("does not let the verifying interpreter's own site-packages hide a missing package", async () => {
    // pip is installed in every pyenv CPython, but it is not in the bundle and not provided.
    const report = await verifyBundle(flinkBundle("import pip\n", {}), { interpreter: PYTHON311 });
    expect(report.imports[0]).toMatchObject({ module: "main", ok: false, missing: "pip" });
  });

  it("lays out an MSF bundle from its run options: deps/ on the path, the entry at the zip root", async () => {
    const root = tempDir();
    const app = path.join(root, "app");
    writeTree(app, { "main.py": "import fancylib\nimport mypkg.udfs\n", "mypkg/__init__.py": "", "mypkg/udfs.py": "def shout(text):\n    return text.upper()\n", ...Object.fromEntries(Object.entries({ ...FANCYLIB, ...TINYDEP }).map(([name, text]) => [`deps/${name}`, text])) });
    const bundle = path.join(root, "bundle");
    mkdirSync(bundle);
    infoZip(app, path.join(bundle, "job.zip"));
    writeFileSync(
      path.join(bundle, "application_properties.json"),
      JSON.stringify([{ PropertyGroupId: "kinesis.analytics.flink.run.options", PropertyMap: { python: "main.py", pyFiles: "deps/" } }]),
    );
    writeLock(bundle, { target: "msf", flink: "1.20" });
    const report = await verifyBundle(bundle, { interpreter: PYTHON311 });
    expect(report.problems).toEqual([]);
    expect(report.pythonPath).toEqual(["python-files/file-0/deps"]);
    expect(report.imports.map((check) => check.module)).toEqual(["main", "fancylib", "tinydep"]);
    // mypkg sits beside main.py at the zip root: the client imports it, the workers (pyFiles = deps/) cannot.
    expect(report.clientOnly).toEqual(["mypkg"]);
    expect(report.notes.join("\n")).toContain("mypkg: imported by the entry from beside it, but not on the workers' path");
  });

  it("the real CLI exits 1 and names the module; --json carries the same report", () => {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: build the package first (turbo runs build before test)`);
    const bundle = flinkBundle(GUARDED_ENTRY, FANCYLIB);
    const text = runCli(["verify", bundle, "--interpreter", PYTHON311 ?? "python3.11", "--quiet"]);
    expect(text.status).toBe(1);
    expect(text.stdout).toContain("FAIL fancylib (fancylib): ModuleNotFoundError: No module named 'tinydep'");
    const json = runCli(["verify", bundle, "--interpreter", PYTHON311 ?? "python3.11", "--json"]);
    expect(json.status).toBe(1);
    const parsed = JSON.parse(json.stdout) as { ok: boolean; imports: { module: string; missing?: string }[] };
    expect(parsed.ok).toBe(false);
    expect(parsed.imports.find((check) => check.module === "fancylib")?.missing).toBe("tinydep");
  });
});

describe("verify runs the native audit (skipped: needs gcc and zip)", skipUnless(systemTools("gcc", "zip")), () => {
  it("fails a bundle whose deps.zip carries a macOS .so, naming the file", async () => {
    const macho = Buffer.alloc(64);
    macho.writeUInt32LE(0xfeedfacf, 0);
    macho.writeUInt32LE(0x0100000c, 4);
    const root = tempDir();
    const deps = path.join(root, "deps");
    writeTree(deps, distribution("speedy", "1.0", { "speedy/__init__.py": "" }));
    writeFileSync(path.join(deps, "speedy", "_speedups.cpython-311-darwin.so"), macho);
    const bundle = path.join(root, "bundle");
    mkdirSync(bundle);
    writeFileSync(path.join(bundle, "main.py"), "import speedy\n");
    infoZip(deps, path.join(bundle, "deps.zip"));
    writeLock(bundle, { target: "flink", flink: "1.20", python: "3.11" });
    const report = await verifyBundle(bundle, { skipImports: true });
    expect(report.ok).toBe(false);
    expect(report.audit.findings.map((finding) => [finding.path, finding.kind])).toEqual([["deps.zip!speedy/_speedups.cpython-311-darwin.so", "mach-o"]]);
  });

  it("passes an ELF .so compiled here for an x86_64 profile and fails it for an aarch64 one", async () => {
    const root = tempDir();
    writeFileSync(path.join(root, "fast.c"), "int answer(void) { return 42; }\n");
    const deps = path.join(root, "deps");
    mkdirSync(path.join(deps, "fast"), { recursive: true });
    execFileSync("gcc", ["-shared", "-fPIC", "-o", path.join(deps, "fast", "_fast.cpython-311-x86_64-linux-gnu.so"), path.join(root, "fast.c")]);
    const bundle = path.join(root, "bundle");
    mkdirSync(bundle);
    writeFileSync(path.join(bundle, "main.py"), "import fast\n");
    infoZip(deps, path.join(bundle, "deps.zip"));
    writeLock(bundle, { target: "flink", flink: "1.20", python: "3.11", glibc: "2.31" });
    const x86 = await verifyBundle(bundle, { skipImports: true });
    expect(x86.audit.ok).toBe(true);
    expect(x86.audit.findings).toHaveLength(1);
    const arm = await verifyBundle(bundle, { skipImports: true, machine: "aarch64" });
    expect(arm.ok).toBe(false);
    expect(arm.problems.join("\n")).toContain("the runtime is aarch64");
  });
});

describe("extraction refuses what would escape the target (skipped: needs python3 and zip)", skipUnless(systemTools("python3", "zip")), () => {
  it("refuses a zip with ../ entries and writes nothing outside", async () => {
    const root = tempDir();
    const evil = path.join(root, "evil.zip");
    // Python's zipfile writes the name as given; Info-ZIP would strip the ../ itself.
    execFileSync("python3", ["-c", "import sys, zipfile\nwith zipfile.ZipFile(sys.argv[1], 'w') as z:\n    z.writestr('ok.py', 'x = 1')\n    z.writestr('../escaped.py', 'import os')", evil]);
    const target = path.join(root, "out", "deps");
    await expect(extractZipSafely(evil, target)).rejects.toThrow(PackError);
    await expect(extractZipSafely(evil, path.join(root, "out", "again"))).rejects.toThrow(/refused to extract entry "\.\.\/escaped\.py": it climbs out with '\.\.'/);
    expect(existsSync(path.join(root, "out", "escaped.py"))).toBe(false);
  });

  it("refuses a symlink entry that points outside the archive", async () => {
    const root = tempDir();
    const src = path.join(root, "src");
    mkdirSync(src);
    writeFileSync(path.join(src, "real.py"), "x = 1\n");
    execFileSync("ln", ["-s", "/etc/passwd", path.join(src, "leak")]);
    execFileSync("ln", ["-s", "real.py", path.join(src, "alias.py")]);
    const zip = path.join(root, "links.zip");
    infoZip(src, zip, ["--symlinks"]);
    await expect(extractZipSafely(zip, path.join(root, "out"))).rejects.toThrow(/"leak": it is a symlink to \/etc\/passwd, outside the archive/);
  });

  it("keeps a symlink that stays inside the archive", async () => {
    const root = tempDir();
    const src = path.join(root, "src");
    mkdirSync(src);
    writeFileSync(path.join(src, "real.py"), "x = 1\n");
    execFileSync("ln", ["-s", "real.py", path.join(src, "alias.py")]);
    const zip = path.join(root, "links.zip");
    infoZip(src, zip, ["--symlinks"]);
    await extractZipSafely(zip, path.join(root, "out"));
    copyFileSync(path.join(root, "out", "alias.py"), path.join(root, "copied.py"));
    expect(execFileSync("cat", [path.join(root, "copied.py")], { encoding: "utf8" })).toBe("x = 1\n");
  });

  it("verify reports a zip-slip deps.zip as a problem instead of extracting it", async () => {
    const bundle = flinkBundle("import ok\n", {});
    execFileSync("python3", ["-c", "import sys, zipfile\nwith zipfile.ZipFile(sys.argv[1], 'w') as z:\n    z.writestr('ok.py', 'x = 1')\n    z.writestr('../../escaped.py', 'import os')", path.join(bundle, "deps.zip")]);
    const report = await verifyBundle(bundle, { skipImports: true });
    expect(report.ok).toBe(false);
    expect(report.problems.join("\n")).toContain('refused to extract entry "../../escaped.py"');
  });
});

describe(`archives and python.executable as the worker resolves them (skipped: ${why})`, skipUnless(py311Ref, systemTool("zip")), () => {
  it("extracts python.archives under their #alias into the working directory, where relative paths resolve", async () => {
    const root = tempDir();
    const data = path.join(root, "data");
    writeTree(data, { "lookup.csv": "a,1\n" });
    const bundle = flinkBundle('with open("mydata/lookup.csv") as handle:\n    ROWS = handle.read().split()\n', {});
    infoZip(data, path.join(bundle, "data.zip"));
    const deployConfig = { deployConfig: { args: ["-py", "main.py", "-pyarch", "data.zip#mydata"], configuration: { "python.archives": "data.zip#mydata" } } };
    const report = await verifyBundle(bundle, { interpreter: PYTHON311, deployConfig });
    expect(report.worker.archives).toEqual([{ path: "data.zip", target: "mydata" }]);
    expect(report.problems).toEqual([]);
    expect(report.imports).toMatchObject([{ module: "main", ok: true }]);
  });

  it("fails a relative python.executable that the archives do not contain, naming the path", async () => {
    const root = tempDir();
    const env = path.join(root, "env");
    writeTree(env, { "venv/bin/README": "not an interpreter\n" });
    const bundle = flinkBundle("x = 1\n", {});
    infoZip(env, path.join(bundle, "venv.zip"));
    const report = await verifyBundle(bundle, { interpreter: PYTHON311 });
    expect(report.worker.executable).toBe("venv.zip/venv/bin/python");
    expect(report.ok).toBe(false);
    expect(report.problems.join("\n")).toContain('python.executable "venv.zip/venv/bin/python" does not exist after extracting the archives');
  });
});

const EXTENSION_SOURCE = `#include <Python.h>
static PyObject *answer(PyObject *self, PyObject *args) { return PyLong_FromLong(42); }
static PyMethodDef methods[] = {{"answer", answer, METH_NOARGS, ""}, {NULL, NULL, 0, NULL}};
static struct PyModuleDef definition = {PyModuleDef_HEAD_INIT, "_fast", NULL, -1, methods};
PyMODINIT_FUNC PyInit__fast(void) { return PyModule_Create(&definition); }
`;

describe(`a C extension in a .whl vs in deps.zip (skipped: ${why}, and gcc)`, skipUnless(py311Ref, systemTools("zip", "gcc")), () => {
  /** The `fast` package with a real CPython 3.11 extension compiled here, laid out as pip installs it. */
  function fastPackage(root: string): string {
    const include = execFileSync(PYTHON311 ?? "python3.11", ["-c", "import sysconfig; print(sysconfig.get_paths()['include'])"], { encoding: "utf8" }).trim();
    const pkg = path.join(root, "fast-pkg");
    writeTree(pkg, distribution("fast", "1.0", { "fast/__init__.py": "from ._fast import answer\n" }));
    writeTree(pkg, { "fast-1.0.dist-info/WHEEL": "Wheel-Version: 1.0\nRoot-Is-Purelib: false\nTag: cp311-cp311-manylinux2014_x86_64\n" });
    writeFileSync(path.join(root, "fast.c"), EXTENSION_SOURCE);
    execFileSync("gcc", ["-shared", "-fPIC", `-I${include}`, "-o", path.join(pkg, "fast", "_fast.cpython-311-x86_64-linux-gnu.so"), path.join(root, "fast.c")]);
    return pkg;
  }

  it("imports it from deps.zip, which Flink extracts", async () => {
    const root = tempDir();
    const bundle = flinkBundle("from fast import answer\nassert answer() == 42\n", {});
    infoZip(fastPackage(root), path.join(bundle, "deps.zip"));
    const report = await verifyBundle(bundle, { interpreter: PYTHON311 });
    expect(report.problems).toEqual([]);
    expect(report.imports.map((check) => [check.module, check.ok])).toEqual([["main", true], ["fast", true]]);
  });

  it("fails it from a .whl in python.files, which stays zipped, and says why", async () => {
    const root = tempDir();
    const bundle = flinkBundle("from fast import answer\n", {});
    const wheel = "fast-1.0-cp311-cp311-manylinux2014_x86_64.whl";
    infoZip(fastPackage(root), path.join(bundle, wheel));
    const deployConfig = { args: ["-py", "main.py", "-pyfs", wheel], configuration: { "python.files": wheel } };
    const report = await verifyBundle(bundle, { interpreter: PYTHON311, deployConfig });
    expect(report.audit.ok).toBe(true);
    const fast = report.imports.find((check) => check.module === "fast");
    expect(fast).toMatchObject({ ok: false, errorType: "ModuleNotFoundError", missing: "fast._fast" });
    expect(fast?.explanation).toContain("zipimport cannot load its native extensions");
  });
});

describe(`module entries (-pym) (skipped: ${why})`, skipUnless(py311Ref, systemTool("zip")), () => {
  it("imports a -pym entry from job.zip by its dotted name; a wrong name fails naming it", async () => {
    const root = tempDir();
    const job = path.join(root, "job");
    writeTree(job, { "pkg/__init__.py": "", "pkg/job.py": 'def main():\n    pass\n\nif __name__ == "__main__":\n    raise SystemExit("must not run")\n' });
    const bundle = path.join(root, "bundle");
    mkdirSync(bundle);
    infoZip(job, path.join(bundle, "job.zip"));
    writeLock(bundle, { target: "flink", flink: "1.20", python: "3.11" });
    const good = await verifyBundle(bundle, { interpreter: PYTHON311, module: "pkg.job" });
    expect(good.problems).toEqual([]);
    expect(good.imports).toMatchObject([{ module: "pkg.job", origin: "entry", ok: true }]);
    const wrong = await verifyBundle(bundle, { interpreter: PYTHON311, module: "pkg.missing" });
    expect(wrong.imports[0]).toMatchObject({ module: "pkg.missing", ok: false, missing: "pkg.missing" });
    expect(wrong.imports[0]?.explanation).toContain("pkg.missing is not inside the shipped pkg package. Fix the entry module's name");
  });
});

describe("flags belong to the command they follow (skipped: needs Info-ZIP zip)", skipUnless(systemTool("zip")), () => {
  function bareAppZip(): string {
    const root = tempDir();
    writeTree(path.join(root, "app"), { "main.py": "x = 1\n" });
    const zip = path.join(root, "app.zip");
    infoZip(path.join(root, "app"), zip);
    return zip;
  }

  it("verify --target msf --flink 1.20 --json reads a bare application zip as the MSF 1.20 runtime", () => {
    const result = runCli(["verify", bareAppZip(), "--target", "msf", "--flink", "1.20", "--no-imports", "--json"]);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    const report = JSON.parse(result.stdout) as { ok: boolean; runtime: { profileId: string; python: string }; worker: { entry: unknown } };
    expect(report.runtime).toMatchObject({ profileId: "msf-flink-1.20", python: "3.11" });
    expect(report.worker.entry).toEqual({ kind: "script", path: "main.py" });
    expect(report.ok).toBe(true);
  });

  it("verify's --target is verify's own option: a bad value gets verify's message, not pack's choices", () => {
    const result = runCli(["verify", bareAppZip(), "--target", "bogus", "--no-imports"]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('unknown target "bogus". Use one of: flink, msf, vvp.');
    expect(result.stderr).not.toContain("Allowed choices");
  });

  it("a pack flag after `verify` is a usage error (exit 2) instead of being taken by pack", () => {
    const result = runCli(["verify", bareAppZip(), "--target", "msf", "--out", "somewhere"]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("error: unknown option '--out'");
    expect(result.stderr).toContain("add --help to the command for its options");
  });

  it("inspect --target flink --json prints one JSON object for a zip pack did not write", () => {
    const result = runCli(["inspect", bareAppZip(), "--target", "flink", "--flink", "1.20", "--json"]);
    expect(result.status).toBe(0);
    const report = JSON.parse(result.stdout) as { runtime: { profileId: string }; artifacts: { path: string; role: string }[] };
    expect(report.runtime.profileId).toBe("flink-1.20-py3.11-x86_64");
    expect(report.artifacts).toMatchObject([{ path: "main.py", role: "entry script" }]);
  });
});

describe("the bundle's deploy file (skipped: needs Info-ZIP zip)", skipUnless(systemTool("zip")), () => {
  it("a deploy file this version cannot read is an error naming the file and the fix", async () => {
    const bundle = flinkBundle("x = 1\n", {});
    writeFileSync(path.join(bundle, "pyflink-pack.deploy.json"), JSON.stringify({ deployFileVersion: 99, generatedBy: "pyflink-pack", target: "flink", deployConfig: {} }));
    await expect(verifyBundle(bundle, { skipImports: true })).rejects.toThrow(/pyflink-pack\.deploy\.json: not a pyflink-pack deploy file this version reads .*Pack the bundle again/);
  });

  it("a lock naming a runtime the dataset lacks is an error (provided would be unknown), not a guess from the lock's list", async () => {
    const bundle = flinkBundle("x = 1\n", {});
    const lockFile = path.join(bundle, "pyflink-pack.lock.json");
    const lock = JSON.parse(readFileSync(lockFile, "utf8")) as { target: { flink: string } };
    lock.target.flink = "1.9";
    writeFileSync(lockFile, JSON.stringify(lock));
    await expect(verifyBundle(bundle, { skipImports: true })).rejects.toThrow(/runtime dataset does not have .*Pack the bundle again/);
  });

  it("planted defect: a dangling MSF jarfile (the run options name a jar the application zip lacks) fails, naming the jar", async () => {
    const root = tempDir();
    writeTree(path.join(root, "app"), { "main.py": "x = 1\n" });
    const bundle = path.join(root, "bundle");
    mkdirSync(bundle);
    infoZip(path.join(root, "app"), path.join(bundle, "app.zip"));
    writeFileSync(path.join(bundle, "application_properties.json"), JSON.stringify([{ PropertyGroupId: "kinesis.analytics.flink.run.options", PropertyMap: { python: "main.py", jarfile: "lib/pyflink-dependencies.jar" } }]));
    writeLock(bundle, { target: "msf", flink: "1.20" });
    const report = await verifyBundle(bundle, { skipImports: true });
    expect(report.ok).toBe(false);
    expect(report.problems.join("\n")).toContain("the deploy config names the jar lib/pyflink-dependencies.jar (MSF: jarfile), but the bundle does not hold it");
  });

  it("its -pym entry names the module; --module still wins", async () => {
    const root = tempDir();
    writeTree(path.join(root, "job"), { "pkg/__init__.py": "", "pkg/a.py": "", "pkg/b.py": "" });
    const bundle = path.join(root, "bundle");
    mkdirSync(bundle);
    infoZip(path.join(root, "job"), path.join(bundle, "job.zip"));
    writeLock(bundle, { target: "flink", flink: "1.20", python: "3.11" });
    const deployConfig = { workingDirectory: "<bundle-dir>", command: ["flink", "run", "-pym", "pkg.a", "-pyfs", "job.zip"], args: ["-pym", "pkg.a", "-pyfs", "job.zip"], configuration: { "python.files": "job.zip" } };
    writeFileSync(path.join(bundle, "pyflink-pack.deploy.json"), JSON.stringify({ deployFileVersion: 1, generatedBy: "pyflink-pack", target: "flink", deployConfig }));
    expect((await verifyBundle(bundle, { skipImports: true })).worker.entry).toEqual({ kind: "module", name: "pkg.a" });
    expect((await verifyBundle(bundle, { skipImports: true, module: "pkg.b" })).worker.entry).toEqual({ kind: "module", name: "pkg.b" });
  });
});
