import { existsSync, watch, type FSWatcher } from "node:fs";
import path from "node:path";
import { classifyChange, type TaskKey } from "./classify-change.js";
import { testsForModule } from "./find-tests.js";
import type { LiveView, TaskStatus } from "./live-view.js";
import type { ProjectLayout } from "@pyflink-devkit/project-layout";
import { TaskScheduler, type SchedulerEvent } from "./task-scheduler.js";

/** What one task run came to, for its line in the view. */
export interface DevTaskOutcome {
  readonly status: "ok" | "failed";
  readonly summary: string;
  /** Problem lines and the log path, shown under a failed task. */
  readonly details?: readonly string[];
}

export type PythonCheck = "flake8" | "mypy" | "tests";

/** The work behind the task keys; the CLI wires codegen and lint-python, tests may fake them. */
export interface DevTaskRunners {
  /** Regenerates the bindings; `writtenPython` lists the Python bindings this run changed. */
  genProtos(signal: AbortSignal): Promise<DevTaskOutcome & { readonly writtenPython: readonly string[] }>;
  /** Regenerates the TypeScript bindings (after the Python ones); absent when the project has none. */
  genTypeScript?(signal: AbortSignal): Promise<DevTaskOutcome>;
  /** Runs one check over absolute files (tests: test modules) on the default Python. */
  check(check: PythonCheck, files: readonly string[], signal: AbortSignal): Promise<DevTaskOutcome>;
}

export interface DevLoopOptions {
  readonly layout: ProjectLayout;
  readonly runners: DevTaskRunners;
  readonly view: LiveView;
  /** Quiet time after the last save before a task runs (editors write a file in several steps). */
  readonly debounceMs?: number;
  /** Watch the file system (default true); false leaves it to `notify`, for tests. */
  readonly watch?: boolean;
}

export interface DevLoop {
  /** Feed a changed path (absolute) as the watcher would. */
  notify(file: string): void;
  /** Resolves when no task is waiting or running. */
  idle(): Promise<void>;
  /** Stops watching, cancels every run (the runner kills their process trees) and waits. */
  close(): Promise<void>;
}

/** Display order of the task lines. */
export const TASK_ORDER: readonly TaskKey[] = ["gen:protos", "gen:ts", "flake8", "mypy", "tests"];

const DEFAULT_DEBOUNCE_MS = 120;

/**
 * The watch loop: file changes → classifier → scheduler (debounce, cancel stale, one run per
 * task key) → runners → view. A proto change regenerates the bindings, and when Python bindings
 * changed, runs the tests that import them; a .py change runs flake8 and mypy on the file and
 * the tests of its module.
 */
export function startDevLoop(options: DevLoopOptions): DevLoop {
  const { layout, runners, view } = options;
  const shown = (file: string): string => path.relative(layout.pythonProject, file) || file;
  const describeInputs = (inputs: readonly string[]): string =>
    inputs.length === 1 && inputs[0] !== undefined ? shown(inputs[0]) : `${inputs.length} files`;

  const execute = async (key: string, inputs: readonly string[], signal: AbortSignal): Promise<void> => {
    const outcome = await runTask(key as TaskKey, inputs, signal);
    if (signal.aborted) return; // the scheduler's "finished" event shows it as cancelled
    view.set(key, outcome);
  };

  const runTask = async (key: TaskKey, inputs: readonly string[], signal: AbortSignal): Promise<DevTaskOutcome & { durationMs: number }> => {
    const started = performance.now();
    const timed = (outcome: DevTaskOutcome): DevTaskOutcome & { durationMs: number } => ({ ...outcome, durationMs: performance.now() - started });
    if (key === "gen:protos") {
      const outcome = await runners.genProtos(signal);
      // Follow-ups without a quiet period: the Python bindings are written, their tests can start
      // now, and the TypeScript bindings (slower) are generated beside them.
      if (outcome.status === "ok" && !signal.aborted) {
        if (outcome.writtenPython.length > 0) scheduler.request("tests", outcome.writtenPython, 0);
        if (runners.genTypeScript !== undefined) scheduler.request("gen:ts", inputs, 0);
      }
      return timed(outcome);
    }
    if (key === "gen:ts") return timed(runners.genTypeScript === undefined ? { status: "ok", summary: "no TypeScript bindings here" } : await runners.genTypeScript(signal));
    const files = inputs.filter((file) => existsSync(file));
    if (files.length === 0) return timed({ status: "ok", summary: `nothing to check (${describeInputs(inputs)} deleted)` });
    if (key !== "tests") return timed(await runners.check(key, files, signal));
    const tests = [...new Set((await Promise.all(files.map((file) => testsForModule(file, layout)))).flat())].sort();
    if (tests.length === 0) return timed({ status: "ok", summary: `no tests for ${describeInputs(files)}` });
    return timed(await runners.check("tests", tests, signal));
  };

  // A save is often several file-system events (truncate, write, rename): a file is announced
  // once until the runs it asked for start; a save after that is announced again.
  const announced = new Set<string>();

  const onEvent = (event: SchedulerEvent): void => {
    if (event.type === "started") announced.clear();
    const status: Partial<Record<SchedulerEvent["type"], TaskStatus>> = { queued: "queued", started: "running" };
    if (event.type === "queued" || event.type === "started") {
      view.set(event.key, { status: status[event.type] ?? "queued", summary: describeInputs(event.inputs) });
    } else if (event.type === "finished" && event.cancelled) {
      view.set(event.key, { status: "cancelled", summary: "stale: a newer change restarts it" });
    } else if (event.type === "finished" && event.error !== undefined) {
      const message = event.error instanceof Error ? event.error.message : JSON.stringify(event.error);
      view.set(event.key, { status: "failed", summary: firstLine(message), details: message.split("\n").slice(1) });
    }
  };

  const scheduler = new TaskScheduler({ debounceMs: options.debounceMs ?? DEFAULT_DEBOUNCE_MS, execute, onEvent });

  const notify = (file: string): void => {
    const requests = classifyChange(file, layout);
    if (requests.length === 0) return;
    if (!announced.has(file)) view.log(`changed: ${shown(file)}`);
    announced.add(file);
    for (const request of requests) scheduler.request(request.key, request.inputs);
  };

  const watchers: FSWatcher[] = [];
  if (options.watch !== false) {
    for (const dir of [layout.protoDir, ...layout.pythonDirs]) {
      // Node ≥ 20 watches recursively on Linux too (inotify per directory, new ones included).
      const watcher = watch(dir, { recursive: true }, (_event, name) => {
        if (name !== null) notify(path.join(dir, name));
      });
      watcher.on("error", (error) => { view.log(`watching ${dir} failed: ${error.message}`); });
      watchers.push(watcher);
    }
  }

  return {
    notify,
    idle: () => scheduler.idle(),
    close: async () => {
      for (const watcher of watchers) watcher.close();
      await scheduler.close();
      view.close();
    },
  };
}

function firstLine(text: string): string {
  return text.split("\n")[0] ?? text;
}
