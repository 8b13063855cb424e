/** What the scheduler reports about a task key, in order, for the renderer. */
export type SchedulerEvent =
  | { readonly type: "queued"; readonly key: string; readonly inputs: readonly string[] }
  | { readonly type: "started"; readonly key: string; readonly inputs: readonly string[]; readonly run: number }
  | { readonly type: "cancelling"; readonly key: string; readonly run: number }
  | { readonly type: "finished"; readonly key: string; readonly run: number; readonly cancelled: boolean; readonly error?: unknown };

/** Runs one task key with the inputs collected for it; must stop promptly when `signal` aborts. */
export type TaskExecutor = (key: string, inputs: readonly string[], signal: AbortSignal) => Promise<void>;

/** The timer functions the scheduler uses, replaceable by a fake clock in tests. */
export interface SchedulerTimers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface SchedulerOptions {
  /** Quiet time after the last request for a key before it runs. */
  readonly debounceMs: number;
  readonly execute: TaskExecutor;
  readonly onEvent?: (event: SchedulerEvent) => void;
  readonly timers?: SchedulerTimers;
}

interface KeyState {
  /** Inputs asked for and not yet handed to a run that finished uncancelled. */
  pending: Set<string>;
  timer: unknown;
  /** Bumped by every start, so of two starts waiting on the same stale run only the newest goes on. */
  generation: number;
  /** Starts waiting for a stale run to end (counted as busy). */
  waiting: number;
  active: { run: number; controller: AbortController; inputs: readonly string[]; done: Promise<void> } | undefined;
}

const REAL_TIMERS: SchedulerTimers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => { clearTimeout(handle as ReturnType<typeof setTimeout>); },
};

/**
 * Debounce + cancel-stale + one-at-a-time per task key. A request (re)starts the key's quiet
 * period; when it ends, a run still going for that key is aborted and awaited, then one new run
 * gets every input asked for since the last run that completed — a cancelled run's inputs are
 * carried over, so no change is lost. Different keys run concurrently.
 */
export class TaskScheduler {
  readonly #options: SchedulerOptions;
  readonly #timers: SchedulerTimers;
  readonly #keys = new Map<string, KeyState>();
  #runs = 0;
  #closed = false;
  #idleWaiters: (() => void)[] = [];

  constructor(options: SchedulerOptions) {
    this.#options = options;
    this.#timers = options.timers ?? REAL_TIMERS;
  }

  /** Ask for `key` to run over `inputs` (files, usually) after the quiet period (`debounceMs` overrides it). */
  request(key: string, inputs: readonly string[] = [], debounceMs = this.#options.debounceMs): void {
    if (this.#closed) return;
    const state = this.#state(key);
    for (const input of inputs) state.pending.add(input);
    if (state.timer !== undefined) this.#timers.clearTimeout(state.timer);
    this.#options.onEvent?.({ type: "queued", key, inputs: [...state.pending] });
    state.timer = this.#timers.setTimeout(() => {
      state.timer = undefined;
      void this.#start(key, state);
    }, debounceMs);
  }

  /** True while any key has a pending timer or a run. */
  get busy(): boolean {
    for (const state of this.#keys.values()) if (state.timer !== undefined || state.active !== undefined || state.waiting > 0) return true;
    return false;
  }

  /** Resolves once nothing is waiting or running (follow-up requests made by runs included). */
  idle(): Promise<void> {
    if (!this.busy) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  /** Drops pending requests, aborts every run and waits for them to end. */
  async close(): Promise<void> {
    this.#closed = true;
    const running: Promise<void>[] = [];
    for (const state of this.#keys.values()) {
      if (state.timer !== undefined) this.#timers.clearTimeout(state.timer);
      state.timer = undefined;
      if (state.active) {
        state.active.controller.abort();
        running.push(state.active.done);
      }
    }
    await Promise.allSettled(running);
    this.#notifyIdle();
  }

  #state(key: string): KeyState {
    let state = this.#keys.get(key);
    if (state === undefined) {
      state = { pending: new Set(), timer: undefined, generation: 0, waiting: 0, active: undefined };
      this.#keys.set(key, state);
    }
    return state;
  }

  async #start(key: string, state: KeyState): Promise<void> {
    const generation = ++state.generation;
    const previous = state.active;
    if (previous) {
      // Stale: its inputs are still in `pending` (they leave only on an uncancelled finish).
      if (!previous.controller.signal.aborted) {
        this.#options.onEvent?.({ type: "cancelling", key, run: previous.run });
        previous.controller.abort();
      }
      state.waiting++;
      await previous.done;
      state.waiting--;
      // A newer request arrived while we waited: its timer or its start takes over.
      if (generation !== state.generation || state.timer !== undefined || state.active !== undefined || this.#closed) {
        this.#notifyIdle();
        return;
      }
    }
    const inputs = [...state.pending].sort();
    const run = ++this.#runs;
    const controller = new AbortController();
    let release = (): void => undefined;
    const done = new Promise<void>((resolve) => { release = resolve; });
    state.active = { run, controller, inputs, done };
    this.#options.onEvent?.({ type: "started", key, inputs, run });
    let error: unknown;
    try {
      await this.#options.execute(key, inputs, controller.signal);
    } catch (caught: unknown) {
      error = caught;
    }
    const cancelled = controller.signal.aborted;
    if (!cancelled) for (const input of inputs) state.pending.delete(input);
    state.active = undefined;
    this.#options.onEvent?.({ type: "finished", key, run, cancelled, ...(error === undefined ? {} : { error }) });
    release();
    this.#notifyIdle();
  }

  #notifyIdle(): void {
    // Deferred a tick so follow-up requests made in an onEvent handler count as busy.
    queueMicrotask(() => {
      if (this.busy) return;
      const waiters = this.#idleWaiters;
      this.#idleWaiters = [];
      for (const resolve of waiters) resolve();
    });
  }
}
