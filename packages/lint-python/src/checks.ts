import { existsSync, readFileSync, readdirSync } from "node:fs";
import { availableParallelism } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { ConfigScope } from "./config-scope.js";
import { FLINK_PROTO_SYNC_TEST } from "./flink-layout.js";
import { INVENTORIES_VARIABLE, installedInventories, offlineInventoryFor } from "./intersphinx-inventories.js";
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
  /** The project's files (what git would track), relative; used to say what a run left out. */
  readonly files?: readonly string[];
  /** Build the docs from scratch as lint-python.sh does (`--full-docs`, `--force`): no incremental docs build. */
  readonly fullDocs?: boolean;
}

export type CheckCommand =
  | {
      readonly kind: "run";
      readonly file: string;
      readonly args: readonly string[];
      readonly env: Readonly<Record<string, string>>;
      /** What this run leaves out and why (shown with its result). */
      readonly note?: string;
      /**
       * Files the run leaves in the project for others to read (the docs' `_build/html`, which
       * Flink's docs.sh publishes): a stored result holds only while they are still there.
       */
      readonly outputs?: readonly string[];
      /**
       * A run that builds on what the last passed run left (an incremental docs build): `file` is
       * removed before the run starts and written with `content` only after a passed verdict, so a
       * failed, errored, cancelled or interrupted run leaves none and the next run starts afresh.
       */
      readonly marker?: { readonly file: string; readonly content: string };
      /**
       * What the result cache keys on instead of file, args, env and note, when two forms of the
       * command check the same inputs (the full and the incremental docs build): a result of one
       * holds for the other, so alternating forms do not miss.
       */
      readonly keyedAs?: readonly unknown[];
      /**
       * The run re-checks only what changed since the last pass (an incremental docs build): its
       * result does not stand in for the full check when a caller asks for that (`fullDocs`).
       */
      readonly partial?: boolean;
      /** A note read from the run's output and the files it left (which build ran), shown with its result. */
      readonly describe?: (output: string) => string | undefined;
    }
  | { readonly kind: "skip"; readonly reason: string };

/**
 * A check's long-lived server, for callers that run the same check again and again on single files
 * (the dev loop): mypy's daemon keeps every module it has analysed in memory, so a save re-checks
 * what changed instead of starting cold. Same tool, same pins, same configuration as `command`.
 */
export interface CheckDaemon {
  /** Runs the server in the foreground (the caller owns and ends its process); it writes `statusFile` once it takes requests. */
  readonly serve: { readonly file: string; readonly args: readonly string[]; readonly env: Readonly<Record<string, string>> };
  /** One request to the running server for `context.changedFiles`; output, exit codes and skips as `command`. */
  readonly check: (context: CheckContext) => CheckCommand;
  /** Lines of a request's output saying the server is gone (restart it and ask again), not a verdict. */
  readonly isServerGone: (output: string) => boolean;
  /**
   * Findings the server may report where the cold tool does not (a different mode of the same
   * tool): shown only when `command` on the same files reports them too.
   */
  readonly unconfirmed: (line: string) => boolean;
}

/** How an exit code is judged; `judged: false` means the tool did not get to a verdict (crash, bad usage), so the result is not cached. */
export interface Verdict {
  /** "error": the tool did not get to a verdict (a crash, bad usage, a network failure); never cached. */
  readonly status: "passed" | "failed" | "skipped" | "error";
  readonly judged: boolean;
  readonly note?: string;
}

export interface CheckDefinition {
  readonly name: CheckName;
  readonly description: string;
  /** "project": once, on the lint interpreter (python null in reports); "per-python": once per version. */
  readonly scope: "project" | "per-python";
  /**
   * `[dependency-groups]` names that pin its tools, first present wins (Flink's group names). Each
   * check has an environment of its own (per Python for per-python checks), so one unavailable
   * pin blocks only its own check.
   */
  readonly groups: readonly string[];
  /** Used when the project pins nothing. */
  readonly defaultRequirements: readonly string[];
  /** The tool's module: its env is healthy only when this imports and reports its version. */
  readonly toolModule: string;
  /** Whether its env also gets the project's `[project] dependencies` (the tool imports the code). */
  readonly importsProject: boolean;
  /** Whether it can be handed a list of files (flake8, mypy); the dev loop hands it saved files within `configScope`. */
  readonly takesFiles: boolean;
  /** The files the tool's own configuration selects; `--changed` and the dev loop never go beyond them. */
  readonly configScope: ((project: PythonProject) => ConfigScope) | undefined;
  /** Whether an output line is a finding (shown on screen when the check fails). */
  readonly isFinding: (line: string) => boolean;
  /** Whether a project file (relative path) is an input of this check. */
  readonly isInput: (file: string, project: PythonProject) => boolean;
  readonly command: (context: CheckContext) => CheckCommand;
  readonly judge: (exitCode: number, output: string) => Verdict;
  /** Problems the tool reported in its output (violations, type errors, warnings, failed tests). */
  readonly countProblems: (output: string) => number;
  /** A server variant for repeated single-file runs (the dev loop), when the tool has one. */
  readonly daemon?: (context: CheckContext, statusFile: string) => CheckDaemon;
}

const isConfig = (file: string): boolean => (CONFIG_FILES as readonly string[]).includes(file);
const isPython = (file: string): boolean => file.endsWith(".py");
const isPythonOrStub = (file: string): boolean => file.endsWith(".py") || file.endsWith(".pyi");
const inDocs = (file: string, project: PythonProject): boolean => project.docsDir !== undefined && (file === project.docsDir || file.startsWith(`${project.docsDir}/`));
/** The docs build's own output (`_build`, the dir Flink's Makefile and sphinx-quickstart use): never an input. */
const inDocsBuild = (file: string, project: PythonProject): boolean => project.docsDir !== undefined && file.startsWith(`${project.docsDir}/_build/`);
// Tests are not documented: autodoc imports the package, never its tests.
const inTests = (file: string): boolean => /(^|\/)(tests?|testing)\//.test(file) || /(^|\/)(test_[^/]*|[^/]*_test|conftest)\.py$/.test(file);

// Keep Python from writing __pycache__ and caches into the project.
const QUIET_PYTHON = { PYTHONDONTWRITEBYTECODE: "1" } as const;

/**
 * An uncaught Python exception also exits 1, the code these tools use for "problems found": a
 * traceback with no finding line is the tool crashing (a dependency missing from its env, a broken
 * plugin), not a verdict on the code.
 */
function crashNote(tool: string, output: string, isFinding: (line: string) => boolean): string | undefined {
  const lines = output.split("\n").map((line) => line.trimEnd());
  if (!lines.includes("Traceback (most recent call last):") || lines.some(isFinding)) return undefined;
  // The exception line: the first unindented line after the last traceback header.
  const cause = lines.slice(lines.lastIndexOf("Traceback (most recent call last):") + 1).find((line) => /^\S/.test(line));
  return `${tool} crashed before reporting any finding${cause === undefined ? "" : ` (${cause})`}: its env is incomplete or the tool is broken, not the code; rerun with -f to rebuild the env, see the log`;
}

/** exit 0 → passed, 1 → failed (problems found) unless it is a crash, anything else → an error, not a verdict. */
function judgeZeroOne(tool: string, finding: RegExp): (exitCode: number, output: string) => Verdict {
  return (exitCode, output) => {
    if (exitCode === 0) return { status: "passed", judged: true };
    const crash = exitCode === 1 ? crashNote(tool, output, (line) => finding.test(line)) : undefined;
    if (crash !== undefined) return { status: "error", judged: false, note: crash };
    if (exitCode === 1) return { status: "failed", judged: true };
    return { status: "error", judged: false, note: `${tool} exited with code ${exitCode} (a crash or a usage error, not a finding); see the log` };
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

/** mypy's flags as lint:python gives them: the project's config file, a cache of ours, plain output. */
function mypyFlags(context: CheckContext): string[] {
  return [...context.project.mypyConfigArgs, "--cache-dir", path.join(context.scratchDir, "mypy-cache"), "--no-color-output", "--no-error-summary"];
}

function mypyEnv(context: CheckContext): Record<string, string> {
  // mypy ignores PYTHONPATH; MYPYPATH lets a changed test file alone still resolve the package it
  // imports from src/.
  return { ...QUIET_PYTHON, ...mypyPath(context), MYPY_FORCE_COLOR: "0" };
}

const FLAKE8_FINDING = /^[^\s:][^:]*:\d+:\d+: [A-Z]+\d+ /;
const MYPY_FINDING = /^[^\s:][^:]*:\d+(?::\d+)?: error: /;
/** sphinx-build with local copies of unreachable intersphinx inventories as fallbacks, and a `-j auto` that uses every core (see the file). */
const SPHINX_BUILD = fileURLToPath(new URL("../assets/sphinx-build", import.meta.url));
const AUTO_JOBS_VARIABLE = "PYFLINK_DEVKIT_SPHINX_AUTO_JOBS";

// With -W and without --keep-going (Flink's `SPHINXOPTS="-a -W"`) Sphinx stops at the first warning
// and prints it as "Warning, treated as error:" then "<file>[:docstring of <name>][:<line>]:<message>",
// with no WARNING/ERROR word in it.
const SPHINX_STOPPED = /^Warning, treated as error:$/;
const SPHINX_FINDING = /(WARNING|ERROR|CRITICAL):|^Extension error|^Exception occurred|^Warning, treated as error:$|^\/?[^\s:]+\.(?:rst|md|txt|py|ipynb)(?::docstring of [^:\s]+)?(?::\d+)?:\S/;
const PYTEST_FINDING = /^(FAILED|ERROR) \S+/;

/** Files changed within the tool's configured scope; undefined without --changed. */
function changedInScope(context: CheckContext, scope: ConfigScope): string[] | undefined {
  return context.changedFiles?.filter((file) => scope.includes(file));
}

/** Flink's tests: what dev/integration_test.sh runs when the Java build is there, else what runs without it. */
function flinkTests(context: CheckContext): { targets: string[]; env: Record<string, string>; note: string | undefined } {
  const { flink } = context.project;
  if (flink === undefined) return { targets: [], env: {}, note: undefined };
  if (flink.javaBuild !== undefined) return { targets: [...flink.testModules], env: { FLINK_HOME: flink.javaBuild }, note: undefined };
  const needJava = (context.files ?? []).filter(
    (file) => /(^|\/)test_[^/]*\.py$/.test(file) && flink.testModules.some((module) => file.startsWith(`${module}/`)),
  );
  return {
    targets: [FLINK_PROTO_SYNC_TEST],
    // PyFlinkTestCase exits when FLINK_HOME is unset, though the sync test never uses it; the
    // gateway stays off so nothing tries to start a JVM.
    env: { FLINK_HOME: path.join(context.scratchDir, "no-flink-build"), PYFLINK_GATEWAY_DISABLED: "1" },
    note: `ran ${FLINK_PROTO_SYNC_TEST} only; the rest of the ${String(needJava.length)} test files under ${flink.testModules.join(", ")} (dev/integration_test.sh) need Flink's Java build (they start the JVM gateway; no FLINK_HOME and no ../flink-dist/target/flink-*-bin): build Flink with Maven or set FLINK_HOME to run them`,
  };
}

/** Where a passed `make html` run leaves the state the next run may build on (in our cache, never in the project). */
const SPHINX_MARKER = "sphinx-incremental.json";

/**
 * The docs' own `make html`, as Flink builds its docs (lint-python.sh's sphinx check, docs.sh), so
 * the Makefile's own PYTHONPATH (py4j's zip), -j and output dir (_build/html, where docs.sh picks
 * it up) apply; the gateway stays off.
 *
 * From scratch (`make clean html`, SPHINXOPTS="-a -W", exactly lint-python.sh's command) unless the
 * last run passed with the same env, the same sphinx-build and the same docs root and left its
 * pickled environment and index.html: then `make html` with "-W" only, and Sphinx re-reads just the
 * docs whose sources changed, the modules autodoc recorded as their dependencies included, and
 * everything when conf.py changed. Its one known limit: a doc that did not change is not read again,
 * so a removed target it references (a deleted page or class named by :doc: or :class:) is not
 * warned about again until that doc changes or a full build runs. `--full-docs` is the exact check.
 */
function makeHtml(context: CheckContext, docsRoot: string): CheckCommand {
  const env = { ...QUIET_PYTHON, SPHINXBUILD: `${context.python} ${SPHINX_BUILD}`, PYFLINK_GATEWAY_DISABLED: "1", [INVENTORIES_VARIABLE]: installedInventories() };
  const build = path.join(docsRoot, "_build");
  const index = path.join(build, "html", "index.html");
  const marker = { file: path.join(context.scratchDir, SPHINX_MARKER), content: `${JSON.stringify({ docsRoot, env }, null, 2)}\n` };
  const full = { args: ["-C", docsRoot, "clean", "html"], env: { ...env, SPHINXOPTS: "-a -W" } };
  // How many processes the docs' `-j auto` gets changes how fast pages are written, not what is
  // written, so it is neither in the result's key nor in the marker (see assets/sphinx-build).
  const processes = { [AUTO_JOBS_VARIABLE]: String(availableParallelism() + 1) };
  const incremental =
    context.fullDocs !== true &&
    existsSync(path.join(build, "doctrees", "environment.pickle")) &&
    existsSync(index) &&
    readText(marker.file) === marker.content;
  const chosen = incremental ? { args: ["-C", docsRoot, "html"], env: { ...env, SPHINXOPTS: "-W" } } : full;
  return {
    kind: "run",
    file: "make",
    args: chosen.args,
    env: { ...chosen.env, ...processes },
    outputs: [index],
    marker,
    keyedAs: ["make", full.args, full.env],
    ...(incremental ? { partial: true, describe: (output: string) => incrementalNote(output, path.join(build, "doctrees")) } : {}),
  };
}

function readText(file: string): string | undefined {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
}

/** "incremental docs build (N of M docs re-read)" from Sphinx's "updating environment: N added, M changed, K removed" line and the doctrees it keeps. */
function incrementalNote(output: string, doctrees: string): string {
  const updated = /updating environment: (?:\[[^\]]*\] )?(\d+) added, (\d+) changed, \d+ removed/.exec(output);
  if (updated === null) return "incremental docs build";
  const reread = Number(updated[1]) + Number(updated[2]);
  let total: number;
  try {
    total = readdirSync(doctrees, { recursive: true }).filter((entry) => String(entry).endsWith(".doctree")).length;
  } catch {
    return `incremental docs build (${String(reread)} docs re-read)`;
  }
  return `incremental docs build (${String(reread)} of ${String(total)} docs re-read)`;
}

/** The checks, in lint-python.sh's order (it ran them alphabetically: flake8, mypy, sphinx, tox). */
export const CHECKS: readonly CheckDefinition[] = [
  {
    name: "flake8",
    toolModule: "flake8",
    description: "style and static errors (flake8, configured in tox.ini / setup.cfg / .flake8)",
    scope: "project",
    groups: ["flake8"],
    defaultRequirements: ["flake8>=7"],
    importsProject: false,
    takesFiles: true,
    configScope: (project) => project.flake8Scope,
    isFinding: (line) => FLAKE8_FINDING.test(line),
    isInput: (file) => isPython(file) || isConfig(file),
    command: (context): CheckCommand => {
      // flake8 finds its [flake8] section in the cwd's setup.cfg, tox.ini or .flake8 by itself; with
      // --changed it gets only changed files its own `exclude` does not drop.
      const files = changedInScope(context, context.project.flake8Scope);
      if (files?.length === 0) return { kind: "skip", reason: `no changed Python files within ${context.project.flake8Scope.source}` };
      return { kind: "run", file: context.python, args: ["-m", "flake8", ...(files ?? ["."])], env: QUIET_PYTHON };
    },
    judge: judgeZeroOne("flake8", FLAKE8_FINDING),
    countProblems: (output) => countMatches(output, FLAKE8_FINDING),
  },
  {
    name: "mypy",
    toolModule: "mypy",
    description: "type check (mypy, configured in mypy.ini / pyproject / setup.cfg / tox.ini)",
    scope: "project",
    groups: ["mypy"],
    defaultRequirements: ["mypy>=1.10"],
    importsProject: true,
    takesFiles: true,
    configScope: (project) => project.mypyScope,
    isFinding: (line) => MYPY_FINDING.test(line),
    isInput: (file) => isPythonOrStub(file) || isConfig(file),
    command: (context): CheckCommand => {
      const { project } = context;
      // Files named on the command line replace mypy's `files`, so --changed stays within them.
      const changed = changedInScope(context, project.mypyScope);
      if (changed?.length === 0) return { kind: "skip", reason: `no changed Python files within ${project.mypyScope.source}` };
      const targets = changed ?? (project.mypyHasFiles ? [] : project.sourceRoots.length > 0 ? [...project.sourceRoots] : ["."]);
      return { kind: "run", file: context.python, args: ["-m", "mypy", ...mypyFlags(context), ...targets], env: mypyEnv(context) };
    },
    // dmypy, from the same mypy install: the daemon takes mypy's flags once; each request names the
    // files, exactly the targets the command above would be given.
    daemon: (context, statusFile) => ({
      serve: { file: context.python, args: ["-m", "mypy.dmypy", "--status-file", statusFile, "daemon", "--", ...mypyFlags(context)], env: mypyEnv(context) },
      check: (request) => {
        const changed = changedInScope(request, request.project.mypyScope) ?? [];
        if (changed.length === 0) return { kind: "skip", reason: `no changed Python files within ${request.project.mypyScope.source}` };
        return { kind: "run", file: request.python, args: ["-m", "mypy.dmypy", "--status-file", statusFile, "check", ...changed], env: mypyEnv(request) };
      },
      // dmypy's client exits 2 with these when the daemon died, hung or never wrote its status.
      // The daemon's fine-grained mode forces --local-partial-types: `x = None` at module or class
      // level, assigned only inside functions, is "Need type annotation" there and fine for mypy
      // itself (Flink's pyflink/java_gateway.py:35 and pyflink/table/types.py:1689 on every run).
      unconfirmed: (line) => /^[^\s:][^:]*:\d+(?::\d+)?: error: Need type annotation for .*\[var-annotated\]$/.test(line.trimEnd()),
      isServerGone: (output) => /Daemon has died|Daemon is stuck|No status file found|Status file not found|Invalid status file|Daemon crashed|Connection refused/.test(output),
    }),
    judge: judgeZeroOne("mypy", MYPY_FINDING),
    countProblems: (output) => countMatches(output, MYPY_FINDING),
  },
  {
    name: "sphinx",
    toolModule: "sphinx",
    description: "docs build with warnings as errors (the docs' `make clean html` with -a -W, incremental `make html` -W after a pass; else sphinx-build -W)",
    scope: "project",
    groups: ["sphinx"],
    defaultRequirements: ["sphinx>=7"],
    importsProject: true,
    takesFiles: false,
    configScope: undefined,
    isFinding: (line) => SPHINX_FINDING.test(line),
    isInput: (file, project) => !inDocsBuild(file, project) && (inDocs(file, project) || (isPython(file) && !inTests(file)) || isConfig(file)),
    command: (context): CheckCommand => {
      const { project } = context;
      if (project.docsDir === undefined) return { kind: "skip", reason: "the project has no docs (no docs/conf.py)" };
      if (context.changedFiles?.some((file) => inDocs(file, project) || (isPython(file) && !inTests(file))) === false) {
        return { kind: "skip", reason: "no changed docs or (non-test) Python files" };
      }
      if (project.docsMakefile) return makeHtml(context, path.join(project.dir, project.docsDir));
      // No Makefile: a fresh build (-E) into our cache, never into the project; -W as Flink's docs check.
      const out = path.join(context.scratchDir, "html");
      return {
        kind: "run",
        file: context.python,
        args: [SPHINX_BUILD, "-W", "--keep-going", "--no-color", "-E", "-q", "-b", "html", "-d", path.join(context.scratchDir, "doctrees"), project.docsDir, out],
        env: { ...QUIET_PYTHON, ...pythonPath(context), [INVENTORIES_VARIABLE]: installedInventories() },
      };
    },
    judge: (exitCode, output) => {
      // Flink's conf.py maps pandas' docs through intersphinx; where that site is unreachable the
      // wrapper lets Sphinx read Debian's copy of the inventory instead, and the result says so.
      const unreachable = [...output.matchAll(/intersphinx inventory '([^']+)' not fetchable/g)].map((match) => match[1] ?? "");
      if (exitCode === 0) {
        const used = unreachable.map((url) => offlineInventoryFor(url)).filter((row) => row !== undefined);
        if (used.length === 0) return { status: "passed", judged: true };
        return { status: "passed", judged: true, note: `read ${used.map((row) => `${row.url}'s inventory from ${row.file} (Debian's ${row.debianPackage})`).join(", ")}: the site was unreachable; links still point at the site` };
      }
      // With -W an unreachable inventory with no local copy fails the build though the docs are
      // fine: say so, with the fix, and don't keep it as a verdict.
      const first = unreachable[0];
      if (first !== undefined) {
        const row = offlineInventoryFor(first);
        const fix = row === undefined ? "rerun where that URL is reachable" : `rerun where that URL is reachable, or install Debian's ${row.debianPackage} (apt-get install ${row.debianPackage}) for a local copy of its inventory`;
        return { status: "error", judged: false, note: `intersphinx could not download ${first} (a network problem, not a docs finding; -W makes it an error): ${fix}` };
      }
      // make exits 2 when sphinx-build fails; sphinx-build itself 1 (warnings as errors) or 2 (a crash).
      return { status: "failed", judged: exitCode === 1 || exitCode === 2 };
    },
    countProblems: (output) => countMatches(output, /(WARNING|ERROR|CRITICAL):/) + countMatches(output, SPHINX_STOPPED),
  },
  {
    name: "tests",
    toolModule: "pytest",
    description: "pytest in each Python version's env (--mode direct) or the project's tox envs (--mode tox)",
    scope: "per-python",
    groups: ["tests", "test", "dev"],
    defaultRequirements: ["pytest>=8"],
    importsProject: true,
    takesFiles: false,
    configScope: undefined,
    isFinding: (line) => PYTEST_FINDING.test(line),
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
      const flink = flinkTests(context);
      return {
        kind: "run",
        file: context.python,
        // -rfE: one `FAILED/ERROR <test> - <message>` line per problem, the findings shown on screen.
        args: ["-m", "pytest", "-p", "no:cacheprovider", "-rfE", ...flink.targets],
        env: { ...QUIET_PYTHON, ...pythonPath(context), ...flink.env },
        ...(flink.note === undefined ? {} : { note: flink.note }),
      };
    },
    judge: (exitCode, output) => {
      // pytest: 1 = tests failed, 5 = no tests collected; tox passes its envs' worst code on.
      if (exitCode === 0) return { status: "passed", judged: true };
      const crash = exitCode === 1 ? crashNote("pytest", output, (line) => PYTEST_FINDING.test(line)) : undefined;
      if (crash !== undefined) return { status: "error", judged: false, note: crash };
      if (exitCode === 1) return { status: "failed", judged: true };
      if (exitCode === 5) return { status: "skipped", judged: true, note: "pytest collected no tests" };
      return { status: "error", judged: false, note: `exited with code ${exitCode} (interrupted, internal error or usage error); see the log` };
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
