// lint:python on a real Flink checkout (../shared/fixtures/flink-checkout, flink-python at master
// c9be954) with Flink's real pins from PyPI. Expected values come from independent sources: git's
// own file listing, and flake8/mypy run exactly as Flink's dev/lint-python.sh runs them.
import { access, appendFile, cp, mkdir, readFile, rm, truncate, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixtureAvailable, requirement, skipUnless } from "@pyflink-devkit/reference-tools";
import { findInterpreter, uvEnvFromPip } from "@pyflink-devkit/python-env";
import { findExecutable, run } from "@pyflink-devkit/runner";
import { OFFLINE_INVENTORIES } from "../src/intersphinx-inventories.js";
import { listProjectFiles } from "../src/project-files.js";
import { readProject } from "../src/index.js";
import { cliPath, makeTempDir, readReport, resultOf, runCli, cliEnv } from "./support/cli.js";

// The shared original (read only; each test copies it); missing outside the shared setup, and the skip says so.
const checkoutRef = fixtureAvailable("flink-checkout");
const checkout = checkoutRef.ok ? checkoutRef.value : "";
const python312 = await findInterpreter("3.12");
const hasGit = findExecutable("git") !== undefined;
const hasBash = findExecutable("bash") !== undefined;
const pandasInventory = OFFLINE_INVENTORIES.find((row) => row.debianPackage === "python-pandas-doc" && existsSync(row.file));

let work = "";
let cacheDir = "";

beforeAll(async () => {
  work = await makeTempDir("lint-python-flink-");
  cacheDir = path.join(work, "cache");
});

afterAll(async () => {
  if (work !== "") await rm(work, { recursive: true, force: true });
});

/** A writable copy of the shared checkout (the fixture itself is read-only). */
async function copyCheckout(name: string): Promise<string> {
  const dir = path.join(work, name);
  await cp(checkout, dir, { recursive: true });
  await run("chmod", ["-R", "u+w", dir]);
  return path.join(dir, "flink-python");
}

describe("Flink's flink-python as input", skipUnless(checkoutRef), () => {
  it("inputs are exactly the files git would track, with a big target/ jar and a dev/.uv venv present", skipUnless(requirement(hasGit, "git", "debian", "git is not on PATH (Debian package git)")), async () => {
    const project = await copyCheckout("files");
    // What M8 describes: Maven output and lint-python.sh's uv home inside the project.
    await mkdir(path.join(project, "target"), { recursive: true });
    await writeFile(path.join(project, "target", "flink-python.jar"), "");
    await truncate(path.join(project, "target", "flink-python.jar"), 400 * 1024 * 1024);
    await mkdir(path.join(project, "dev", ".uv", "lib", "python3.12", "site-packages", "pkg"), { recursive: true });
    await writeFile(path.join(project, "dev", ".uv", ".gitignore"), "*\n"); // what `uv venv` writes
    await Promise.all(Array.from({ length: 300 }, (_, i) => writeFile(path.join(project, "dev", ".uv", "lib", "python3.12", "site-packages", "pkg", `m${String(i)}.py`), "x = 1\n")));
    const ours = await listProjectFiles(project);

    // The independent answer: git itself, on the same tree made a repository.
    const root = path.dirname(project);
    await run("git", ["init", "-q"], { cwd: root });
    const { stdout } = await run("git", ["ls-files", "--others", "--exclude-standard", "-z", "--", "."], { cwd: project });
    const fromGit = stdout.split("\0").filter((file) => file !== "").sort();
    expect(ours).toEqual(fromGit);
    expect(ours.some((file) => file.startsWith("target/") || file.startsWith("dev/.uv/"))).toBe(false);
    expect(ours).toContain("pyflink/fn_execution/flink_fn_execution_pb2.py");
  });

  it("reads Flink's tox.ini scopes and its layout facts from its own files", async () => {
    const project = await readProject(path.join(checkout, "flink-python"));
    // src/ holds Java (src/main/java), not a Python src layout.
    expect(project.sourceRoots).toEqual([]);
    // tox.ini [flake8] exclude and [mypy] files, as Flink's CI applies them.
    expect(project.flake8Scope.includes("pyflink/common/types.py")).toBe(true);
    expect(project.flake8Scope.includes("pyflink/shell.py")).toBe(false);
    expect(project.flake8Scope.includes("pyflink/fn_execution/flink_fn_execution_pb2.py")).toBe(false);
    expect(project.flake8Scope.includes("dev/pip_test_code.py")).toBe(false);
    expect(project.mypyScope.includes("pyflink/table/table.py")).toBe(true);
    expect(project.mypyScope.includes("pyflink/table/tests/test_calc.py")).toBe(false);
    expect(project.mypyScope.includes("pyflink/examples/table/word_count.py")).toBe(false);
    const integration = await readFile(path.join(checkout, "flink-python", "dev", "integration_test.sh"), "utf8");
    for (const module of project.flink?.testModules ?? []) expect(integration).toContain(`test_module "${module.replace("pyflink/", "")}"`);
    expect(project.flink?.testModules.length).toBeGreaterThan(0);
    expect(await readFile(path.join(checkout, "flink-python", "dev", "lint-python.sh"), "utf8")).toContain(`UV_VERSION=${project.flink?.uvVersion ?? "?"}`);
  });

  describe("the default run with Flink's pins", { timeout: 7_200_000, ...skipUnless(requirement(python312 !== undefined, "python:3.12", "interpreter", "needs Python 3.12 (pyenv install 3.12)")) }, () => {
    let project = "";

    it("passes flake8, mypy and the proto sync test; sphinx builds as `make html` does", async () => {
      project = await copyCheckout("run");
      const json = path.join(work, "flink.json");
      const cli = await runCli(["--project", project, "--cache-dir", cacheDir, "--python", "3.10,3.11,3.12", "--json", json], cliEnv({ PIP_RETRIES: "3", PIP_DEFAULT_TIMEOUT: "60" }));
      const report = await readReport(json);
      const output = cli.stdout + cli.stderr;
      expect(resultOf(report, "flake8", null).status, output).toBe("passed");
      expect(resultOf(report, "mypy", null).status, output).toBe("passed");
      for (const minor of ["3.10", "3.11", "3.12"]) {
        const tests = resultOf(report, "tests", minor);
        expect(tests.status, output).toBe("passed");
        expect(await readFile(tests.log, "utf8")).toMatch(/test_flink_fn_execution_pb2_synced PASSED|1 passed/);
      }
      // The summary says which tests were not run and why.
      expect(cli.stdout).toMatch(/need Flink's Java build/);
      const sphinx = resultOf(report, "sphinx", null);
      const sphinxLog = await readFile(sphinx.log, "utf8");
      // As Flink's Makefile runs it: py4j's zip on PYTHONPATH (no ModuleNotFoundError), -a -W, output in docs/_build/html.
      expect(sphinxLog).toMatch(/sphinx-build -b html -j auto -d _build\/doctrees\s+-a -W \. _build\/html/);
      expect(sphinxLog).not.toMatch(/No module named 'py4j'/);
      if (pandasInventory !== undefined) {
        // conf.py maps pandas.pydata.org through intersphinx; where the site is unreachable (our
        // machines) Sphinx reads Debian's copy of the inventory, and the docs build passes.
        expect(sphinx.status, sphinxLog).toBe("passed");
        await access(path.join(project, "docs", "_build", "html", "index.html"));
        if (/not fetchable/.test(sphinxLog)) expect(cli.stdout).toContain("python-pandas-doc");
      } else if (sphinx.status !== "passed") {
        // No local copy: an unreachable site is a network problem, not a docs finding, and the fix is named.
        expect(cli.stdout).toMatch(/intersphinx could not download https:\/\/pandas\.pydata\.org.*apt-get install python-pandas-doc/);
      }
    });

    // Flink's docs.sh runs `dev/lint-python.sh -i sphinx` and then publishes docs/_build/html with
    // dev/.uv/bin's sphinx-build and sphinx-intl. On the same checkout, after the default run, the
    // drop-in reuses that run's docs build (same inputs, same cache), as on a contributor's machine;
    // without it, docs.sh would start a second full build (~15 CPU-minutes).
    it("docs.sh's Python docs block runs unchanged against the drop-in and reuses the default run's docs build", skipUnless(requirement(hasBash, "bash", "debian", "bash is not on PATH (Debian package bash)")), async () => {
      await run(process.execPath, [cliPath, "install-script", project]);
      const result = await run(
        "bash",
        ["-c", 'PYFLINK_GATEWAY_DISABLED=1 dev/lint-python.sh -i sphinx; echo "lint-python exit $?"; export PATH="$(pwd)/dev/.uv/bin:$PATH"; command -v sphinx-build; command -v sphinx-intl'],
        // Flink's callers run dev/.uv/bin/uv themselves: on a machine whose pip trusts a private CA
        // (PIP_CERT), uv needs the same bundle under its own name, as a user of such a machine sets it.
        { cwd: project, env: { ...uvEnvFromPip(process.env), PYFLINK_DEVKIT_CACHE: cacheDir }, reject: false, timeoutMs: 60 * 60 * 1000 },
      );
      const output = result.stdout + result.stderr;
      expect(result.stdout).toContain(path.join(project, "dev", ".uv", "bin", "sphinx-build"));
      expect(result.stdout).toContain(path.join(project, "dev", ".uv", "bin", "sphinx-intl"));
      if (pandasInventory !== undefined) {
        expect(/lint-python exit (\d+)/.exec(result.stdout)?.[1], output).toBe("0");
        expect(result.stdout, output).toMatch(/^\[sphinx\] passed, cached/m);
        await access(path.join(project, "docs", "_build", "html", "index.html"));
      }
    });

    it("shows seeded flake8 and mypy problems exactly as Flink's own commands report them", async () => {
      await appendFile(path.join(project, "pyflink", "common", "types.py"), "\nimport os\nx=1\n");
      await appendFile(path.join(project, "pyflink", "table", "types.py"), "\n\ndef seeded() -> int:\n    return 'text'\n");
      const json = path.join(work, "seeded.json");
      const cli = await runCli(["--project", project, "--cache-dir", cacheDir, "--python", "3.12", "-i", "flake8,mypy", "--json", json]);
      expect(cli.code).toBe(1);

      // Flink's commands (dev/lint-python.sh's flake8_check and mypy_check) in a venv of our own with the pins.
      const venv = path.join(work, "reference-venv");
      await run(python312?.executable ?? "python3", ["-m", "venv", venv]);
      await run(path.join(venv, "bin", "python"), ["-m", "pip", "install", "-q", "flake8==7.2.0", "mypy==1.5.1", "types-pytz", "types-python-dateutil"]);
      const found = (await run("find", [".", "(", "-path", "./dev", "-o", "-path", "./.tox", ")", "-prune", "-o", "-name", "*.py", "-print"], { cwd: project })).stdout.split("\n").filter((file) => file !== "");
      const flake8 = await run(path.join(venv, "bin", "flake8"), ["--config=tox.ini", ...found], { cwd: project, reject: false });
      const mypy = await run(path.join(venv, "bin", "mypy"), ["--config-file", "tox.ini"], { cwd: project, reject: false });
      const flake8Lines = flake8.stdout.split("\n").filter((line) => /:\d+:\d+: /.test(line));
      const mypyLines = mypy.stdout.split("\n").filter((line) => /: error: /.test(line));
      expect(flake8Lines.length).toBeGreaterThan(0);
      expect(mypyLines.length).toBeGreaterThan(0);
      for (const line of [...flake8Lines, ...mypyLines]) expect(cli.stdout).toContain(`  ${line}`);
    });
  });
});
