import { readFile, mkdir, rm } from "node:fs/promises";
import { createConnection, type Socket } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { run, type RunResult } from "@pyflink-devkit/runner";
import { DevError } from "../dev-error.js";

/** The worker script, shipped beside dist/ (packages/dev/python). */
const WORKER_SCRIPT = fileURLToPath(new URL("../../python/warm_pytest.py", import.meta.url));
const START_TIMEOUT_MS = 120_000;
// Unix socket paths are limited to ~107 bytes.
const MAX_SOCKET_PATH = 100;

export interface WarmPytestOptions {
  /** The tests environment's python. */
  readonly python: string;
  /** The project directory (pytest's cwd, first on sys.path as with `python -m pytest`). */
  readonly cwd: string;
  /** Where the socket and the worker's log live. */
  readonly workDir: string;
  /** Where the worker keeps the library modules the last run imported (per environment, so every copy of a project shares it). */
  readonly learnedFile: string;
}

export interface WarmRun {
  readonly exitCode: number;
  readonly output: string;
  readonly cancelled: boolean;
}

interface Worker {
  readonly env: string;
  readonly exited: Promise<RunResult>;
  readonly stop: AbortController;
  readonly socket: Socket;
  done: boolean;
  /** Reply lines not yet consumed. */
  readonly replies: Record<string, unknown>[];
  wake: (() => void) | undefined;
}

/**
 * `python -m pytest <args>` with the same interpreter, environment, cwd and arguments, answered by
 * a forked child of one long-lived interpreter that has the libraries the tests import already
 * loaded (learned from the previous run; the project's own modules are never preloaded). The
 * worker is our child through the runner, so the loop's Ctrl-C ends it and its forks; a run's
 * cancellation kills its fork. A different environment restarts the worker.
 */
export class WarmPytest {
  readonly #options: WarmPytestOptions;
  #worker: Worker | undefined;
  #next = 0;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(options: WarmPytestOptions) {
    this.#options = options;
  }

  /** Starts the worker for `env` now (it preloads what earlier runs imported), so the first save is warm too. */
  prepare(env: Readonly<Record<string, string>>): Promise<void> {
    const next = this.#queue.then(() => this.#ensure(env));
    this.#queue = next.catch(() => undefined);
    return next.then(() => undefined);
  }

  /** Runs pytest with `args` (what follows `-m pytest`) under `env`; one run at a time. */
  run(args: readonly string[], env: Readonly<Record<string, string>>, signal: AbortSignal, outputFile: string): Promise<WarmRun> {
    const next = this.#queue.then(() => this.#runNow(args, env, signal, outputFile));
    this.#queue = next.catch(() => undefined);
    return next;
  }

  async #runNow(args: readonly string[], env: Readonly<Record<string, string>>, signal: AbortSignal, outputFile: string): Promise<WarmRun> {
    if (signal.aborted) return { exitCode: -1, output: "", cancelled: true };
    const worker = await this.#ensure(env);
    const id = String(++this.#next);
    await mkdir(path.dirname(outputFile), { recursive: true });
    worker.socket.write(`${JSON.stringify({ id, args, output: outputFile })}\n`);
    let pid: number | undefined;
    const state = { cancelled: false };
    const onAbort = (): void => {
      state.cancelled = true;
      if (pid !== undefined) killQuietly(pid);
    };
    signal.addEventListener("abort", onAbort, { once: true });
    try {
      for (;;) {
        const message = await this.#reply(worker, id);
        if (message === undefined) {
          throw new DevError(`The warm pytest worker (${WORKER_SCRIPT}) ended during a run; see ${path.join(this.#options.workDir, "logs", "warm-pytest.log")}. The next save starts a new one.`);
        }
        if (typeof message.pid === "number") {
          pid = message.pid;
          if (state.cancelled) killQuietly(pid);
        } else if (typeof message.exit === "number") {
          const output = await readFile(outputFile, "utf8").catch(() => "");
          return { exitCode: message.exit, output, cancelled: state.cancelled };
        }
      }
    } finally {
      signal.removeEventListener("abort", onAbort);
    }
  }

  async #reply(worker: Worker, id: string): Promise<Record<string, unknown> | undefined> {
    for (;;) {
      const index = worker.replies.findIndex((message) => message.id === id);
      if (index >= 0) return worker.replies.splice(index, 1)[0];
      if (worker.done) return undefined;
      await new Promise<void>((resolve) => { worker.wake = resolve; });
    }
  }

  async #ensure(env: Readonly<Record<string, string>>): Promise<Worker> {
    const key = JSON.stringify(Object.entries(env).sort());
    const current = this.#worker;
    if (current !== undefined && !current.done && current.env === key) return current;
    if (current !== undefined) await this.#stop(current);
    const { python, cwd, workDir } = this.#options;
    await mkdir(path.join(workDir, "logs"), { recursive: true });
    const preferred = path.join(workDir, "pytest.sock");
    const socketPath = preferred.length <= MAX_SOCKET_PATH ? preferred : path.join(tmpdir(), `pyflink-dev-pytest-${process.pid}.sock`);
    await rm(socketPath, { force: true });
    const stop = new AbortController();
    let ready: (() => void) | undefined;
    const listening = new Promise<void>((resolve) => { ready = resolve; });
    await mkdir(path.dirname(this.#options.learnedFile), { recursive: true });
    const exited = run(python, [WORKER_SCRIPT, socketPath, this.#options.learnedFile], {
      cwd,
      env,
      signal: stop.signal,
      logFile: path.join(workDir, "logs", "warm-pytest.log"),
      prefix: "",
      reject: false,
      onLine: (line) => { if (line.startsWith("warm-pytest: ready")) ready?.(); },
    });
    const started = { done: false };
    const ended = exited.finally(() => { started.done = true; ready?.(); });
    const timer = setTimeout(() => { stop.abort(); }, START_TIMEOUT_MS);
    await listening;
    clearTimeout(timer);
    if (started.done) {
      const result = await ended;
      throw new DevError(`The warm pytest worker (${result.command}) exited with code ${result.exitCode} before it took requests; see ${path.join(workDir, "logs", "warm-pytest.log")}.`);
    }
    const socket = await connect(socketPath);
    const worker: Worker = { env: key, exited, stop, socket, done: false, replies: [], wake: undefined };
    const wake = (): void => { const resolve = worker.wake; worker.wake = undefined; resolve?.(); };
    let pending = "";
    socket.on("data", (chunk: Buffer) => {
      const parts = (pending + chunk.toString("utf8")).split("\n");
      pending = parts.pop() ?? "";
      for (const part of parts) if (part.trim() !== "") worker.replies.push(JSON.parse(part) as Record<string, unknown>);
      wake();
    });
    const gone = (): void => { worker.done = true; wake(); };
    socket.on("close", gone);
    socket.on("error", gone);
    void ended.then(gone);
    this.#worker = worker;
    return worker;
  }

  async #stop(worker: Worker): Promise<void> {
    worker.socket.destroy();
    worker.stop.abort();
    await worker.exited.catch(() => undefined);
  }

  /** Ends the worker and any run in it. */
  async close(): Promise<void> {
    const worker = this.#worker;
    this.#worker = undefined;
    if (worker !== undefined) await this.#stop(worker);
  }
}

function connect(socketPath: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = createConnection(socketPath);
    socket.once("connect", () => { resolve(socket); });
    socket.once("error", reject);
  });
}

function killQuietly(pid: number): void {
  try {
    process.kill(pid, "SIGKILL");
  } catch {
    // Already gone.
  }
}
