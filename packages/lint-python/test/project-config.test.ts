// Reading the configs the way tox, flake8 and mypy read them, checked against Flink's own files
// as quoted in the tooling notes (tox.ini at 80cdd5a8, pyproject at 47a02f63).
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { findExecutable, run } from "@pyflink-devkit/runner";
import { requirement, skipUnless } from "@pyflink-devkit/reference-tools";
import { describe, expect, it } from "vitest";
import { LintPythonError, expandEnvlist, parseIni, pythonOfToxEnv, readProject, satisfiesRequiresPython, selectChecks, normalizePythonVersion } from "../src/index.js";
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

// Files configparser refuses, and the line it names; the reader must refuse them at the same line.
const BROKEN_INI: readonly (readonly [string, string, number, RegExp])[] = [
  ["an unclosed section header", "[tox]\nenvlist = py311\n\n[flake8\nmax-line-length = 100\n", 4, /: "\[flake8" is not a section header \(no closing "\]"\)\. .* Close it: "\[flake8\]"\.$/],
  ["an option before any section", "# settings\nmax-line-length = 100\n[flake8]\n", 2, /: "max-line-length = 100" comes before any section header\./],
  ["a line that is no option", "[flake8]\nexclude =\n    docs\nmax-line-length 100\n", 4, /: "max-line-length 100" is neither a section header, an option \("key = value"\) nor an indented continuation line\./],
  ["a section twice", "[flake8]\na = 1\n[mypy]\n[flake8]\n", 4, /: section \[flake8\] appears a second time \(first at line 1\)\. .* Merge the two/],
  ["an option twice (names are case-insensitive)", "[flake8]\nexclude = a\nExclude = b\n", 3, /: option "exclude" is set a second time in \[flake8\] \(first at line 2\)\./],
];
// Files configparser reads, for the same comparison the other way.
const VALID_INI = "[DEFAULT]\nx = 1\n[flake8]\n  exclude = a\n  extend-exclude: b\n; comment\n[DEFAULT]\n[tox]\nenvlist =\n    py311\n    # skipped\n    py312\n";

describe("INI files configparser refuses", () => {
  it.each(BROKEN_INI)("%s is a usage error naming the file and line", (_name, text, line, problem) => {
    let thrown: unknown;
    try {
      parseIni(text, "/p/tox.ini");
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(LintPythonError);
    expect((thrown as LintPythonError).exitCode).toBe(2);
    expect((thrown as Error).message.startsWith(`/p/tox.ini:${String(line)}: `)).toBe(true);
    expect((thrown as Error).message).toMatch(problem);
  });

  const python = findExecutable("python3");
  it("refuses exactly what Python's configparser refuses, at the line it names", skipUnless(requirement(python !== undefined, "python3", "interpreter", "python3 is not on PATH to read the files with configparser")), async () => {
    const script = [
      "import configparser, json, sys",
      "out = []",
      "for text in json.load(sys.stdin):",
      "    parser = configparser.RawConfigParser()",
      "    try:",
      "        parser.read_string(text, source='tox.ini')",
      "        out.append({'ok': {s: dict(parser._sections[s]) for s in parser.sections()}})",
      "    except configparser.Error as error:",
      "        out.append({'line': getattr(error, 'lineno', None) or error.errors[0][0]})",
      "print(json.dumps(out))",
    ].join("\n");
    const texts = [...BROKEN_INI.map(([, text]) => text), VALID_INI];
    const result = await run(python ?? "python3", ["-c", script], { input: JSON.stringify(texts) });
    const answers = JSON.parse(result.stdout) as ({ line: number } | { ok: Record<string, Record<string, string>> })[];
    expect(answers.slice(0, -1)).toEqual(BROKEN_INI.map(([, , line]) => ({ line })));
    const ours = Object.fromEntries([...parseIni(VALID_INI)].filter(([name]) => name !== "DEFAULT").map(([name, options]) => [name, Object.fromEntries(options)]));
    expect(answers.at(-1)).toEqual({ ok: ours });
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
    await expect(readProject(dir)).rejects.toMatchObject({ exitCode: 2 });
  });

  it("a broken setup.cfg or pyproject.toml is a usage error naming the file and line", async () => {
    const dir = await makeTempDir("lint-python-project-");
    await writeFile(path.join(dir, "setup.cfg"), "[metadata]\nname = x\n[flake8\n");
    await expect(readProject(dir)).rejects.toMatchObject({ exitCode: 2, message: expect.stringMatching(new RegExp(`^${path.join(dir, "setup.cfg")}:3: "\\[flake8" is not a section header`)) as unknown });
    await writeFile(path.join(dir, "setup.cfg"), "[metadata]\nname = x\n");
    // The position agrees with Python's tomllib: "Expected ']' at the end of a table declaration (at line 3, column 11)".
    await writeFile(path.join(dir, "pyproject.toml"), '[project]\nname = "x"\n[tool.mypy\n');
    await expect(readProject(dir)).rejects.toMatchObject({ exitCode: 2, message: expect.stringMatching(new RegExp(`^${path.join(dir, "pyproject.toml")}:3:11: not valid TOML: .*Fix the syntax there`)) as unknown });
  });
});
