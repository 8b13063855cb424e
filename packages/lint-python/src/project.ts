import { access, readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { normalizeGroupName, PythonEnvError, resolveDependencyGroups } from "@pyflink-devkit/python-env";
import { parse as parseToml, TomlError } from "smol-toml";
import { flake8Config, flake8Scope, mypyScope, type ConfigScope } from "./config-scope.js";
import { readFlinkLayout, type FlinkLayout } from "./flink-layout.js";
import { isNotFound, readIniFile, type IniSections } from "./ini-file.js";
import { LintPythonError } from "./lint-python-error.js";
import { expandEnvlist, pythonOfToxEnv } from "./tox-envlist.js";

/** Files whose content configures flake8, mypy, pytest, sphinx or tox; every check hashes them. */
export const CONFIG_FILES = ["tox.ini", "setup.cfg", "pyproject.toml", ".flake8", "mypy.ini", ".mypy.ini", "pytest.ini"] as const;

/** Where projects keep their Sphinx docs, in the order we look (Flink: `docs/conf.py`). */
const DOCS_DIRS = ["docs", "docs/source", "doc", "doc/source"] as const;

export interface ToxEnv {
  readonly name: string;
  /** "3.11" for py311; undefined for an env that names no Python (e.g. "lint"). */
  readonly python: string | undefined;
}

/** What lint:python needs to know about a Python project, read from its config files. */
export interface PythonProject {
  readonly dir: string;
  /** `[project] name`, else the directory name. */
  readonly name: string;
  /** Config files that exist, relative to `dir`. */
  readonly configFiles: readonly string[];
  /** tox.ini `[tox] envlist`, expanded. */
  readonly toxEnvs: readonly ToxEnv[];
  /** `[tool.lint-python] python = [...]` in pyproject.toml. */
  readonly configuredPythons: readonly string[] | undefined;
  /** `[project] requires-python`. */
  readonly requiresPython: string | undefined;
  /** `[project] dependencies`: installed into every env so tests, mypy and autodoc can import the code. */
  readonly dependencies: readonly string[];
  /** `[dependency-groups]`, include-group resolved, keyed by PEP 735 normalized name ("tests"). */
  readonly dependencyGroups: Readonly<Record<string, readonly string[]>>;
  /** The Sphinx source dir (holding conf.py), relative; undefined when the project has no docs. */
  readonly docsDir: string | undefined;
  /** `src` for a src layout: put on PYTHONPATH so tests import the code without installing it. */
  readonly sourceRoots: readonly string[];
  /** `--config-file X` when mypy's config lives where mypy does not look by itself (Flink's tox.ini). */
  readonly mypyConfigArgs: readonly string[];
  /** Whether mypy's config names what to check (`files`); otherwise we pass the source roots. */
  readonly mypyHasFiles: boolean;
  /** The files flake8's config selects (its `exclude`): `--changed` never goes beyond them. */
  readonly flake8Scope: ConfigScope;
  /** The files mypy's config selects (its `files`): `--changed` never goes beyond them. */
  readonly mypyScope: ConfigScope;
  /** The docs dir has a Makefile with an `html` target: sphinx runs as `make clean html`, as the project builds its docs. */
  readonly docsMakefile: boolean;
  /** Set when the project is Flink's flink-python. */
  readonly flink: FlinkLayout | undefined;
}

/** Reads the project's tox.ini, setup.cfg and pyproject.toml. */
export async function readProject(dir: string): Promise<PythonProject> {
  const projectDir = path.resolve(dir);
  if (!(await exists(projectDir))) {
    throw new LintPythonError(`--project ${dir}: no such directory. Pass the directory that holds the Python project's tox.ini / pyproject.toml.`, { exitCode: 2 });
  }
  const configFiles: string[] = [];
  for (const file of CONFIG_FILES) if (await exists(path.join(projectDir, file))) configFiles.push(file);
  if (configFiles.length === 0 && !(await hasPythonFiles(projectDir))) {
    throw new LintPythonError(
      `--project ${dir}: not a Python project (no ${CONFIG_FILES.join(", ")} and no .py files at its top). Pass the directory of a Python project.`,
      { exitCode: 2 },
    );
  }

  const tox = await readIniFile(path.join(projectDir, "tox.ini"));
  const setupCfg = await readIniFile(path.join(projectDir, "setup.cfg"));
  const pyproject = await readPyproject(path.join(projectDir, "pyproject.toml"));
  const projectTable = table(pyproject?.project);
  const toolTable = table(pyproject?.tool);

  const envlist = tox?.get("tox")?.get("envlist");
  const toxEnvs = envlist === undefined ? [] : expandEnvlist(envlist).map((name) => ({ name, python: pythonOfToxEnv(name) }));

  const lintConfig = table(toolTable?.["lint-python"]);
  const configuredPythons = stringList(lintConfig?.python);

  const docsDir = await firstExisting(projectDir, DOCS_DIRS.map((docs) => `${docs}/conf.py`));
  const sourceRoots = (await isPythonSourceRoot(path.join(projectDir, "src"))) ? ["src"] : [];

  const mypyIni = await readIniFile(path.join(projectDir, "mypy.ini"));
  const dotMypyIni = await readIniFile(path.join(projectDir, ".mypy.ini"));
  const mypy = mypyConfig(configFiles, tox, setupCfg, table(toolTable?.mypy), mypyIni, dotMypyIni);
  const flake8 = flake8Config([
    { file: "setup.cfg", sections: setupCfg },
    { file: "tox.ini", sections: tox },
    { file: ".flake8", sections: await readIniFile(path.join(projectDir, ".flake8")) },
  ]);
  const mypySection = mypyIni?.get("mypy") ?? dotMypyIni?.get("mypy") ?? setupCfg?.get("mypy") ?? tox?.get("mypy");
  const mypyFile = mypyIni?.has("mypy") === true ? "mypy.ini" : dotMypyIni?.has("mypy") === true ? ".mypy.ini" : setupCfg?.has("mypy") === true ? "setup.cfg" : "tox.ini";
  const toolMypyFiles = table(toolTable?.mypy)?.files;
  const mypyFiles = typeof toolMypyFiles === "string" ? new Map([["files", toolMypyFiles]]) : Array.isArray(toolMypyFiles) ? new Map([["files", toolMypyFiles.join(",")]]) : undefined;
  const docsMakefile = docsDir !== undefined && /^html\s*:/m.test(await readFile(path.join(projectDir, path.dirname(docsDir), "Makefile"), "utf8").catch(() => ""));

  return {
    dir: projectDir,
    name: typeof projectTable?.name === "string" ? projectTable.name : path.basename(projectDir),
    configFiles,
    toxEnvs,
    configuredPythons,
    requiresPython: typeof projectTable?.["requires-python"] === "string" ? projectTable["requires-python"] : undefined,
    dependencies: stringList(projectTable?.dependencies) ?? [],
    dependencyGroups: normalizedGroups(dependencyGroupsOf(pyproject, path.join(projectDir, "pyproject.toml"))),
    docsDir: docsDir === undefined ? undefined : path.dirname(docsDir),
    sourceRoots,
    ...mypy,
    flake8Scope: flake8Scope(flake8.section, flake8.file),
    mypyScope: mypyFiles !== undefined ? mypyScope(mypyFiles, "pyproject.toml [tool.mypy]", sourceRoots) : mypyScope(mypySection, mypyFile, sourceRoots),
    docsMakefile,
    flink: await readFlinkLayout(projectDir),
  };
}

/**
 * mypy reads mypy.ini, .mypy.ini, pyproject.toml `[tool.mypy]` and setup.cfg `[mypy]` by itself,
 * in that order, but never tox.ini; Flink keeps its `[mypy]` in tox.ini and passes
 * `--config-file tox.ini`, so we do the same when that is the only place it is.
 */
function mypyConfig(
  configFiles: readonly string[],
  tox: IniSections | undefined,
  setupCfg: IniSections | undefined,
  toolMypy: Record<string, unknown> | undefined,
  mypyIni: IniSections | undefined,
  dotMypyIni: IniSections | undefined,
): { mypyConfigArgs: string[]; mypyHasFiles: boolean } {
  const iniHasFiles = (sections: IniSections | undefined): boolean => sections?.get("mypy")?.has("files") === true;
  if (mypyIni?.has("mypy") === true) return { mypyConfigArgs: [], mypyHasFiles: iniHasFiles(mypyIni) };
  if (dotMypyIni?.has("mypy") === true) return { mypyConfigArgs: [], mypyHasFiles: iniHasFiles(dotMypyIni) };
  if (toolMypy !== undefined) return { mypyConfigArgs: [], mypyHasFiles: toolMypy.files !== undefined };
  if (setupCfg?.has("mypy") === true) return { mypyConfigArgs: [], mypyHasFiles: iniHasFiles(setupCfg) };
  if (configFiles.includes("tox.ini") && tox?.has("mypy") === true) return { mypyConfigArgs: ["--config-file", "tox.ini"], mypyHasFiles: iniHasFiles(tox) };
  return { mypyConfigArgs: [], mypyHasFiles: false };
}

/** PEP 735 compares group names normalized (`Tests`, `tests_` → `tests`); so do our lookups. */
function normalizedGroups(groups: Record<string, string[]>): Record<string, string[]> {
  return Object.fromEntries(Object.entries(groups).map(([name, requirements]) => [normalizeGroupName(name), requirements]));
}

async function readPyproject(file: string): Promise<Record<string, unknown> | undefined> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
  try {
    return parseToml(text);
  } catch (error) {
    const where = error instanceof TomlError ? `:${String(error.line)}:${String(error.column)}` : "";
    const what = (error instanceof Error ? error.message : String(error)).split("\n")[0]?.replace(/^Invalid TOML document: /, "") ?? "";
    throw new LintPythonError(`${file}${where}: not valid TOML: ${what}. Fix the syntax there (pip, uv and every tool reading pyproject.toml reject it too).`, { exitCode: 2, cause: error });
  }
}

/** `[dependency-groups]` resolved; a malformed one (a cycle, an unknown include) is a config error like bad TOML. */
function dependencyGroupsOf(pyproject: Record<string, unknown> | undefined, file: string): Record<string, string[]> {
  try {
    return resolveDependencyGroups(pyproject?.["dependency-groups"], file);
  } catch (error) {
    if (error instanceof PythonEnvError) throw new LintPythonError(error.message, { exitCode: 2, cause: error });
    throw error;
  }
}

function table(value: unknown): Record<string, unknown> | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function stringList(value: unknown): string[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return (value as unknown[]).filter((item): item is string => typeof item === "string");
}

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}

async function firstExisting(dir: string, candidates: readonly string[]): Promise<string | undefined> {
  for (const candidate of candidates) if (await exists(path.join(dir, candidate))) return candidate;
  return undefined;
}

/**
 * `src/` is a Python src layout only when it holds Python modules or packages; Flink's
 * flink-python has a Java `src/main/java` there.
 */
async function isPythonSourceRoot(dir: string): Promise<boolean> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    if (entry.isFile() && (entry.name.endsWith(".py") || entry.name.endsWith(".pyi"))) return true;
    if (entry.isDirectory() && (await exists(path.join(dir, entry.name, "__init__.py")))) return true;
  }
  return false;
}

async function hasPythonFiles(dir: string): Promise<boolean> {
  const entries = await readdir(dir).catch(() => []);
  return entries.some((entry) => entry.endsWith(".py"));
}
