import path from "node:path";
import type { PythonProject } from "./project.js";
import { CONFIG_FILES } from "./project.js";

export type CheckName = "flake8" | "mypy" | "sphinx" | "tests";
export type Mode = "direct" | "tox";

/** Everything a check's command depends on for one task. */
export interface CheckContext {
  readonly project: PythonProject;
  /** The env's python for direct runs. */
  readonly python: string;
  /** Files changed against `--changed <ref>`, relative to the project; undefined without --changed. */
  readonly changedFiles: readonly string[] | undefined;
  /** Scratch dir of this task in the cache (sphinx output, mypy and pytest caches). */
  readonly scratchDir: string;
  readonly mode: Mode;
  /** tox envs of this task's Python version (tox mode). */
  readonly toxEnvs: readonly string[];
  /** tox on PATH (tox mode). */
  readonly tox: string | undefined;
  /** Directories of the interpreters found, put first on PATH so tox finds python3.X. */
  readonly interpreterDirs: readonly string[];
}

export type CheckCommand =
  | { readonly kind: "run"; readonly file: string; readonly args: readonly string[]; readonly env: Readonly<Record<string, string>> }
  | { readonly kind: "skip"; readonly reason: string };

/** How an exit code is judged; `judged: false` means the tool did not get to a verdict (crash, bad usage), so the result is not cached. */
export interface Verdict {
  readonly status: "passed" | "failed" | "skipped";
  readonly judged: boolean;
  readonly note?: string;
}

export interface CheckDefinition {
  readonly name: CheckName;
  readonly description: string;
  /** "project": once, on the lint interpreter (python null in reports); "per-python": once per version. */
  readonly scope: "project" | "per-python";
  /** `[dependency-groups]` names that pin its tools, first present wins (Flink's group names). */
  readonly groups: readonly string[];
  /** Used when the project pins nothing. */
  readonly defaultRequirements: readonly string[];
  /** Whether the check can run on single files (given as `changedFiles`) instead of the whole project; the dev loop runs these on each saved file. */
  readonly takesFiles: boolean;
  /** Whether a project file (relative path) is an input of this check. */
  readonly isInput: (file: string, project: PythonProject) => boolean;
  readonly command: (context: CheckContext) => CheckCommand;
  readonly judge: (exitCode: number, output: string) => Verdict;
  /** Problems the tool reported in its output (violations, type errors, warnings, failed tests). */
  readonly countProblems: (output: string) => number;
}

const isConfig = (file: string): boolean => (CONFIG_FILES as readonly string[]).includes(file);
const isPython = (file: string): boolean => file.endsWith(".py");
const isPythonOrStub = (file: string): boolean => file.endsWith(".py") || file.endsWith(".pyi");
const inDocs = (file: string, project: PythonProject): boolean => project.docsDir !== undefined && (file === project.docsDir || file.startsWith(`${project.docsDir}/`));
// Tests are not documented: autodoc imports the package, never its tests.
const inTests = (file: string): boolean => /(^|\/)(tests?|testing)\//.test(file) || /(^|\/)(test_[^/]*|[^/]*_test|conftest)\.py$/.test(file);

// Keep Python from writing __pycache__ and caches into the project.
const QUIET_PYTHON = { PYTHONDONTWRITEBYTECODE: "1" } as const;

/** exit 0 → passed, 1 → failed (problems found), anything else → failed and not a verdict. */
function judgeZeroOne(tool: string): (exitCode: number) => Verdict {
  return (exitCode) => {
    if (exitCode === 0) return { status: "passed", judged: true };
    if (exitCode === 1) return { status: "failed", judged: true };
    return { status: "failed", judged: false, note: `${tool} exited with code ${exitCode} (a crash or a usage error, not a finding); see the log` };
  };
}

function countMatches(output: string, pattern: RegExp): number {
  return output.split("\n").filter((line) => pattern.test(line)).length;
}

/** Sums "N failed" and "N error(s)" over every pytest summary line (tox prints one per env). */
function countPytestProblems(output: string): number {
  let total = 0;
  for (const line of output.split("\n")) {
    if (!/^=+ .* in [\d.]+s/.test(line.replace(/^\S*\s*(?==)/, ""))) continue;
    for (const match of line.matchAll(/(\d+) (failed|errors?)\b/g)) total += Number(match[1] ?? 0);
  }
  return total;
}

function pythonPath(context: CheckContext): Record<string, string> {
  const roots = context.project.sourceRoots.map((root) => path.join(context.project.dir, root));
  const existing = process.env.PYTHONPATH;
  return roots.length === 0 ? {} : { PYTHONPATH: [...roots, ...(existing ? [existing] : [])].join(path.delimiter) };
}

function mypyPath(context: CheckContext): Record<string, string> {
  const roots = context.project.sourceRoots.map((root) => path.join(context.project.dir, root));
  const existing = process.env.MYPYPATH;
  return roots.length === 0 ? {} : { MYPYPATH: [...roots, ...(existing ? [existing] : [])].join(path.delimiter) };
}

/** The checks, in lint-python.sh's order (it ran them alphabetically: flake8, mypy, sphinx, tox). */
export const CHECKS: readonly CheckDefinition[] = [
  {
    name: "flake8",
    description: "style and static errors (flake8, configured in tox.ini / setup.cfg / .flake8)",
    scope: "project",
    groups: ["flake8"],
    defaultRequirements: ["flake8>=7"],
    takesFiles: true,
    isInput: (file) => isPython(file) || isConfig(file),
    command: (context): CheckCommand => {
      // flake8 finds its [flake8] section in the cwd's setup.cfg, tox.ini or .flake8 by itself
      // and applies `exclude` to explicit paths too, so --changed can hand it the files.
      const files = context.changedFiles?.filter(isPython);
      if (files?.length === 0) return { kind: "skip", reason: "no changed Python files" };
      return { kind: "run", file: context.python, args: ["-m", "flake8", ...(files ?? ["."])], env: QUIET_PYTHON };
    },
    judge: judgeZeroOne("flake8"),
    countProblems: (output) => countMatches(output, /^[^\s:][^:]*:\d+:\d+: [A-Z]+\d+ /),
  },
  {
    name: "mypy",
    description: "type check (mypy, configured in mypy.ini / pyproject / setup.cfg / tox.ini)",
    scope: "project",
    groups: ["mypy"],
    defaultRequirements: ["mypy>=1.10"],
    takesFiles: true,
    isInput: (file) => isPythonOrStub(file) || isConfig(file),
    command: (context): CheckCommand => {
      const { project } = context;
      const changed = context.changedFiles?.filter(isPythonOrStub);
      if (changed?.length === 0) return { kind: "skip", reason: "no changed Python files" };
      const targets = changed ?? (project.mypyHasFiles ? [] : project.sourceRoots.length > 0 ? [...project.sourceRoots] : ["."]);
      return {
        kind: "run",
        file: context.python,
        args: ["-m", "mypy", ...project.mypyConfigArgs, "--cache-dir", path.join(context.scratchDir, "mypy-cache"), "--no-color-output", "--no-error-summary", ...targets],
        // mypy ignores PYTHONPATH; MYPYPATH lets a changed test file alone still resolve the
        // package it imports from src/.
        env: { ...QUIET_PYTHON, ...mypyPath(context), MYPY_FORCE_COLOR: "0" },
      };
    },
    judge: judgeZeroOne("mypy"),
    countProblems: (output) => countMatches(output, /^[^\s:][^:]*:\d+(?::\d+)?: error: /),
  },
  {
    name: "sphinx",
    description: "docs build with warnings as errors (sphinx-build -W)",
    scope: "project",
    groups: ["sphinx"],
    defaultRequirements: ["sphinx>=7"],
    takesFiles: false,
    isInput: (file, project) => inDocs(file, project) || (isPython(file) && !inTests(file)) || isConfig(file),
    command: (context): CheckCommand => {
      const { project } = context;
      if (project.docsDir === undefined) return { kind: "skip", reason: "the project has no docs (no docs/conf.py)" };
      if (context.changedFiles?.some((file) => inDocs(file, project) || (isPython(file) && !inTests(file))) === false) {
        return { kind: "skip", reason: "no changed docs or (non-test) Python files" };
      }
      // A fresh build (-E) into our cache, never into the project's _build; -W as Flink's docs check.
      const out = path.join(context.scratchDir, "html");
      return {
        kind: "run",
        file: context.python,
        args: ["-m", "sphinx", "-W", "--keep-going", "--no-color", "-E", "-q", "-b", "html", "-d", path.join(context.scratchDir, "doctrees"), project.docsDir, out],
        env: { ...QUIET_PYTHON, ...pythonPath(context) },
      };
    },
    judge: (exitCode) => (exitCode === 0 ? { status: "passed", judged: true } : { status: "failed", judged: exitCode === 1 }),
    countProblems: (output) => countMatches(output, /(WARNING|ERROR|CRITICAL):/),
  },
  {
    name: "tests",
    description: "pytest in each Python version's env (--mode direct) or the project's tox envs (--mode tox)",
    scope: "per-python",
    groups: ["tests", "test", "dev"],
    defaultRequirements: ["pytest>=8"],
    takesFiles: false,
    isInput: (file, project) => !inDocs(file, project),
    command: (context): CheckCommand => {
      if (context.changedFiles?.some((file) => !inDocs(file, context.project)) === false) return { kind: "skip", reason: "no changed files outside the docs" };
      if (context.mode === "tox") {
        if (context.tox === undefined) return { kind: "skip", reason: "tox is not on PATH (install it, e.g. `apt install tox`, or use --mode direct)" };
        if (context.toxEnvs.length === 0) return { kind: "skip", reason: "tox.ini's envlist has no env for this Python version" };
        const pathVar = [...context.interpreterDirs, process.env.PATH ?? ""].join(path.delimiter);
        return {
          kind: "run",
          file: context.tox,
          args: ["-c", "tox.ini", "-e", context.toxEnvs.join(","), "--workdir", path.join(context.scratchDir, "tox")],
          env: { PATH: pathVar },
        };
      }
      return {
        kind: "run",
        file: context.python,
        args: ["-m", "pytest", "-p", "no:cacheprovider"],
        env: { ...QUIET_PYTHON, ...pythonPath(context) },
      };
    },
    judge: (exitCode) => {
      // pytest: 1 = tests failed, 5 = no tests collected; tox passes its envs' worst code on.
      if (exitCode === 0) return { status: "passed", judged: true };
      if (exitCode === 1) return { status: "failed", judged: true };
      if (exitCode === 5) return { status: "skipped", judged: true, note: "pytest collected no tests" };
      return { status: "failed", judged: false, note: `exited with code ${exitCode} (interrupted, internal error or usage error); see the log` };
    },
    countProblems: countPytestProblems,
  },
];

export const CHECK_NAMES: readonly CheckName[] = CHECKS.map((check) => check.name);

export function checkByName(name: CheckName): CheckDefinition {
  const check = CHECKS.find((candidate) => candidate.name === name);
  if (check === undefined) throw new Error(`unknown check ${name}`);
  return check;
}

export function isCheckName(name: string): name is CheckName {
  return (CHECK_NAMES as readonly string[]).includes(name);
}

/** The requirements a check installs: its pinned group from pyproject, else our defaults. */
export function checkRequirements(check: CheckDefinition, project: PythonProject): readonly string[] {
  for (const group of check.groups) {
    const pinned = project.dependencyGroups[group];
    if (pinned !== undefined) return pinned;
  }
  return check.defaultRequirements;
}
