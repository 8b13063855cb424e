// How the CLI shows a run: a live listr2 view on a terminal, one line per event otherwise (CI,
// pipes), and the final summary table. Only the CLI imports this; the library never prints.
import type { ListrTaskWrapper, DefaultRenderer, SimpleRenderer } from "listr2";
import type { InstalledEnvironment, LintEvent, LintReport, PlannedTask, TaskResult } from "../index.js";
import { describeTarget } from "../select-pythons.js";

export interface Renderer {
  readonly onEvent: (event: LintEvent) => void;
  /** Resolves when the live view has drawn its last frame. */
  readonly done: () => Promise<void>;
}

interface Output {
  write(text: string): boolean;
}

export function createRenderer(options: { readonly out: Output; readonly interactive: boolean }): Renderer {
  return options.interactive ? liveRenderer() : lineRenderer(options.out);
}

function label(task: Pick<PlannedTask, "check" | "python">): string {
  return task.python === null ? task.check : `${task.check} ${task.python}`;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)}s`;
}

function outcome(result: TaskResult): string {
  const parts: string[] = [result.status];
  if (result.status === "failed") parts.push(`${String(result.problems)} problem${result.problems === 1 ? "" : "s"}`);
  if (result.cached) parts.push("cached");
  else if (result.status !== "skipped") parts.push(seconds(result.durationMs));
  if (result.note !== undefined) parts.push(result.note);
  return parts.join(", ");
}

function uvBootstrapLine(event: Extract<LintEvent, { type: "uv-bootstrap" }>): string {
  if (event.message !== undefined) return `[uv ${event.version}] could not bootstrap: ${event.message}\n`;
  return event.uv === undefined ? `[uv ${event.version}] not on PATH: installing it from the package index into the cache\n` : `[uv ${event.version}] ready: ${event.uv}\n`;
}

function lineRenderer(out: Output): Renderer {
  const onEvent = (event: LintEvent): void => {
    switch (event.type) {
      case "planned":
        out.write(`lint-python: ${event.project}\n  Python: ${event.pythons.map(describeTarget).join("; ") || "none"}\n  tasks: ${event.tasks.map(label).join(", ")}\n`);
        return;
      case "env-building":
        out.write(`[env ${event.purpose} ${event.python}] preparing\n`);
        return;
      case "env-ready":
        out.write(`[env ${event.purpose} ${event.python}] ${event.reused ? "reused" : "built"} in ${seconds(event.durationMs)}: ${event.dir}\n`);
        return;
      case "env-failed":
        out.write(`[env ${event.purpose} ${event.python}] failed: ${event.summary} (the whole message follows the run)\n`);
        return;
      case "task-started":
        out.write(`[${label(event.task)}] started\n`);
        return;
      case "uv-bootstrap":
        out.write(uvBootstrapLine(event));
        return;
      case "task-output":
        return;
      case "task-finished":
        out.write(`[${label(event.result)}] ${outcome(event.result)}\n`);
        return;
    }
  };
  return { onEvent, done: () => Promise.resolve() };
}

interface Deferred {
  readonly promise: Promise<TaskResult>;
  resolve(result: TaskResult): void;
  wrapper?: ListrTaskWrapper<unknown, typeof DefaultRenderer, typeof SimpleRenderer>;
}

function liveRenderer(): Renderer {
  const tasks = new Map<string, Deferred>();
  let view: Promise<unknown> = Promise.resolve();
  const waitingOn = (purpose: string, python: string): Deferred[] =>
    [...tasks.entries()]
      .filter(([id]) => (purpose === "tests" ? id === `tests-${python}` : id === purpose))
      .map(([, deferred]) => deferred);

  const onEvent = (event: LintEvent): void => {
    switch (event.type) {
      case "planned": {
        for (const task of event.tasks) {
          let resolve: (result: TaskResult) => void = () => undefined;
          const promise = new Promise<TaskResult>((done) => {
            resolve = done;
          });
          tasks.set(task.id, { promise, resolve });
        }
        // listr2 is loaded only for the live view: CI and no-change reruns start faster without it.
        view = import("listr2").then(({ Listr }) => new Listr(
          event.tasks.map((task) => ({
            title: label(task),
            task: async (_context: unknown, wrapper: ListrTaskWrapper<unknown, typeof DefaultRenderer, typeof SimpleRenderer>) => {
              const deferred = tasks.get(task.id);
              if (deferred === undefined) return;
              deferred.wrapper = wrapper;
              const result = await deferred.promise;
              wrapper.title = `${label(task)}: ${outcome(result)}`;
              if (result.status === "skipped") wrapper.skip(`${label(task)}: ${outcome(result)}`);
              if (result.status === "failed" || result.status === "error") throw new Error(`log: ${result.log}`);
            },
          })),
          { concurrent: true, exitOnError: false, rendererOptions: { collapseErrors: false, collapseSkips: false } },
        ).run()).catch(() => undefined);
        return;
      }
      case "env-building":
        for (const deferred of waitingOn(event.purpose, event.python)) if (deferred.wrapper) deferred.wrapper.output = `preparing the ${event.purpose} env for Python ${event.python}…`;
        return;
      case "env-ready":
        for (const deferred of waitingOn(event.purpose, event.python)) if (deferred.wrapper) deferred.wrapper.output = `${event.purpose} env ${event.reused ? "reused" : "built"}`;
        return;
      case "env-failed":
        return;
      case "uv-bootstrap":
        process.stderr.write(uvBootstrapLine(event));
        return;
      case "task-started": {
        const wrapper = tasks.get(event.task.id)?.wrapper;
        if (wrapper) wrapper.output = "running…";
        return;
      }
      case "task-output": {
        const wrapper = tasks.get(event.task.id)?.wrapper;
        if (wrapper) wrapper.output = event.line;
        return;
      }
      case "task-finished":
        tasks.get(event.result.id)?.resolve(event.result);
        return;
    }
  };
  return {
    onEvent,
    done: async () => {
      await view;
    },
  };
}

/** check × Python: status, problems, duration, cached, log. */
export function summaryTable(report: LintReport): string {
  const header = ["check", "python", "status", "problems", "duration", "cached", "log"];
  const rows = report.results.map((result) => [
    result.check,
    result.python ?? "-",
    result.status,
    String(result.problems),
    result.status === "skipped" ? "-" : seconds(result.durationMs),
    result.cached ? "yes" : "no",
    result.log,
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? "").length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column] ?? 0)))
      .join("  ")
      .trimEnd();
  const counts = (["passed", "failed", "error", "skipped"] as const).map((status) => `${String(report.results.filter((result) => result.status === status).length)} ${status}`);
  const notes = report.results.filter((result) => result.note !== undefined).map((result) => `  ${label(result)}: ${result.note ?? ""}`);
  return [
    "",
    line(header),
    line(widths.map((width) => "-".repeat(width))),
    ...rows.map(line),
    ...(notes.length === 0 ? [] : ["", "notes:", ...notes]),
    "",
    `${counts.join(", ")} in ${seconds(report.durationMs)}. ${report.exitCode === 0 ? "Nothing failed." : "Some checks failed; see the logs above."}`,
    "",
  ].join("\n");
}

/**
 * What each failed check found, as the tool printed it (`path:line:col: code message`), grouped per
 * check and capped; the rest is in the log. lint-python.sh printed the tools' whole output instead.
 */
export function findingsReport(report: LintReport): string {
  const blocks: string[] = [];
  // An env several checks wait on fails them all with one message: it is printed once.
  const detailShownFor = new Map<string, string>();
  for (const result of report.results) {
    if (result.status !== "failed" && result.status !== "error") continue;
    const findings = result.findings ?? [];
    const counted = Math.max(result.problems, findings.length);
    const title = `${label(result)}: ${result.status === "error" ? "ERROR, the check did not run to a verdict" : result.problems > 0 ? `${String(result.problems)} problem${result.problems === 1 ? "" : "s"}` : "failed"}${result.cached ? " (cached result)" : ""}`;
    const more = counted > findings.length ? [`  … ${String(counted - findings.length)} more in ${result.log}`] : [`  (log: ${result.log})`];
    const heading = `${title}${(findings.length === 0 || result.status === "error") && result.note !== undefined ? ` — ${result.note}` : ""}`;
    if (result.detail !== undefined) {
      const shownFor = detailShownFor.get(result.detail);
      if (shownFor === undefined) detailShownFor.set(result.detail, label(result));
      const detail = shownFor === undefined ? result.detail.split("\n").map((line) => `  ${line}`) : [`  (the same failure as ${shownFor}, above)`];
      blocks.push([heading, ...detail, ...(result.detail.includes(result.log) ? [] : more)].join("\n"));
      continue;
    }
    blocks.push([heading, ...findings.map((finding) => `  ${finding}`), ...more].join("\n"));
  }
  return blocks.length === 0 ? "" : `\n${blocks.join("\n\n")}\n`;
}

export function printInstalled(out: Output, environments: readonly InstalledEnvironment[]): void {
  for (const env of environments) {
    const state = env.status === "ready" ? `${env.reused ? "reused" : "built"}: ${env.dir ?? ""}` : `${env.status}: ${env.message ?? ""}`;
    out.write(`[env ${env.purpose} ${env.python}] ${state}\n`);
  }
}
