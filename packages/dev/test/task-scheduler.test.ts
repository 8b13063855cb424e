import { describe, expect, it } from "vitest";
import { TaskScheduler, type SchedulerEvent, type SchedulerTimers } from "../src/index.js";

/** A clock that moves only when the test says so. */
class FakeClock implements SchedulerTimers {
  now = 0;
  #timers = new Map<number, { at: number; callback: () => void }>();
  #next = 1;
  setTimeout(callback: () => void, ms: number): unknown {
    const id = this.#next++;
    this.#timers.set(id, { at: this.now + ms, callback });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.#timers.delete(handle as number);
  }
  /** Moves time forward, firing due timers in order, letting promises settle after each. */
  async advance(ms: number): Promise<void> {
    const end = this.now + ms;
    for (;;) {
      const due = [...this.#timers.entries()].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
      if (due === undefined) break;
      this.#timers.delete(due[0]);
      this.now = due[1].at;
      due[1].callback();
      await settle();
    }
    this.now = end;
    await settle();
  }
}

async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
}

/** An executor whose runs end when the test says so, or when they are aborted. */
function controlledExecutor() {
  const runs: { key: string; inputs: readonly string[]; signal: AbortSignal; finish: () => void }[] = [];
  const execute = (key: string, inputs: readonly string[], signal: AbortSignal): Promise<void> =>
    new Promise<void>((resolve) => {
      runs.push({ key, inputs, signal, finish: resolve });
      signal.addEventListener("abort", () => { resolve(); }, { once: true });
    });
  return { runs, execute };
}

describe("TaskScheduler", () => {
  it("debounces: requests inside the quiet period become one run over all their inputs", async () => {
    const clock = new FakeClock();
    const { runs, execute } = controlledExecutor();
    const scheduler = new TaskScheduler({ debounceMs: 100, execute, timers: clock });
    scheduler.request("flake8", ["a.py"]);
    await clock.advance(60);
    scheduler.request("flake8", ["b.py"]);
    await clock.advance(60);
    scheduler.request("flake8", ["a.py"]);
    await clock.advance(99);
    expect(runs).toHaveLength(0);
    await clock.advance(1);
    expect(runs.map((r) => [r.key, r.inputs])).toEqual([["flake8", ["a.py", "b.py"]]]);
  });

  it("cancels the stale run when a newer change settles, waits for it to end, and carries its inputs over", async () => {
    const clock = new FakeClock();
    const { runs, execute } = controlledExecutor();
    const events: SchedulerEvent[] = [];
    const scheduler = new TaskScheduler({ debounceMs: 50, execute, timers: clock, onEvent: (e) => events.push(e) });
    scheduler.request("tests", ["a.py"]);
    await clock.advance(50);
    expect(runs).toHaveLength(1);
    scheduler.request("tests", ["b.py"]);
    await clock.advance(49);
    expect(runs[0]?.signal.aborted).toBe(false); // still inside the quiet period: the run goes on
    await clock.advance(1);
    expect(runs[0]?.signal.aborted).toBe(true);
    expect(runs).toHaveLength(2);
    // a.py never finished, so the new run checks it again with b.py.
    expect(runs[1]?.inputs).toEqual(["a.py", "b.py"]);
    expect(events.filter((e) => e.type !== "queued").map((e) => e.type)).toEqual(["started", "cancelling", "finished", "started"]);
    expect(events.find((e) => e.type === "finished")).toMatchObject({ cancelled: true });
  });

  it("forgets inputs once a run over them completes", async () => {
    const clock = new FakeClock();
    const { runs, execute } = controlledExecutor();
    const scheduler = new TaskScheduler({ debounceMs: 10, execute, timers: clock });
    scheduler.request("mypy", ["a.py"]);
    await clock.advance(10);
    runs[0]?.finish();
    await settle();
    scheduler.request("mypy", ["b.py"]);
    await clock.advance(10);
    expect(runs[1]?.inputs).toEqual(["b.py"]);
  });

  it("never runs one key twice at once, even under a burst of changes (real timers)", async () => {
    let running = 0;
    let maxRunning = 0;
    let completed = 0;
    const scheduler = new TaskScheduler({
      debounceMs: 5,
      execute: async (_key, _inputs, signal) => {
        running++;
        maxRunning = Math.max(maxRunning, running);
        // A run that ignores the signal for a while, like a process that takes time to die.
        await new Promise((resolve) => setTimeout(resolve, 30));
        running--;
        if (!signal.aborted) completed++;
      },
    });
    for (let i = 0; i < 20; i++) {
      scheduler.request("gen:protos", [`p${i % 3}.proto`]);
      await new Promise((resolve) => setTimeout(resolve, 7));
    }
    await scheduler.idle();
    expect(maxRunning).toBe(1);
    expect(completed).toBeGreaterThanOrEqual(1);
    expect(scheduler.busy).toBe(false);
  });

  it("runs different keys side by side", async () => {
    const clock = new FakeClock();
    const { runs, execute } = controlledExecutor();
    const scheduler = new TaskScheduler({ debounceMs: 10, execute, timers: clock });
    scheduler.request("flake8", ["a.py"]);
    scheduler.request("mypy", ["a.py"]);
    await clock.advance(10);
    expect(runs.map((r) => r.key).sort()).toEqual(["flake8", "mypy"]);
    expect(runs.every((r) => !r.signal.aborted)).toBe(true);
  });

  it("close() drops pending requests and aborts every run", async () => {
    const clock = new FakeClock();
    const { runs, execute } = controlledExecutor();
    const scheduler = new TaskScheduler({ debounceMs: 10, execute, timers: clock });
    scheduler.request("flake8", ["a.py"]);
    await clock.advance(10);
    scheduler.request("mypy", ["a.py"]);
    await scheduler.close();
    await clock.advance(100);
    expect(runs).toHaveLength(1);
    expect(runs[0]?.signal.aborted).toBe(true);
    scheduler.request("flake8", ["b.py"]);
    await clock.advance(100);
    expect(runs).toHaveLength(1);
    expect(scheduler.busy).toBe(false);
  });

  it("reports a run that threw as finished with its error, and keeps going", async () => {
    const clock = new FakeClock();
    const events: SchedulerEvent[] = [];
    const scheduler = new TaskScheduler({ debounceMs: 1, execute: () => Promise.reject(new Error("boom")), timers: clock, onEvent: (e) => events.push(e) });
    scheduler.request("tests", ["a.py"]);
    await clock.advance(1);
    const finished = events.find((e) => e.type === "finished");
    expect(finished).toMatchObject({ cancelled: false });
    expect(finished?.type === "finished" ? finished.error : undefined).toBeInstanceOf(Error);
  });
});
