// lint-python.sh's flags on the real CLI: right messages, right exit codes (0 for -h and -l,
// 2 for a usage mistake, never a log grep). None of these builds an env.
import { mkdir, readdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { fixturesDir, makeTempDir, runCli } from "./support/cli.js";

describe("lint-python flags", () => {
  it("-l lists the four checks and exits 0", async () => {
    const cli = await runCli(["-l"]);
    expect(cli.code).toBe(0);
    expect(cli.stdout.trim().split("\n").map((line) => line.split(/\s+/)[0])).toEqual(["flake8", "mypy", "sphinx", "tests"]);
  });

  it("-h prints the usage with every flag and exits 0", async () => {
    const cli = await runCli(["-h"]);
    expect(cli.code).toBe(0);
    for (const flag of ["-f", "-s", "-e", "-i", "-l", "-r", "--project", "--python", "--jobs", "--json", "--junit", "--changed", "--backend", "--mode"]) {
      expect(cli.stdout).toContain(flag);
    }
  });

  it("-e with -i is rejected naming the right flags", async () => {
    const cli = await runCli(["-e", "mypy", "-i", "flake8", "--project", path.join(fixturesDir, "clean")]);
    expect(cli.code).toBe(2);
    expect(cli.stderr).toContain("-i and -e cannot be used together");
  });

  it("an unknown check names itself and the valid ones", async () => {
    const cli = await runCli(["-i", "flake8,tox", "--project", path.join(fixturesDir, "clean")]);
    expect(cli.code).toBe(2);
    expect(cli.stderr).toContain("'tox' is not a check. The checks are flake8, mypy, sphinx, tests");
  });

  it("-s with an unknown component fails the same way", async () => {
    const cli = await runCli(["-s", "miniconda", "--project", path.join(fixturesDir, "clean")]);
    expect(cli.code).toBe(2);
    expect(cli.stderr).toContain("-s miniconda: 'miniconda' is not a check");
  });

  it("an unknown option names the option itself, not the first argument", async () => {
    const cli = await runCli(["-l", "-x"]);
    expect(cli.code).toBe(2);
    expect(cli.stderr).toMatch(/unknown option '-x'/);
  });

  it("bad values of --jobs, --backend, --mode and --python are usage errors", async () => {
    for (const args of [["--jobs", "0"], ["--backend", "pipenv"], ["--mode", "nox"], ["--python", "three"]]) {
      const cli = await runCli([...args, "--project", path.join(fixturesDir, "clean"), "--cache-dir", await makeTempDir("lint-python-flags-")]);
      expect(cli.code, `${args.join(" ")}: ${cli.stderr}`).toBe(2);
    }
  });

  it("a project dir that does not exist is reported with the fix", async () => {
    const cli = await runCli(["--project", "/nonexistent/project"]);
    expect(cli.code).toBe(2);
    expect(cli.stderr).toContain("--project /nonexistent/project: no such directory");
  });

  it("-r removes cached envs, results and logs, and exits 0", async () => {
    const cache = await makeTempDir("lint-python-r-");
    await mkdir(path.join(cache, "envs", "py3.11-venv-x"), { recursive: true });
    await mkdir(path.join(cache, "lint-python", "p", "logs"), { recursive: true });
    await writeFile(path.join(cache, "lint-python", "p", "results.json"), "{}");
    const cli = await runCli(["-r", "--cache-dir", cache]);
    expect(cli.code).toBe(0);
    expect(await readdir(cache)).toEqual([]);
  });
});
