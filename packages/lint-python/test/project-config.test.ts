// Reading the configs the way tox, flake8 and mypy read them, checked against Flink's own files
// as quoted in the tooling notes (tox.ini at 80cdd5a8, pyproject at 47a02f63).
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { expandEnvlist, parseIni, pythonOfToxEnv, readProject, satisfiesRequiresPython, selectChecks, normalizePythonVersion } from "../src/index.js";
import { makeTempDir } from "./support/cli.js";

describe("tox envlist", () => {
  it("expands Flink's brace form into one env per Python", () => {
    const envs = expandEnvlist("{py39, py310, py311, py312}-cython");
    expect(envs).toEqual(["py39-cython", "py310-cython", "py311-cython", "py312-cython"]);
    expect(envs.map(pythonOfToxEnv)).toEqual(["3.9", "3.10", "3.11", "3.12"]);
  });

  it("reads comma and newline lists, and env names without a Python", () => {
    expect(expandEnvlist("py311, py312\nlint")).toEqual(["py311", "py312", "lint"]);
    expect(pythonOfToxEnv("lint")).toBeUndefined();
    expect(pythonOfToxEnv("py3.13")).toBe("3.13");
  });
});

describe("INI files", () => {
  it("joins indented continuation lines and skips comments, as configparser does", () => {
    const ini = parseIni("[tox]\nenvlist =\n    py311\n    py312\n# comment\n[flake8]\nIgnore=E226,E241\nmax-line-length: 100\n");
    expect(ini.get("tox")?.get("envlist")).toBe("\npy311\npy312");
    expect(ini.get("flake8")?.get("ignore")).toBe("E226,E241");
    expect(ini.get("flake8")?.get("max-line-length")).toBe("100");
  });
});

describe("requires-python", () => {
  it.each([
    ["3.11", ">=3.11", true],
    ["3.10", ">=3.11", false],
    ["3.13", ">=3.9,<3.13", false],
    ["3.12", ">=3.9,<3.13", true],
    ["3.12", "~=3.11", true],
    ["3.11", "==3.11.*", true],
    ["3.12", "==3.11.*", false],
    ["3.12", undefined, true],
  ] as const)("%s against %s → %s", (minor, spec, expected) => {
    expect(satisfiesRequiresPython(minor, spec)).toBe(expected);
  });
});

describe("selection", () => {
  it("keeps the fixed check order and understands all", () => {
    expect(selectChecks("tests,flake8", undefined)).toEqual(["flake8", "tests"]);
    expect(selectChecks(undefined, "sphinx")).toEqual(["flake8", "mypy", "tests"]);
    expect(selectChecks("all", undefined)).toEqual(["flake8", "mypy", "sphinx", "tests"]);
  });

  it("accepts tox and pyenv spellings of versions", () => {
    expect(["3.11", "py312", "python3.13", "py3.9"].map(normalizePythonVersion)).toEqual(["3.11", "3.12", "3.13", "3.9"]);
  });
});

describe("readProject", () => {
  it("reads a Flink-style project: mypy config in tox.ini, pins in dependency groups", async () => {
    const dir = await makeTempDir("lint-python-project-");
    await writeFile(
      path.join(dir, "tox.ini"),
      "[tox]\nenvlist = {py39, py310, py311, py312}-cython\n\n[flake8]\nmax-line-length=100\n\n[mypy]\nfiles=pyflink/common/*.py\nignore_missing_imports = True\n",
    );
    await writeFile(
      path.join(dir, "pyproject.toml"),
      '[dependency-groups]\nflake8 = ["flake8==7.2.0"]\nmypy = ["mypy==1.5.1", "types-pytz"]\nDev = ["pytest~=8.0", { include-group = "Flake8" }]\n',
    );
    await mkdir(path.join(dir, "docs"));
    await writeFile(path.join(dir, "docs", "conf.py"), "");
    const project = await readProject(dir);
    expect(project.toxEnvs.map((env) => env.python)).toEqual(["3.9", "3.10", "3.11", "3.12"]);
    expect(project.mypyConfigArgs).toEqual(["--config-file", "tox.ini"]);
    expect(project.mypyHasFiles).toBe(true);
    expect(project.dependencyGroups.dev).toEqual(["pytest~=8.0", "flake8==7.2.0"]);
    expect(project.docsDir).toBe("docs");
    expect(project.configFiles).toEqual(["tox.ini", "pyproject.toml"]);
  });

  it("prefers pyproject's [tool.mypy] over tox.ini, where mypy itself looks first", async () => {
    const dir = await makeTempDir("lint-python-project-");
    await writeFile(path.join(dir, "tox.ini"), "[mypy]\nfiles=a.py\n");
    await writeFile(path.join(dir, "pyproject.toml"), "[tool.mypy]\nstrict = true\n");
    const project = await readProject(dir);
    expect(project.mypyConfigArgs).toEqual([]);
    expect(project.mypyHasFiles).toBe(false);
    expect(project.docsDir).toBeUndefined();
  });

  it("rejects an include-group cycle naming the groups", async () => {
    const dir = await makeTempDir("lint-python-project-");
    await writeFile(path.join(dir, "pyproject.toml"), '[dependency-groups]\na = [{ include-group = "b" }]\nb = [{ include-group = "a" }]\n');
    await expect(readProject(dir)).rejects.toThrow(/cycle \(a -> b -> a\)/);
  });
});
