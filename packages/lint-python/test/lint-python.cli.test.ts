// The real CLI on fixture projects, with real venvs, pip (the local index) and tools. All tests
// share one cache dir, so the three envs (lint 3.11, tests 3.11, tests 3.12) are built once.
// Generous timeouts: CI runs every package's tests at once on two cores.
import { chmod, readFile, readdir, readlink, rm, writeFile, access, mkdir } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requirement, skipUnless } from "@pyflink-devkit/reference-tools";
import { findInterpreter } from "@pyflink-devkit/python-env";
import { findExecutable, run } from "@pyflink-devkit/runner";
import { cliEnv, copyFixture, makeTempDir, readReport, reportSchema, resultOf, runCli, startCli } from "./support/cli.js";

const python311 = await findInterpreter("3.11");
const python312 = await findInterpreter("3.12");
const missingPythons = python311 === undefined || python312 === undefined;
const why = "needs Python 3.11 and 3.12 (pyenv install 3.11 3.12)";
const pythonsRef = requirement(!missingPythons, "python:3.11+3.12", "interpreter", why);
if (missingPythons) console.warn(`lint-python CLI tests skipped: ${why}`);

let work = "";
let cacheDir = "";

beforeAll(async () => {
  work = await makeTempDir("lint-python-test-");
  cacheDir = path.join(work, "cache");
});

afterAll(async () => {
  if (work !== "") await rm(work, { recursive: true, force: true });
});

function common(project: string, json: string, ...more: string[]): string[] {
  return ["--project", project, "--cache-dir", cacheDir, "--json", json, "--python", "3.11,3.12", ...more];
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}

describe("lint-python on fixture projects", { ...skipUnless(pythonsRef), timeout: 600_000 }, () => {
  let clean = "";

  it(
    "passes every check on the clean fixture and writes the JSON and JUnit reports",
    async () => {
      clean = await copyFixture("clean", work);
      const json = path.join(work, "clean.json");
      const junit = path.join(work, "clean.xml");
      const cli = await runCli([...common(clean, json), "--junit", junit]);
      expect(cli.code, cli.stdout + cli.stderr).toBe(0);
      const report = await readReport(json);
      expect(report.exitCode).toBe(0);
      expect(report.results.map((r) => [r.check, r.python, r.status, r.cached, r.problems])).toEqual([
        ["flake8", null, "passed", false, 0],
        ["mypy", null, "passed", false, 0],
        ["sphinx", null, "passed", false, 0],
        ["tests", "3.11", "passed", false, 0],
        ["tests", "3.12", "passed", false, 0],
      ]);
      for (const result of report.results) {
        const log = await readFile(result.log, "utf8");
        // Each log holds the command and the tool's output, every line prefixed with the task.
        expect(log.split("\n")[0]).toMatch(/^\$ .*python (-m (flake8|mypy|pytest)|\S*\/assets\/sphinx-build) /);
      }
      expect(await readFile(resultOf(report, "tests", "3.12").log, "utf8")).toMatch(/^\[tests 3\.12\] .*1 passed/m);

      const xml = await readFile(junit, "utf8");
      expect(xml).toMatch(/<testsuites tests="5" failures="0" errors="0" skipped="0">/);
      expect(xml).toContain('<testcase classname="lint-python.tests" name="tests (Python 3.12)"');
      expect(cli.stdout).toMatch(/^check\s+python\s+status\s+problems\s+duration\s+cached\s+log$/m);
    },
    900_000,
  );

  it("a no-change rerun reuses every result without touching an env", async () => {
    const json = path.join(work, "clean-again.json");
    const cli = await runCli(common(clean, json));
    expect(cli.code, cli.stdout + cli.stderr).toBe(0);
    const report = await readReport(json);
    expect(report.results.every((r) => r.cached && r.status === "passed")).toBe(true);
    expect(cli.stdout).not.toContain("[env ");
  });

  it("--shard k/n splits the run's tasks without overlap, and merge-reports puts the shards back together", async () => {
    const full = await readReport(path.join(work, "clean-again.json"));
    const shards = await Promise.all(
      ["1/3", "2/3", "3/3"].map(async (shard, index) => {
        const json = path.join(work, `shard-${String(index + 1)}.json`);
        const cli = await runCli([...common(clean, json), "--shard", shard]);
        expect(cli.code, cli.stdout + cli.stderr).toBe(0);
        return { json, report: await readReport(json) };
      }),
    );
    const ids = shards.flatMap(({ report }) => report.results.map((r) => `${r.check}/${String(r.python)}`));
    expect(new Set(ids).size).toBe(ids.length);
    expect(shards.every(({ report }) => report.results.length > 0)).toBe(true);
    const merged = path.join(work, "merged.json");
    const cli = await runCli(["merge-reports", ...shards.map(({ json }) => json), "--json", merged]);
    expect(cli.code, cli.stdout + cli.stderr).toBe(0);
    const report = await readReport(merged);
    // The independent answer: the unsharded run of the same flags.
    expect(report.results.map((r) => [r.check, r.python, r.status])).toEqual(full.results.map((r) => [r.check, r.python, r.status]));
    const overlap = await runCli(["merge-reports", shards[0]?.json ?? "", shards[0]?.json ?? ""]);
    expect(overlap.code).toBe(2);
    expect(overlap.stderr).toMatch(/is in both .* shards of one run never overlap/);
  });

  it("--json - puts only the report on stdout and the people's output on stderr", async () => {
    const cli = await runCli(["--project", clean, "--cache-dir", cacheDir, "--python", "3.11,3.12", "--json", "-"]);
    expect(cli.code).toBe(0);
    const report = reportSchema.parse(JSON.parse(cli.stdout));
    expect(report.results).toHaveLength(5);
    expect(cli.stderr).toMatch(/^check\s+python\s+status/m);
  });

  it("a changed docs page reruns only sphinx; a changed test reruns flake8, mypy and tests", async () => {
    await writeFile(path.join(clean, "docs", "index.rst"), (await readFile(path.join(clean, "docs", "index.rst"), "utf8")) + "\nMore prose.\n");
    const afterDocs = path.join(work, "clean-docs.json");
    expect((await runCli(common(clean, afterDocs))).code).toBe(0);
    const docsReport = await readReport(afterDocs);
    expect(docsReport.results.filter((r) => !r.cached).map((r) => r.check)).toEqual(["sphinx"]);

    const testFile = path.join(clean, "tests", "test_greeting.py");
    await writeFile(testFile, `${await readFile(testFile, "utf8")}\n\ndef test_greet_empty() -> None:\n    assert greet("") == "Hello, !"\n`);
    const afterTest = path.join(work, "clean-test.json");
    expect((await runCli(common(clean, afterTest))).code).toBe(0);
    const testReport = await readReport(afterTest);
    expect(testReport.results.map((r) => `${r.check}:${String(r.python)}:${String(r.cached)}`)).toEqual([
      "flake8:null:false",
      "mypy:null:false",
      "sphinx:null:true",
      "tests:3.11:false",
      "tests:3.12:false",
    ]);
    expect(await readFile(resultOf(testReport, "tests", "3.11").log, "utf8")).toMatch(/2 passed/);

    // A touch that changes no content is no change.
    const touched = path.join(work, "clean-touched.json");
    await writeFile(testFile, await readFile(testFile, "utf8"));
    expect((await runCli(common(clean, touched))).code).toBe(0);
    expect((await readReport(touched)).results.every((r) => r.cached)).toBe(true);
  });

  it("fails each check exactly where its seeded problem is, with the problem counts", async () => {
    const seeded = await copyFixture("seeded", work);
    const json = path.join(work, "seeded.json");
    const junit = path.join(work, "seeded.xml");
    const cli = await runCli([...common(seeded, json), "--junit", junit]);
    expect(cli.code).toBe(1);
    const report = await readReport(json);
    expect(report.exitCode).toBe(1);
    // flake8: F401 (unused import) and E225; mypy: one return-value error; sphinx: one warning
    // (toctree to a missing page) under -W; tests: only 3.12 fails, one test.
    expect(report.results.map((r) => [r.check, r.python, r.status, r.problems])).toEqual([
      ["flake8", null, "failed", 2],
      ["mypy", null, "failed", 1],
      ["sphinx", null, "failed", 1],
      ["tests", "3.11", "passed", 0],
      ["tests", "3.12", "failed", 1],
    ]);
    const flake8Log = await readFile(resultOf(report, "flake8", null).log, "utf8");
    expect(flake8Log).toMatch(/F401 'os' imported but unused/);
    expect(flake8Log).toMatch(/E225 missing whitespace around operator/);
    expect(await readFile(resultOf(report, "mypy", null).log, "utf8")).toMatch(/error: Incompatible return value type/);
    expect(await readFile(resultOf(report, "sphinx", null).log, "utf8")).toMatch(/WARNING: toctree contains reference to nonexisting document 'missing-page'/);

    const xml = await readFile(junit, "utf8");
    expect(xml).toMatch(/<testsuites tests="5" failures="4" errors="0" skipped="0">/);
    expect(xml).toMatch(/name="tests \(Python 3\.12\)"[^>]*>\s*<failure message="1 problem\(s\); log: /);

    // Failures are results too: unchanged inputs give the same verdict without rerunning.
    const again = path.join(work, "seeded-again.json");
    expect((await runCli(common(seeded, again))).code).toBe(1);
    const cached = await readReport(again);
    expect(cached.results.every((r) => r.cached)).toBe(true);
    expect(cached.results.map((r) => r.status)).toEqual(report.results.map((r) => r.status));
  });

  it("reads a Flink-style project: envlist from tox.ini, flake8 and mypy config in tox.ini, no docs", async () => {
    const project = await copyFixture("flink-style", work);
    const json = path.join(work, "flink-style.json");
    // No --python: the versions come from tox.ini's `{py311, py312}-cython`.
    const cli = await runCli(["--project", project, "--cache-dir", cacheDir, "--json", json]);
    expect(cli.code, cli.stdout + cli.stderr).toBe(0);
    const report = await readReport(json);
    expect(report.results.map((r) => [r.check, r.python, r.status])).toEqual([
      ["flake8", null, "passed"],
      ["mypy", null, "passed"],
      ["sphinx", null, "skipped"],
      ["tests", "3.11", "passed"],
      ["tests", "3.12", "passed"],
    ]);
    expect(await readFile(resultOf(report, "sphinx", null).log, "utf8")).toContain("the project has no docs");
    expect((await readFile(resultOf(report, "mypy", null).log, "utf8")).split("\n")[0]).toContain("-m mypy --config-file tox.ini");

    // Only tox.ini's exclusion and ignore_errors keep the stand-in generated module green: without
    // them, both checks fail on it — so the config really is read from tox.ini.
    const toxIni = path.join(project, "tox.ini");
    const config = await readFile(toxIni, "utf8");
    await writeFile(toxIni, config.replace(",pyflink/fn_execution/*_pb2.py*", "").replace("[mypy-pyflink.fn_execution.*]\nignore_errors = True\n", ""));
    const broken = path.join(work, "flink-style-broken.json");
    expect((await runCli(["--project", project, "--cache-dir", cacheDir, "--json", broken, "-i", "flake8,mypy"])).code).toBe(1);
    expect((await readReport(broken)).results.map((r) => [r.check, r.status, r.problems])).toEqual([
      ["flake8", "failed", 1],
      ["mypy", "failed", 1],
    ]);
  });

  it("skips a version that has no interpreter or that the project excludes, and says why", async () => {
    const json = path.join(work, "versions.json");
    const junit = path.join(work, "versions.xml");
    const cli = await runCli(["--project", clean, "--cache-dir", cacheDir, "--json", json, "--junit", junit, "--python", "3.11,3.7,3.99", "-i", "tests", "--skip-missing-interpreters"]);
    expect(cli.code, cli.stdout + cli.stderr).toBe(0);
    const report = await readReport(json);
    expect(report.results.map((r) => [r.python, r.status])).toEqual([
      ["3.7", "skipped"],
      ["3.11", "passed"],
      ["3.99", "skipped"],
    ]);
    expect(await readFile(resultOf(report, "tests", "3.7").log, "utf8")).toMatch(/requires Python >=3\.11/);
    expect(await readFile(resultOf(report, "tests", "3.99").log, "utf8")).toMatch(/no Python 3\.99 interpreter found .*pyenv install 3\.99/);
    expect(cli.stdout).toMatch(/^tests\s+3\.99\s+skipped/m);
    const xml = await readFile(junit, "utf8");
    expect(xml).toMatch(/<testsuites tests="3" failures="0" errors="0" skipped="2">/);
    expect(xml).toMatch(/name="tests \(Python 3\.99\)"[^>]*>\s*<skipped\/>/);

    // Without --skip-missing-interpreters a version asked for by --python that has no interpreter is an error.
    const strict = await runCli(["--project", clean, "--cache-dir", cacheDir, "--python", "3.11,9.9", "-i", "tests"]);
    expect(strict.code).toBe(2);
    expect(strict.stderr).toMatch(/--python 3\.11,9\.9: no Python 9\.9 interpreter .*--skip-missing-interpreters/);
  });

  it("--changed lints only the files changed against a git ref", async () => {
    const project = await copyFixture("clean", work);
    const git = (...args: string[]): Promise<unknown> => run("git", ["-c", "user.email=t@example.com", "-c", "user.name=t", ...args], { cwd: project });
    await git("init", "-q");
    await git("add", ".");
    await git("commit", "-qm", "fixture");

    const nothing = path.join(work, "changed-none.json");
    expect((await runCli(common(project, nothing, "--changed"))).code).toBe(0);
    expect((await readReport(nothing)).results.every((r) => r.status === "skipped")).toBe(true);

    // An untracked new test module with a flake8 violation: only it is linted.
    await writeFile(path.join(project, "tests", "test_more.py"), "from greeting import greet\n\n\ndef test_more() -> None:\n    assert greet('x')!=''\n");
    const json = path.join(work, "changed.json");
    const cli = await runCli(common(project, json, "--changed", "HEAD"));
    expect(cli.code).toBe(1);
    const report = await readReport(json);
    expect(report.results.map((r) => [r.check, r.python, r.status])).toEqual([
      ["flake8", null, "failed"],
      ["mypy", null, "passed"],
      ["sphinx", null, "skipped"],
      ["tests", "3.11", "passed"],
      ["tests", "3.12", "passed"],
    ]);
    const flake8Log = await readFile(resultOf(report, "flake8", null).log, "utf8");
    expect(flake8Log.split("\n")[0]).toMatch(/-m flake8 tests\/test_more\.py/);
    expect(flake8Log).toMatch(/E225/);
    expect(await readFile(resultOf(report, "mypy", null).log, "utf8")).toMatch(/-m mypy .* tests\/test_more\.py/);

    const bad = await runCli(common(project, json, "--changed", "no-such-ref"));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--changed no-such-ref: git could not list changed files/);
  });

  it("-s builds (here: reuses) the envs of the named checks and runs nothing", async () => {
    const cli = await runCli(["--project", clean, "--cache-dir", cacheDir, "--python", "3.11,3.12", "-s", "tests"]);
    expect(cli.code, cli.stderr).toBe(0);
    expect(cli.stdout).toMatch(/^\[env tests 3\.11\] reused: /m);
    expect(cli.stdout).toMatch(/^\[env tests 3\.12\] reused: /m);
    expect(cli.stdout).not.toContain("started");
  });

  it("-f rebuilds the env and reruns the task even though nothing changed", async () => {
    const json = path.join(work, "force.json");
    const cli = await runCli(["--project", clean, "--cache-dir", cacheDir, "--json", json, "--python", "3.11", "-i", "tests", "-f"]);
    expect(cli.code, cli.stdout + cli.stderr).toBe(0);
    expect(cli.stdout).toMatch(/^\[env tests 3\.11\] built in /m);
    expect((await readReport(json)).results.map((r) => [r.status, r.cached])).toEqual([["passed", false]]);
  });

  it("the conda backend asks conda for a prefix env of the right Python (command level; no conda here)", async () => {
    // A stand-in conda that records its arguments and fails, as a broken conda would.
    const bin = path.join(work, "fake-conda-bin");
    await mkdir(bin, { recursive: true });
    const record = path.join(work, "conda-args.txt");
    await writeFile(path.join(bin, "conda"), `#!/bin/sh\necho "$*" >> '${record}'\necho 'conda: simulated failure' >&2\nexit 1\n`);
    await chmod(path.join(bin, "conda"), 0o755);
    const json = path.join(work, "conda.json");
    const project = await copyFixture("clean", work);
    const cli = await runCli(
      ["--project", project, "--cache-dir", path.join(work, "conda-cache"), "--json", json, "--python", "3.11", "-i", "tests", "--backend", "conda"],
      cliEnv({ PATH: `${bin}${path.delimiter}${process.env.PATH ?? ""}` }),
    );
    expect(cli.code).toBe(1);
    const report = await readReport(json);
    // The env could not be built, so the tests never ran: an error, not a failure with 0 problems.
    expect(report.results.map((r) => [r.check, r.status])).toEqual([["tests", "error"]]);
    // Interpreter discovery may ask conda for its envs first; the build is the `create` call.
    const calls = (await readFile(record, "utf8")).trim().split("\n");
    const create = calls.find((call) => call.startsWith("create "));
    expect(create, calls.join("\n")).toBeDefined();
    const args = (create ?? "").split(" ");
    expect(args).toContain("python=3.11");
    expect(args[args.indexOf("--prefix") + 1]).toContain(path.join(work, "conda-cache"));
    expect(cli.stdout).toMatch(/could not be built/);
  });
});

const python313 = await findInterpreter("3.13");

describe("the repo's own Python package", { ...skipUnless(pythonsRef, requirement(python313 !== undefined, "python:3.13", "interpreter", "needs Python 3.13 (pyenv install 3.13)")), timeout: 600_000 }, () => {
  it("passes every check on Python 3.11, 3.12 and 3.13 with the defaults (no --project, no --python)", async () => {
    const json = path.join(work, "repo.json");
    const cli = await runCli(["--cache-dir", cacheDir, "--json", json]);
    expect(cli.code, cli.stdout + cli.stderr).toBe(0);
    const report = await readReport(json);
    expect(report.results.map((r) => [r.check, r.python, r.status])).toEqual([
      ["flake8", null, "passed"],
      ["mypy", null, "passed"],
      ["sphinx", null, "passed"],
      ["tests", "3.11", "passed"],
      ["tests", "3.12", "passed"],
      ["tests", "3.13", "passed"],
    ]);
    // The generated bindings are excluded from flake8 (as upstream excludes *_pb2.py*) and the
    // round-trip tests really ran.
    expect(await readFile(resultOf(report, "tests", "3.13").log, "utf8")).toMatch(/\d+ passed/);
  }, 900_000);
});

describe("lint-python --mode tox", { ...skipUnless(pythonsRef, requirement(findExecutable("tox") !== undefined, "pypi:tox", "pypi", "tox is not on PATH (.ci/run puts reference-tools' tox there; or pip install tox)")), timeout: 600_000 }, () => {
  it("runs the project's tox envs per version and judges them by tox's exit code", async () => {
    const seeded = await copyFixture("seeded", work);
    const json = path.join(work, "tox.json");
    const cli = await runCli(["--project", seeded, "--cache-dir", cacheDir, "--json", json, "--python", "3.11,3.12", "-i", "tests", "--mode", "tox"]);
    expect(cli.code).toBe(1);
    const report = await readReport(json);
    expect(report.results.map((r) => [r.python, r.status, r.problems])).toEqual([
      ["3.11", "passed", 0],
      ["3.12", "failed", 1],
    ]);
    const log = await readFile(resultOf(report, "tests", "3.12").log, "utf8");
    expect(log.split("\n")[0]).toMatch(/tox -c tox\.ini -e py312 --workdir /);
    expect(log).toMatch(/1 failed, 1 passed/);
  }, 600_000);
});

describe("lint-python --mode tox with a pinned tox", { ...skipUnless(pythonsRef), timeout: 900_000 }, () => {
  it("installs the project's tox group (Flink's tox==3.14.0) instead of using the tox on PATH", async () => {
    const project = await copyFixture("clean", work);
    const pyproject = path.join(project, "pyproject.toml");
    await writeFile(pyproject, (await readFile(pyproject, "utf8")).replace("[dependency-groups]\n", '[dependency-groups]\ntox = ["tox==3.14.0"]\n'));
    const json = path.join(work, "pinned-tox.json");
    const cli = await runCli(["--project", project, "--cache-dir", cacheDir, "--json", json, "--python", "3.12", "-i", "tests", "--mode", "tox"]);
    const report = await readReport(json);
    const log = await readFile(resultOf(report, "tests", "3.12").log, "utf8");
    const tox = /^\$ (\S+\/envs\/\S+\/bin\/tox) /.exec(log)?.[1];
    expect(tox, cli.stdout + cli.stderr).toBeDefined();
    // The independent answer: the tox that ran says which release it is.
    expect((await run(tox ?? "", ["--version"])).stdout).toMatch(/^3\.14\.0 /);
  }, 900_000);
});

describe("a tool that crashes", { ...skipUnless(pythonsRef), timeout: 600_000 }, () => {
  it("flake8 without its pyflakes (the env's health check still passes) is an error with the cause, never a cached failure", async () => {
    const project = await copyFixture("clean", work);
    const ownCache = path.join(work, "crash-cache");
    const args = ["--project", project, "--cache-dir", ownCache, "--python", "3.11", "-i", "flake8"];
    const json = path.join(work, "crash.json");
    const first = await runCli([...args, "--json", json]);
    expect(first.code, first.stdout + first.stderr).toBe(0);
    // Remove a dependency flake8 loads only when it runs: `import flake8` and its version still work.
    const python = /^\$ (\S+\/bin\/python) -m flake8 /.exec((await readFile(resultOf(await readReport(json), "flake8", null).log, "utf8")).split("\n")[0] ?? "")?.[1];
    expect(python).toBeDefined();
    const where = await run(python ?? "", ["-c", "import os, pyflakes; print(os.path.dirname(pyflakes.__file__))"]);
    await rm(where.stdout.trim(), { recursive: true });
    await writeFile(path.join(project, "src", "greeting", "__init__.py"), `${await readFile(path.join(project, "src", "greeting", "__init__.py"), "utf8")}# edited\n`);
    for (const attempt of ["first", "second"]) {
      const crashed = await runCli([...args, "--json", json]);
      expect(crashed.code, `${attempt}: ${crashed.stdout}`).toBe(1);
      expect((await readReport(json)).results.map((r) => [r.check, r.status, r.cached])).toEqual([["flake8", "error", false]]);
      expect(crashed.stdout).toMatch(/flake8 crashed before reporting any finding \(.*No module named 'pyflakes'/);
      expect(crashed.stdout).not.toMatch(/failed, 0 problems/);
    }
    // -f rebuilds the env; the crash left no cached verdict behind.
    const rebuilt = await runCli([...args, "-f", "--json", json]);
    expect(rebuilt.code, rebuilt.stdout).toBe(0);
    expect((await readReport(json)).results.map((r) => [r.check, r.status])).toEqual([["flake8", "passed"]]);
  });
});

describe("a requirement that is not on the index", { ...skipUnless(pythonsRef), timeout: 600_000 }, () => {
  it("prints the env's whole message once, above the summary, and a short reason everywhere else", async () => {
    const project = await copyFixture("clean", work);
    const pyproject = path.join(project, "pyproject.toml");
    const text = await readFile(pyproject, "utf8");
    const missing = "pyflink-devkit-no-such-package-xq==1.0";
    expect(text).toContain('flake8 = ["flake8==7.4.1"]');
    await writeFile(pyproject, text.replace('flake8 = ["flake8==7.4.1"]', `flake8 = ["flake8==7.4.1", "${missing}"]`));
    const json = path.join(work, "not-on-index.json");
    const cli = await runCli(["--project", project, "--cache-dir", path.join(work, "not-on-index-cache"), "--json", json, "--python", "3.12", "-i", "flake8", "--backend", "venv"]);
    expect(cli.code, cli.stdout + cli.stderr).toBe(1);
    expect((await readReport(json)).results.map((r) => [r.check, r.status])).toEqual([["flake8", "error"]]);
    // The whole message (what, where, the fix) once; it ends with the fix and the log.
    const whole = cli.stdout.split("\n").filter((line) => line.includes("Change the pins"));
    expect(whole).toHaveLength(1);
    expect(whole[0]).toContain(`'${missing}' (the index has: no version)`);
    const table = cli.stdout.indexOf("\ncheck ");
    expect(cli.stdout.indexOf("Change the pins")).toBeLessThan(table);
    const short = `the flake8 env for Python 3.12 could not be built: '${missing}' is not on the package index`;
    expect(cli.stdout.split("\n").filter((line) => line.startsWith("[flake8] error, ")).map((line) => line.replace(/^\[flake8\] error, [\d.]+s, /, ""))).toEqual([short]);
    expect(cli.stdout.slice(table)).toContain(`notes:\n  flake8: ${short}\n`);
    expect(cli.stdout.slice(table).split("\n").filter((line) => line.startsWith("flake8 "))).toHaveLength(1);
  });
});

describe("cancellation", { ...skipUnless(pythonsRef), timeout: 600_000 }, () => {
  it("Ctrl-C ends every child process tree and exits 130", async () => {
    const { project, child, exited } = await startWithSlowTest(["--python", "3.11,3.12", "-i", "tests"], (stdout) => (stdout.match(/\] started/g) ?? []).length === 2, "tests never started", 120_000);
    // Both pytest runs are alive (cwd = the project) before the interrupt...
    await waitFor(async () => (await processesIn(project)).length >= 2, 20_000);
    expect((await processesIn(project)).length).toBeGreaterThanOrEqual(2);
    child.kill("SIGINT");
    expect(await exited).toBe(130);
    // ...and none is left after it.
    await waitFor(async () => (await processesIn(project)).length === 0, 5_000);
    expect(await processesIn(project)).toEqual([]);
  });
});

describe("cancellation keeps finished results", { ...skipUnless(pythonsRef), timeout: 600_000 }, () => {
  it("a check that passed before Ctrl-C is a cached result on the next run", async () => {
    const { project, child, exited } = await startWithSlowTest(["--python", "3.11", "-i", "flake8,tests"], (stdout) => /^\[flake8\] passed/m.test(stdout) && /^\[tests 3\.11\] started/m.test(stdout), "flake8 never passed while the tests ran", 300_000);
    child.kill("SIGINT");
    expect(await exited).toBe(130);
    const json = path.join(work, "after-interrupt.json");
    const again = await runCli(["--project", project, "--cache-dir", cacheDir, "--python", "3.11", "-i", "flake8", "--json", json]);
    expect(again.code, again.stdout).toBe(0);
    expect((await readReport(json)).results.map((r) => [r.check, r.status, r.cached])).toEqual([["flake8", "passed", true]]);
  });
});

/**
 * The CLI on a copy of the clean fixture with a 300 s test added, resolved once its output so far
 * satisfies `ready` (so a Ctrl-C lands while that test runs).
 */
async function startWithSlowTest(args: readonly string[], ready: (stdout: string) => boolean, never: string, timeoutMs: number): Promise<{ project: string; child: ReturnType<typeof startCli>; exited: Promise<number | null> }> {
  const project = await copyFixture("clean", work);
  await writeFile(path.join(project, "tests", "test_slow.py"), "import time\n\n\ndef test_slow() -> None:\n    time.sleep(300)\n");
  const child = startCli(["--project", project, "--cache-dir", cacheDir, ...args]);
  const exited = new Promise<number | null>((resolve) => child.on("close", (code) => { resolve(code); }));
  let stdout = "";
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => { reject(new Error(`${never}:\n${stdout}`)); }, timeoutMs);
    child.stdout?.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      if (ready(stdout)) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  return { project, child, exited };
}

/** pids of processes whose working directory is `dir` (Linux /proc). */
async function processesIn(dir: string): Promise<number[]> {
  const pids = (await readdir("/proc")).filter((entry) => /^\d+$/.test(entry));
  const inside: number[] = [];
  for (const pid of pids) {
    const cwd = await readlink(`/proc/${pid}/cwd`).catch(() => undefined);
    if (cwd === dir && (await exists(`/proc/${pid}`))) inside.push(Number(pid));
  }
  return inside;
}

async function waitFor(condition: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
