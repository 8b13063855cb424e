// The sphinx check on a project that builds its docs as Flink does: `make clean html` with
// SPHINXOPTS="-a -W" and Flink's Sphinx pin (7.4.7).
// - A docs problem: without --keep-going, Sphinx 7 stops at the first warning and prints it as
//   "Warning, treated as error:" and "<file>:<line>:<message>" — no WARNING/ERROR word. The check
//   must show those lines on screen and count the problem, exactly as the same `make html` run by
//   hand prints them.
// - The build's output, docs/_build/html, is what Flink's docs.sh publishes: a stored result holds
//   only while that output is there.
// - After a passed build, the next one is incremental (`make html` with -W, no clean, no -a) and
//   still fails on a new warning in an autodoc'ed module; after a failure, and with --full-docs, it
//   is lint-python.sh's full `make clean html` again. Which one ran is read from the command lines
//   make echoed into the log.
import { access, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { availableParallelism } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { run } from "@pyflink-devkit/runner";
import { copyFixture, makeTempDir, readReport, resultOf, runCli } from "./support/cli.js";

// Flink's docs/Makefile, reduced to the lines `make clean html` uses.
const MAKEFILE = [
  "SPHINXBUILD ?= sphinx-build",
  "SPHINXOPTS  ?=",
  "ALLSPHINXOPTS = -j auto -d _build/doctrees $(SPHINXOPTS) .",
  "",
  "clean:",
  "\t-rm -rf _build/*",
  "",
  "html:",
  "\t$(SPHINXBUILD) -b html $(ALLSPHINXOPTS) _build/html",
  "",
].join("\n");

let work = "";
beforeAll(async () => {
  work = await makeTempDir("lint-python-sphinx-stop-");
});
afterAll(async () => {
  if (work !== "") await rm(work, { recursive: true, force: true });
});

async function makeHtmlProject(fixture: string): Promise<string> {
  const project = await copyFixture(fixture, work);
  const pyproject = path.join(project, "pyproject.toml");
  await writeFile(pyproject, (await readFile(pyproject, "utf8")).replace(/sphinx = \["sphinx==[^"]+"\]/, 'sphinx = ["sphinx==7.4.7"]'));
  await writeFile(path.join(project, "docs", "Makefile"), MAKEFILE);
  return project;
}

describe("sphinx check on a `make html` project with Flink's Sphinx 7.4.7", { timeout: 900_000 }, () => {
  it("reuses a passed build while docs/_build/html is there, and builds again once it is gone", async () => {
    const project = await makeHtmlProject("clean");
    const index = path.join(project, "docs", "_build", "html", "index.html");
    const lint = async (name: string) => {
      const json = path.join(work, `${name}.json`);
      const cli = await runCli(["--project", project, "--cache-dir", path.join(work, "cache"), "--python", "3.12", "-i", "sphinx", "--json", json]);
      expect(cli.code, cli.stdout + cli.stderr).toBe(0);
      return resultOf(await readReport(json), "sphinx", null);
    };
    expect(await lint("first")).toMatchObject({ status: "passed", cached: false });
    await access(index);
    expect(await lint("unchanged")).toMatchObject({ status: "passed", cached: true });
    await rm(path.join(project, "docs", "_build"), { recursive: true });
    expect(await lint("output-removed")).toMatchObject({ status: "passed", cached: false });
    await access(index);
  });

  it("runs the docs' `-j auto` with one process per core plus Sphinx's main one, and leaves a project without -j serial", async () => {
    // Sphinx writes pages with -j minus one processes; conf.py's setup() records the -j it got.
    const jobsOf = async (project: string, name: string) => {
      const conf = path.join(project, "docs", "conf.py");
      const record = path.join(work, `${name}-jobs.txt`);
      await writeFile(conf, `${await readFile(conf, "utf8")}\n\ndef setup(app):\n    with open(${JSON.stringify(record)}, "w") as out:\n        out.write(str(app.parallel))\n`);
      const cli = await runCli(["--project", project, "--cache-dir", path.join(work, "cache"), "--python", "3.12", "-i", "sphinx"]);
      expect(cli.code, cli.stdout + cli.stderr).toBe(0);
      return Number(await readFile(record, "utf8"));
    };
    expect(await jobsOf(await makeHtmlProject("clean"), "auto")).toBe(availableParallelism() + 1);
    const serial = await makeHtmlProject("clean");
    await writeFile(path.join(serial, "docs", "Makefile"), MAKEFILE.replace("-j auto ", ""));
    expect(await jobsOf(serial, "serial")).toBe(1);
  });

  it("shows the warning Sphinx stopped at, as `make html` prints it, and counts it", async () => {
    const project = await makeHtmlProject("seeded");
    const json = path.join(work, "report.json");
    const cli = await runCli(["--project", project, "--cache-dir", path.join(work, "cache"), "--python", "3.12", "-i", "sphinx", "--json", json]);
    expect(cli.code, cli.stdout + cli.stderr).toBe(1);
    const sphinx = resultOf(await readReport(json), "sphinx", null);
    expect(sphinx.status).toBe("failed");
    expect(sphinx.problems).toBe(1);

    // The same build by hand, with the env's own Python and the command line make echoed in the log.
    const log = await readFile(sphinx.log, "utf8");
    const sphinxBuild = /^(?:\[sphinx\] )?(\S+) (\S+sphinx-build) -b html/m.exec(log);
    expect(sphinxBuild, log).not.toBeNull();
    const byHand = await run("make", ["-C", path.join(project, "docs"), "clean", "html"], {
      reject: false,
      env: { SPHINXBUILD: `${sphinxBuild?.[1] ?? ""} -m sphinx`, SPHINXOPTS: "-a -W" },
    });
    expect(byHand.exitCode).not.toBe(0);
    const printed = (byHand.stdout + byHand.stderr).split("\n");
    const stop = printed.indexOf("Warning, treated as error:");
    expect(stop, printed.join("\n")).toBeGreaterThanOrEqual(0);
    const location = printed[stop + 1] ?? "";
    expect(location).toMatch(/index\.rst:\d+:toctree contains reference to nonexisting document 'missing-page'/);
    // On screen under the check's line, as Sphinx printed them.
    expect(cli.stdout).toContain("  Warning, treated as error:");
    expect(cli.stdout).toContain(`  ${location}`);
  });

  it("updates a passed build incrementally, catches a new warning that way, and builds from scratch after a failure and with --full-docs", async () => {
    const project = await makeHtmlProject("clean");
    // A second autodoc'ed module with a page of its own, so "re-read" can be told from "all".
    const other = path.join(project, "src", "greeting", "farewell.py");
    const otherText = 'def bye(name: str) -> str:\n    """Return a farewell for ``name``."""\n    return f"Bye, {name}!"\n';
    await writeFile(other, otherText);
    await writeFile(path.join(project, "docs", "farewell.rst"), "farewell\n========\n\n.. automodule:: greeting.farewell\n   :members:\n");
    const indexRst = path.join(project, "docs", "index.rst");
    await writeFile(indexRst, `${await readFile(indexRst, "utf8")}\n.. toctree::\n\n   farewell\n`);
    const init = path.join(project, "src", "greeting", "__init__.py");
    const cache = path.join(work, "incremental-cache");
    await mkdir(cache, { recursive: true });
    let runs = 0;
    const lint = async (...extra: string[]) => {
      runs += 1;
      const json = path.join(work, `incremental-${String(runs)}.json`);
      const cli = await runCli(["--project", project, "--cache-dir", cache, "--python", "3.12", "-i", "sphinx", "--json", json, ...extra]);
      const result = resultOf(await readReport(json), "sphinx", null);
      const log = result.cached ? "" : await readFile(result.log, "utf8");
      // make echoes each command it runs: `rm -rf _build/*` for `clean`, then sphinx-build with SPHINXOPTS.
      const build = result.cached ? "none" : /rm -rf _build\/\*/.test(log) && /sphinx-build -b html .* -a -W \. _build\/html$/m.test(log) ? "full" : !/rm -rf/.test(log) && /sphinx-build -b html .* -d _build\/doctrees -W \. _build\/html$/m.test(log) ? "incremental" : "unknown";
      return { cli, result, build, log };
    };

    const first = await lint();
    expect(first.cli.code, first.cli.stdout + first.cli.stderr).toBe(0);
    expect({ build: first.build, status: first.result.status }, first.log).toEqual({ build: "full", status: "passed" });

    await writeFile(init, (await readFile(init, "utf8")).replace("Return a greeting for ``name``.", "Return a friendly greeting for ``name``."));
    const second = await lint();
    expect(second.cli.code, second.cli.stdout + second.cli.stderr).toBe(0);
    expect({ build: second.build, status: second.result.status }, second.log).toEqual({ build: "incremental", status: "passed" });
    // Sphinx re-read index.rst only: autodoc recorded greeting/__init__.py as its dependency.
    expect(second.cli.stdout).toContain("incremental docs build (1 of 2 docs re-read)");
    expect(await readFile(path.join(project, "docs", "_build", "html", "index.html"), "utf8")).toContain("Return a friendly greeting");

    // An unknown role in the other module's docstring: an error that -W fails the build on.
    await writeFile(other, otherText.replace("Return a farewell for ``name``.", "Return a farewell for :nosuchrole:`name`."));
    const third = await lint();
    expect(third.cli.code, third.cli.stdout + third.cli.stderr).toBe(1);
    expect({ build: third.build, status: third.result.status }, third.log).toEqual({ build: "incremental", status: "failed" });
    expect(third.cli.stdout).toMatch(/farewell\.py:docstring of greeting\.farewell\.bye:\d+: ?(?:ERROR: )?Unknown interpreted text role "nosuchrole"/);

    await writeFile(other, otherText);
    const fourth = await lint();
    expect({ build: fourth.build, status: fourth.result.status }, fourth.log).toEqual({ build: "full", status: "passed" });
    expect(fourth.cli.stdout).not.toContain("incremental docs build");

    // --full-docs builds from scratch though the last build passed. Both forms share one cache key:
    // a run without it reuses a full pass; --full-docs reuses only a full pass, never an incremental one.
    await writeFile(init, (await readFile(init, "utf8")).replace("a friendly greeting", "a kind greeting"));
    const fifth = await lint("--full-docs");
    expect({ build: fifth.build, status: fifth.result.status }, fifth.log).toEqual({ build: "full", status: "passed" });
    expect(await lint()).toMatchObject({ build: "none", result: { status: "passed", cached: true } });
    await writeFile(init, (await readFile(init, "utf8")).replace("a kind greeting", "a warm greeting"));
    expect((await lint()).build).toBe("incremental");
    expect(await lint()).toMatchObject({ build: "none", result: { status: "passed", cached: true } });
    expect(await lint("--full-docs")).toMatchObject({ build: "full", result: { status: "passed", cached: false } });
    expect(await lint("--full-docs")).toMatchObject({ build: "none", result: { status: "passed", cached: true } });
  });
});
