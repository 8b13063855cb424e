#!/usr/bin/env node
// pyflink-dev: the watch loop. Parses flags, wires the library (layout, toolchain runners, view, loop).
import path from "node:path";
import { Command } from "commander";
import { CodegenError } from "@pyflink-devkit/codegen";
import { LintPythonError } from "@pyflink-devkit/lint-python";
import { PythonEnvError } from "@pyflink-devkit/python-env";
import { CommandError, exitCleanlyOnSignals } from "@pyflink-devkit/runner";
import { DevError, LiveView, ProjectLayoutError, TASK_ORDER, createToolchainRunners, findWorkspaceRoot, resolveLayout, startDevLoop, type DevLoop, type ToolchainRunners } from "../index.js";

interface Flags {
  readonly project?: string;
  readonly python?: string;
  readonly debounce: number;
  readonly plain?: boolean;
  readonly debug?: boolean;
}

// The toolchain's own errors: their messages already say what to fix, so no stack trace.
const KNOWN_ERRORS = [DevError, ProjectLayoutError, CodegenError, LintPythonError, PythonEnvError, CommandError] as const;

const program = new Command("pyflink-dev")
  .description(
    "Watch the protos and the Python sources: a .proto change regenerates the bindings and runs the tests that import them; " +
      "a .py change runs flake8 and mypy on that file and its module's tests. Ctrl-C stops everything.",
  )
  .option("--project <flink-python dir>", "a Flink checkout's flink-python directory (pyflink/proto, pyflink/**/*.py) or a pyflink-devkit checkout; default: this repository")
  .option("--python <version>", "the Python version the checks run on (default: the first one lint:python picks)")
  .option("--debounce <ms>", "quiet time after a save before tasks run", (value) => Number.parseInt(value, 10), 120)
  .option("--plain", "one plain line per task event (default when not a TTY or CI=true)")
  .option("--debug", "show stack traces")
  .action(async (flags: Flags) => {
    const view = new LiveView({
      stream: process.stdout,
      plain: flags.plain === true || process.env.CI === "true" || !process.stdout.isTTY,
      order: ["setup", ...TASK_ORDER],
    });
    let loop: DevLoop | undefined;
    let runners: ToolchainRunners | undefined;
    const setup = new AbortController();
    exitCleanlyOnSignals(() => {
      setup.abort();
      void loop?.close();
      void runners?.close();
      view.log("pyflink-dev: stopped");
    });
    try {
      const layout = flags.project === undefined ? resolveLayout("devkit", findWorkspaceRoot(process.cwd()) ?? findWorkspaceRoot() ?? process.cwd()) : resolveLayout(undefined, path.resolve(flags.project));
      view.log(`pyflink-dev: watching ${[layout.protoDir, ...layout.pythonDirs].map((dir) => path.relative(process.cwd(), dir) || ".").join(", ")}`);
      view.set("setup", { status: "running", summary: "finding Python and preparing the lint/test environments" });
      const started = performance.now();
      runners = await createToolchainRunners({ layout, signal: setup.signal, ...(flags.python === undefined ? {} : { python: flags.python }) });
      view.set("setup", { status: "ok", summary: runners.setupSummary, durationMs: performance.now() - started });
      loop = startDevLoop({ layout, runners, view, debounceMs: flags.debounce });
      await loop.ready;
      view.log("pyflink-dev: ready; save a .proto or .py file (Ctrl-C to stop)");
    } catch (error) {
      if (flags.debug === true) console.error(error);
      const known = KNOWN_ERRORS.some((type) => error instanceof type) && error instanceof Error;
      view.set("setup", { status: "failed", summary: known ? error.message : `unexpected error: ${error instanceof Error ? error.message : "non-error thrown"} (run again with --debug for the stack)` });
      view.close();
      process.exitCode = 1;
      setup.abort();
    }
  });

await program.parseAsync();
