// lint-python.sh's flags on the real CLI: right messages, right exit codes (0 for -h and -l,
// 2 for a usage mistake, never a log grep). None of these builds an env.
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { cp, mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { skipNow } from "@pyflink-devkit/reference-tools";
import { cliEnv, cliPath, fixturesDir, makeTempDir, runCli } from "./support/cli.js";

describe("lint-python flags", () => {
  it("-l lists the four checks and exits 0", async () => {
    const cli = await runCli(["-l"]);
    expect(cli.code).toBe(0);
    expect(cli.stdout.trim().split("\n").map((line) => line.split(/\s+/)[0])).toEqual(["flake8", "mypy", "sphinx", "tests"]);
  });

  it("-h prints the usage with every flag and exits 0", async () => {
    const cli = await runCli(["-h"]);
    expect(cli.code).toBe(0);
    for (const flag of ["-f", "-s", "-e", "-i", "-l", "-r", "--project", "--python", "--jobs", "--json", "--junit", "--changed", "--backend", "--mode", "--full-docs"]) {
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

  it("a tox.ini that configparser cannot read (an unclosed [flake8) is one message naming file and line, exit 2, before anything runs", async () => {
    const dir = await makeTempDir("lint-python-broken-ini-");
    const project = path.join(dir, "project");
    await cp(path.join(fixturesDir, "clean"), project, { recursive: true });
    const toxIni = path.join(project, "tox.ini");
    const lines = (await readFile(toxIni, "utf8")).split("\n");
    const at = lines.indexOf("[flake8]");
    expect(at).toBeGreaterThan(0);
    lines[at] = "[flake8";
    await writeFile(toxIni, lines.join("\n"));
    const cli = await runCli(["--project", project, "--cache-dir", path.join(dir, "cache"), "--python", "3.12", "-i", "flake8"]);
    expect(cli.code).toBe(2);
    expect(cli.stderr).toBe(`lint-python: ${toxIni}:${String(at + 1)}: "[flake8" is not a section header (no closing "]"). Python's configparser, which flake8, mypy and tox read it with, rejects the file (flake8 then silently lints with its defaults). Close it: "[flake8]".\n`);
    expect(cli.stdout).toBe("");
    expect(existsSync(path.join(dir, "cache", "envs"))).toBe(false);
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

  it("a --cache-dir (or $PYFLINK_DEVKIT_CACHE) that is a file is a usage error naming it, before anything runs", async () => {
    const dir = await makeTempDir("lint-python-cache-file-");
    const file = path.join(dir, "cache");
    await writeFile(file, "not a directory\n");
    const project = path.join(fixturesDir, "clean");
    const flag = await runCli(["--project", project, "--cache-dir", file, "-i", "flake8"]);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toBe(`lint-python: --cache-dir ${file} is a file, not a directory. Pass a directory (it is created when missing).\n`);
    expect(flag.stdout).toBe("");
    const variable = await runCli(["--project", project, "-i", "flake8"], cliEnv({ PYFLINK_DEVKIT_CACHE: file }));
    expect(variable.code).toBe(2);
    expect(variable.stderr).toContain(`$PYFLINK_DEVKIT_CACHE ${file} is a file`);
    const below = await runCli(["--project", project, "--cache-dir", path.join(file, "sub"), "-i", "flake8"]);
    expect(below.code).toBe(2);
    expect(below.stderr).toMatch(/cannot be used for environments and results \(ENOTDIR\): a part of the path is a file/);
  });

  it("a --junit that is a directory is a usage error before anything runs", async () => {
    const dir = await makeTempDir("lint-python-junit-dir-");
    const cli = await runCli(["--project", path.join(fixturesDir, "clean"), "--cache-dir", path.join(dir, "cache"), "--junit", dir, "-i", "flake8"]);
    expect(cli.code).toBe(2);
    expect(cli.stderr).toBe(`lint-python: --junit ${dir} is a directory. Pass the path of the report file to write.\n`);
    expect(existsSync(path.join(dir, "cache", "envs"))).toBe(false);
  });

  it("a --json on a read-only file system says so with the fix and runs nothing (no raw EROFS at the end)", async (context) => {
    // A read-only tmpfs in a private user and mount namespace: root's write permission cannot get around it.
    const probe = spawnSync("unshare", ["-Urm", "true"], { encoding: "utf8" });
    if (probe.status !== 0) skipNow(context, "debian:unshare", "debian", `unshare -Urm (util-linux, unprivileged user namespaces) does not work here: ${probe.error?.message ?? probe.stderr.trim()}`);
    const dir = await makeTempDir("lint-python-ro-");
    const readOnly = path.join(dir, "ro");
    await mkdir(readOnly);
    const args = [cliPath, "--project", path.join(fixturesDir, "clean"), "--cache-dir", path.join(dir, "cache"), "--json", path.join(readOnly, "report.json"), "-i", "flake8"];
    const child = spawn("unshare", ["-Urm", "sh", "-c", 'mount -t tmpfs -o ro,size=8k tmpfs "$RO" && exec "$@"', "sh", process.execPath, ...args], { env: cliEnv({ RO: readOnly }) });
    let stderr = "";
    let stdout = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect(code, stderr).toBe(2);
    expect(stderr).toBe(`lint-python: --json ${path.join(readOnly, "report.json")} cannot be written (EROFS in ${readOnly}): it is on a read-only file system: choose a directory on a writable one. Nothing was run.\n`);
    expect(stdout).toBe("");
    expect(existsSync(path.join(dir, "cache", "envs"))).toBe(false);
  });

  it("--python naming a version the project's requires-python excludes (2.7) is a usage error, not 'everything skipped'", async () => {
    const cache = await makeTempDir("lint-python-unsupported-");
    const project = path.join(fixturesDir, "clean");
    for (const versions of ["2.7", "3.11,3.7"]) {
      const cli = await runCli(["--project", project, "--cache-dir", cache, "--python", versions, "-i", "flake8"]);
      expect(cli.code, cli.stdout + cli.stderr).toBe(2);
      expect(cli.stderr).toMatch(new RegExp(`^lint-python: --python ${versions.replace(/\./g, "\\.")}: Python ${versions.split(",").at(-1)?.replace(".", "\\.") ?? ""} is not supported: greeting requires Python >=3\\.11 \\(\\S*pyproject\\.toml\\)\\. Leave it out of --python .*--skip-missing-interpreters`));
      expect(cli.stdout).not.toMatch(/Nothing failed/);
    }
    expect(existsSync(path.join(cache, "envs"))).toBe(false);
  });
});
