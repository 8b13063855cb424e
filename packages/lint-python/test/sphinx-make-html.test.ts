// The sphinx check on a project that builds its docs as Flink does: `make clean html` with
// SPHINXOPTS="-a -W" and Flink's Sphinx pin (7.4.7).
// - A docs problem: without --keep-going, Sphinx 7 stops at the first warning and prints it as
//   "Warning, treated as error:" and "<file>:<line>:<message>" — no WARNING/ERROR word. The check
//   must show those lines on screen and count the problem, exactly as the same `make html` run by
//   hand prints them.
// - The build's output, docs/_build/html, is what Flink's docs.sh publishes: a stored result holds
//   only while that output is there.
import { access, readFile, rm, writeFile } from "node:fs/promises";
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
});
