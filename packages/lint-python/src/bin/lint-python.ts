#!/usr/bin/env node
// lint-python: the CLI over @pyflink-devkit/lint-python. Parses flags (lint-python.sh's, plus the
// new ones), calls the library and renders its events; no logic of its own.
import { fileURLToPath } from "node:url";
import os from "node:os";
import path from "node:path";
import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import { exitCleanlyOnSignals } from "@pyflink-devkit/runner";
import {
  CHECKS,
  LintPythonError,
  checkOutputPlaces,
  installEnvironments,
  lintPython,
  parseCheckList,
  removeCaches,
  selectChecks,
  writeJsonReport,
  writeJunitReport,
  mergeReports,
  jsonReport,
  type LintOptions,
} from "../index.js";
import { createRenderer, findingsReport, printInstalled, summaryTable } from "../cli/render.js";
import { runLintPythonSh } from "../cli/lint-python-sh.js";
import { installScript } from "../install-script.js";

// The repo's own Python package: dist/bin → packages/lint-python → packages/fn-execution-py.
const DEFAULT_PROJECT = fileURLToPath(new URL("../../../fn-execution-py", import.meta.url));

interface CliOptions {
  readonly list?: boolean;
  readonly force?: boolean;
  readonly fullDocs?: boolean;
  readonly installOnly?: string;
  readonly exclude?: string;
  readonly include?: string;
  readonly removeCaches?: boolean;
  readonly project: string;
  readonly python?: string;
  readonly jobs?: number;
  readonly json?: string;
  readonly junit?: string;
  readonly changed?: string | true;
  readonly backend?: "venv" | "conda" | "uv";
  readonly mode: "direct" | "tox";
  readonly cacheDir?: string;
  readonly shard?: { index: number; count: number };
  readonly skipMissingInterpreters?: boolean;
  readonly debug?: boolean;
}

function positiveInteger(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) throw new InvalidArgumentError("expected a whole number ≥ 1.");
  return parsed;
}

function shardOption(value: string): { index: number; count: number } {
  const match = /^(\d+)\/(\d+)$/.exec(value.trim());
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (match === null || index < 1 || count < 1 || index > count) throw new InvalidArgumentError("expected k/n with 1 ≤ k ≤ n, e.g. 2/3.");
  return { index, count };
}

const program = new Command()
  .name("lint-python")
  .description("flake8, mypy, sphinx and tests of a Python project across Python versions, in parallel and cached (replaces Flink's dev/lint-python.sh).")
  .helpOption("-h, --help", "show this help and exit")
  .option("-l, --list", "list the checks and exit")
  .option("-f, --force", "rebuild the environments and ignore cached results")
  .option("--full-docs", "build the docs from scratch as lint-python.sh does (make clean html, -a -W) instead of updating the last passed build")
  .option("-s, --install-only <components>", "only build the environments of these checks (comma-separated, or 'all'), run nothing")
  .option("-e, --exclude <checks>", "leave out these checks (comma-separated)")
  .option("-i, --include <checks>", "run only these checks (comma-separated)")
  .option("-r, --remove-caches", "delete cached environments, results and logs, and exit")
  .option("--project <dir>", "the Python project to check", DEFAULT_PROJECT)
  .option("--python <versions>", "Python versions, comma-separated (default: [tool.lint-python] python, else tox.ini's envlist, else every interpreter found)")
  .option("--jobs <n>", "tasks and environment builds at once (default: number of cores)", positiveInteger)
  .option("--json <file>", "write the JSON report here ('-' for stdout)")
  .option("--junit <file>", "write a JUnit XML report here")
  .option("--changed [ref]", "only files changed against a git ref (default HEAD), untracked files included")
  .addOption(new Option("--backend <backend>", "how environments are made (default: uv — from PATH, else the project's pinned uv bootstrapped from the package index into the cache — else venv)").choices(["venv", "conda", "uv"]))
  .addOption(new Option("--mode <mode>", "run tests with pytest in our envs, or through the project's tox envs").choices(["direct", "tox"]).default("direct"))
  .option("--shard <k/n>", "run only shard k of n (checks × Python versions dealt round-robin; merge the shards' --json with merge-reports)", shardOption)
  .option("--skip-missing-interpreters", "report a --python version without an interpreter, or one the project's requires-python excludes, as skipped instead of an error")
  .option("--cache-dir <dir>", "where environments, results and logs are kept (default: $PYFLINK_DEVKIT_CACHE or ~/.cache/pyflink-devkit)")
  .option("--debug", "print stack traces of errors")
  .exitOverride()
  .configureOutput({ outputError: (text, write) => { write(`${text.trimEnd()} (see --help)\n`); } });

/** `install-script <dir>` and `sh --project <dir> -- <lint-python.sh args>`: the drop-in and what it runs. */
async function subcommand(argv: readonly string[]): Promise<number | undefined> {
  const [name, ...rest] = argv;
  if (name === "install-script") {
    const [dir, ...extra] = rest;
    if (dir === undefined || extra.length > 0) throw new LintPythonError("usage: lint-python install-script <flink-python dir> (the directory holding dev/lint-python.sh).", { exitCode: 2 });
    const installed = await installScript(dir, { node: process.execPath, script: fileURLToPath(import.meta.url) });
    process.stdout.write(`lint-python: wrote ${installed.script}${installed.backup === undefined ? " (it was ours already)" : `; the original is kept as ${installed.backup}`}.\n`);
    return 0;
  }
  if (name === "merge-reports") {
    const jsonAt = rest.indexOf("--json");
    const out = jsonAt === -1 ? undefined : rest[jsonAt + 1];
    const files = jsonAt === -1 ? rest : rest.filter((_, index) => index !== jsonAt && index !== jsonAt + 1);
    const merged = await mergeReports(files);
    const human = out === "-" ? process.stderr : process.stdout;
    human.write(summaryTable(merged));
    if (out === "-") process.stdout.write(jsonReport(merged));
    else if (out !== undefined) await writeJsonReport(out, merged);
    return merged.exitCode;
  }
  if (name === "sh") {
    const separator = rest.indexOf("--");
    const own = separator === -1 ? rest : rest.slice(0, separator);
    const args = separator === -1 ? [] : rest.slice(separator + 1);
    if (own[0] !== "--project" || own[1] === undefined || own.length !== 2) throw new LintPythonError("usage: lint-python sh --project <flink-python dir> -- <lint-python.sh options>.", { exitCode: 2 });
    const controller = new AbortController();
    exitCleanlyOnSignals(() => {
      controller.abort();
    });
    return runLintPythonSh(path.resolve(own[1]), args, { out: process.stdout, err: process.stderr, env: process.env }, controller.signal);
  }
  return undefined;
}

async function main(): Promise<number> {
  const handled = await subcommand(process.argv.slice(2));
  if (handled !== undefined) return handled;
  try {
    program.parse(process.argv);
  } catch (error) {
    if (error instanceof CommanderError) return error.code === "commander.helpDisplayed" || error.code === "commander.version" ? 0 : 2;
    throw error;
  }
  const options = program.opts<CliOptions>();

  if (options.list === true) {
    for (const check of CHECKS) process.stdout.write(`${check.name.padEnd(8)} ${check.description}\n`);
    return 0;
  }
  if (options.removeCaches === true) {
    await removeCaches(options.cacheDir);
    process.stdout.write(`lint-python: removed cached environments, results and logs${options.cacheDir ? ` in ${options.cacheDir}` : ""}.\n`);
    return 0;
  }

  await checkOutputPlaces({ cacheDir: options.cacheDir, json: options.json, junit: options.junit });

  const controller = new AbortController();
  exitCleanlyOnSignals((signal) => {
    controller.abort();
    process.stderr.write(`\nlint-python: ${signal}: stopping every running check and build.\n`);
  });

  const base: LintOptions = {
    projectDir: options.project,
    pythons: options.python?.split(",").map((version) => version.trim()).filter((version) => version !== ""),
    jobs: options.jobs ?? os.availableParallelism(),
    changedRef: options.changed === undefined ? undefined : options.changed === true ? "HEAD" : options.changed,
    backend: options.backend,
    mode: options.mode,
    force: options.force === true,
    fullDocs: options.fullDocs === true,
    cacheDir: options.cacheDir,
    ...(options.shard === undefined ? {} : { shard: options.shard }),
    skipMissingInterpreters: options.skipMissingInterpreters === true,
    signal: controller.signal,
  };
  // With `--json -` stdout carries the report only; everything for people goes to stderr.
  const out = options.json === "-" ? process.stderr : process.stdout;
  const interactive = out.isTTY && process.env.CI !== "true";

  if (options.installOnly !== undefined) {
    const checks = parseCheckList(options.installOnly, "-s");
    const renderer = createRenderer({ out, interactive: false });
    const installed = await installEnvironments({ ...base, checks, onEvent: renderer.onEvent });
    printInstalled(out, installed.environments);
    return installed.exitCode;
  }

  const checks = selectChecks(options.include, options.exclude);
  const renderer = createRenderer({ out, interactive });
  const report = await lintPython({ ...base, checks, onEvent: renderer.onEvent });
  await renderer.done();
  out.write(findingsReport(report));
  out.write(summaryTable(report));
  if (options.json === "-") process.stdout.write(jsonReport(report));
  else if (options.json !== undefined) await writeJsonReport(options.json, report);
  if (options.junit !== undefined) await writeJunitReport(options.junit, report);
  return report.exitCode;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const debug = process.argv.includes("--debug");
    if (error instanceof LintPythonError) {
      process.stderr.write(`lint-python: ${debug && error.stack ? error.stack : error.message}\n`);
      process.exitCode = error.exitCode;
      return;
    }
    const message = error instanceof Error ? (debug ? (error.stack ?? error.message) : error.message) : String(error);
    process.stderr.write(`lint-python: ${message}\n`);
    process.exitCode = 1;
  },
);
