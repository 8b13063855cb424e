import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import type { ProjectLayout } from "@pyflink-devkit/project-layout";
import { DevError } from "../dev-error.js";
import { classifyChange } from "./classify-change.js";
import { watchTree, type TreeWatcher } from "./file-watcher.js";
import { testsForModule } from "./find-tests.js";
import type { LiveView, TaskStatus } from "./live-view.js";
import { TaskScheduler, type SchedulerEvent } from "./task-scheduler.js";

/** What one task run came to, for its line in the view. */
export interface DevTaskOutcome {
  readonly status: "ok" | "failed";
  readonly summary: string;
  /** Problem lines (`file:line: message`) and the log path, shown under a failed task. */
  readonly details?: readonly string[];
}

/** A lint-python check name ("flake8", "mypy", …) or "tests". */
export type PythonCheck = string;

/** The work behind the task keys; the CLI wires codegen and lint-python, tests may fake them. */
export interface DevTaskRunners {
  /** Regenerates the bindings; `writtenPython` lists the Python bindings this run changed. */
  genProtos(signal: AbortSignal): Promise<DevTaskOutcome & { readonly writtenPython: readonly string[] }>;
  /** Regenerates the TypeScript bindings (after the Python ones); absent when the project has none. */
  genTypeScript?(signal: AbortSignal): Promise<DevTaskOutcome>;
  /** The checks (lint-python's names, in its order) that a saved Python file is an input of and that take single files. */
  checksFor(file: string): readonly string[];
  /** Runs one check (or "tests" over test modules) on absolute files on the default Python. */
  check(check: PythonCheck, files: readonly string[], signal: AbortSignal): Promise<DevTaskOutcome>;
}

export interface DevLoopOptions {
  readonly layout: ProjectLayout;
  readonly runners: DevTaskRunners;
  readonly view: LiveView;
  /** Quiet time after the last event for a file before its content is compared (editors write in several steps). */
  readonly debounceMs?: number;
  /** Watch the file system (default true); false leaves it to `notify`, for tests. */
  readonly watch?: boolean;
}

export interface DevLoop {
  /** Resolves once every watched directory is watched (at once without watching). */
  readonly ready: Promise<void>;
  /** Feed a changed path (absolute) as the watcher would. */
  notify(file: string): void;
  /** Resolves when no save is settling and no task is waiting or running. */
  idle(): Promise<void>;
  /** Stops watching, cancels every run (the runner kills their process trees) and waits. */
  close(): Promise<void>;
}

/** The task keys before and after the checks; the checks' own keys are lint-python's names. */
export const TASK_ORDER: readonly string[] = ["gen:protos", "gen:ts", "flake8", "mypy", "tests"];

const DEFAULT_DEBOUNCE_MS = 120;
/** Once a save has settled, its tasks start almost at once; a few ms let a "save all" share one run. */
const BATCH_MS = 10;

/** A file's content as last seen: its hash, or null when it did not exist. */
type Seen = string | null;

function contentHash(file: string): Seen {
  try {
    return createHash("sha256").update(readFileSync(file)).digest("hex");
  } catch {
    return null;
  }
}

/**
 * The watch loop: watcher events → per-file quiet period → content compared with what was seen
 * last (an identical save runs nothing, and the view says so) → scheduler (cancel stale, one run
 * per task key) → runners → view. A proto change regenerates the bindings, and when Python
 * bindings changed, runs the tests that import them; a .py change runs the checks that take it
 * (lint-python's table) and the tests of its module.
 */
export function startDevLoop(options: DevLoopOptions): DevLoop {
  const { layout, runners, view } = options;
  const debounceMs = options.debounceMs ?? DEFAULT_DEBOUNCE_MS;
  const shown = (file: string): string => path.relative(layout.pythonProject, file) || file;
  const describeInputs = (inputs: readonly string[]): string =>
    inputs.length === 1 && inputs[0] !== undefined ? shown(inputs[0]) : `${inputs.length} files`;

  const execute = async (key: string, inputs: readonly string[], signal: AbortSignal): Promise<void> => {
    const started = performance.now();
    const outcome = await runTask(key, inputs, signal);
    if (signal.aborted) return; // the scheduler's "finished" event shows it as cancelled
    view.set(key, { ...outcome, durationMs: performance.now() - started });
  };

  const runTask = async (key: string, inputs: readonly string[], signal: AbortSignal): Promise<DevTaskOutcome> => {
    if (key === "gen:protos") {
      const deleted = inputs.filter((file) => !existsSync(file));
      if (deleted.length > 0 && deleted.length === inputs.length) {
        return { status: "failed", summary: `${deleted.map(shown).join(", ")} deleted: the bindings are left as they were; recreate it to regenerate` };
      }
      const outcome = await runners.genProtos(signal);
      // Follow-ups without a quiet period: the Python bindings are written, their tests can start
      // now, and the TypeScript bindings (slower) are generated beside them.
      if (outcome.status === "ok" && !signal.aborted) {
        if (outcome.writtenPython.length > 0) scheduler.request("tests", outcome.writtenPython, 0);
        if (runners.genTypeScript !== undefined) scheduler.request("gen:ts", inputs, 0);
      }
      return outcome;
    }
    if (key === "gen:ts") return runners.genTypeScript === undefined ? { status: "ok", summary: "no TypeScript bindings here" } : runners.genTypeScript(signal);
    const files = inputs.filter((file) => existsSync(file));
    if (files.length === 0) return { status: "ok", summary: `nothing to check (${describeInputs(inputs)} deleted)` };
    if (key !== "tests") return runners.check(key, files, signal);
    const tests = [...new Set((await Promise.all(files.map((file) => testsForModule(file, layout)))).flat())].sort();
    if (tests.length === 0) return { status: "ok", summary: `no tests for ${describeInputs(files)}` };
    return runners.check("tests", tests, signal);
  };

  const onEvent = (event: SchedulerEvent): void => {
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

  const scheduler = new TaskScheduler({ debounceMs: BATCH_MS, execute, onEvent });

  // What each source file held when it was last acted on (or at start): a save is acted on once
  // its content differs, however many events the file system reported for it.
  const seen = new Map<string, Seen>();
  const settling = new Map<string, ReturnType<typeof setTimeout>>();
  let settleWaiters: (() => void)[] = [];
  let closed = false;

  const settle = (file: string): void => {
    settling.delete(file);
    const kind = classifyChange(file, layout);
    if (kind === undefined || closed) return;
    const now = contentHash(file);
    const before = seen.get(file);
    seen.set(file, now);
    if (now === before) {
      if (now !== null) view.log(`unchanged: ${shown(file)} (same content as before; nothing to run)`);
    } else {
      const created = before === null || (before === undefined && options.watch !== false);
      view.log(`${now === null ? "deleted" : created ? "created" : "changed"}: ${shown(file)}`);
      const keys = kind === "proto" ? ["gen:protos"] : [...runners.checksFor(file), "tests"];
      for (const key of keys) scheduler.request(key, [file]);
    }
    if (settling.size === 0) for (const wake of settleWaiters.splice(0)) wake();
  };

  const notify = (file: string): void => {
    if (closed || classifyChange(file, layout) === undefined) return;
    const timer = settling.get(file);
    if (timer !== undefined) clearTimeout(timer);
    settling.set(file, setTimeout(() => { settle(file); }, debounceMs));
  };

  let watcher: TreeWatcher | undefined;
  const ready: Promise<void> =
    options.watch === false
      ? Promise.resolve()
      : watchTree({
          dirs: [layout.protoDir, ...layout.pythonDirs],
          ignoredDirNames: layout.ignoredDirs,
          extensions: [".proto", ".py"],
          onEvent: (_kind, file) => { notify(file); },
          onError: (error) => { view.log(`watching failed: ${error.message}`); },
        }).then(
          (started) => {
            watcher = started;
            for (const file of started.initialFiles) if (classifyChange(file, layout) !== undefined) seen.set(file, contentHash(file));
            if (closed) void started.close();
          },
          (error: unknown) => {
            const message = error instanceof Error ? error.message : String(error);
            throw new DevError(`Cannot watch ${[layout.protoDir, ...layout.pythonDirs].join(", ")}: ${message}. Check the directories exist and are readable; on Linux, when the limit of watches is reached, raise it (sysctl fs.inotify.max_user_watches=524288).`, { cause: error });
          },
        );

  return {
    ready,
    notify,
    idle: async () => {
      if (settling.size > 0) await new Promise<void>((resolve) => settleWaiters.push(resolve));
      await scheduler.idle();
    },
    close: async () => {
      closed = true;
      for (const timer of settling.values()) clearTimeout(timer);
      settling.clear();
      for (const wake of settleWaiters.splice(0)) wake();
      settleWaiters = [];
      await ready.catch(() => undefined);
      await watcher?.close();
      await scheduler.close();
      view.close();
    },
  };
}

function firstLine(text: string): string {
  return text.split("\n")[0] ?? text;
}
