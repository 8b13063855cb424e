import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { mkdir, rm } from "node:fs/promises";
import path from "node:path";
import type { CheckCommand, CheckContext, CheckDaemon, CheckDefinition } from "@pyflink-devkit/lint-python";
import { run, type RunResult } from "@pyflink-devkit/runner";
import { DevError } from "../dev-error.js";

/** What one request came to: the output as the cold tool would have printed it, and its exit code. */
export interface DaemonAnswer {
  readonly exitCode: number;
  readonly output: string;
  readonly cancelled: boolean;
  /** Findings the server reported that the cold tool did not (dropped after confirming with it). */
  readonly dropped: number;
  /** Whether the cold command was run to confirm findings the server may report on its own. */
  readonly confirmedCold: boolean;
}

export interface CheckDaemonHostOptions {
  readonly definition: CheckDefinition;
  readonly spec: CheckDaemon;
  /** Where the server writes its status file, its log and the requests' logs. */
  readonly workDir: string;
  readonly projectDir: string;
  /** How long the server may take to start listening. */
  readonly startTimeoutMs?: number;
}

const DEFAULT_START_TIMEOUT_MS = 120_000;
const POLL_MS = 50;

/**
 * Owns one check server (mypy's daemon): started in the foreground as our own child through the
 * runner (so Ctrl-C's tree kill ends it and nothing outlives the loop), restarted when it dies,
 * asked once per save. Findings the table says the server may report on its own (`unconfirmed`)
 * are shown only when the cold command reports them too; the cold verdict for a file's such lines
 * is kept by the file's content, so a file nobody edits is confirmed once.
 */
export class CheckDaemonHost {
  readonly #options: CheckDaemonHostOptions;
  readonly #statusFile: string;
  #server: { readonly exited: Promise<RunResult>; readonly stop: AbortController; done: boolean } | undefined;
  #starting: Promise<void> | undefined;
  #closed = false;
  /** file → its content hash and the unconfirmed-kind lines the cold tool reported in it. */
  readonly #confirmed = new Map<string, { readonly hash: string; readonly lines: ReadonlySet<string> }>();

  constructor(options: CheckDaemonHostOptions, statusFile: string) {
    this.#options = options;
    this.#statusFile = statusFile;
  }

  /** Starts the server now (idempotent); resolves once it takes requests. */
  start(): Promise<void> {
    if (this.#closed) return Promise.reject(new DevError(`the ${this.#options.definition.name} server was stopped`));
    if (this.#server !== undefined && !this.#server.done) return this.#starting ?? Promise.resolve();
    this.#starting = this.#spawn();
    return this.#starting;
  }

  async #spawn(): Promise<void> {
    const { spec, workDir, projectDir, definition } = this.#options;
    await mkdir(workDir, { recursive: true });
    await rm(this.#statusFile, { force: true });
    const stop = new AbortController();
    const logFile = path.join(workDir, "logs", `${definition.name}-daemon.log`);
    await mkdir(path.dirname(logFile), { recursive: true });
    const exited = run(spec.serve.file, spec.serve.args, { cwd: projectDir, env: spec.serve.env, signal: stop.signal, logFile, prefix: "", reject: false });
    const server = { exited, stop, done: false };
    this.#server = server;
    void exited.finally(() => { server.done = true; });
    const deadline = performance.now() + (this.#options.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS);
    while (!existsSync(this.#statusFile)) {
      if (server.done) {
        const result = await exited;
        throw new DevError(`The ${definition.name} server (${result.command}) exited with code ${result.exitCode} before it took requests; see ${logFile}. Run it by hand in ${projectDir} to see why.`);
      }
      if (performance.now() > deadline) {
        stop.abort();
        throw new DevError(`The ${definition.name} server did not write ${this.#statusFile} within ${Math.round((this.#options.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS) / 1000)} s; see ${logFile}.`);
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }

  /**
   * The check for `context.changedFiles`, answered by the server: a skip when the table skips it,
   * else the output (with unconfirmed findings settled by the cold command) and exit code.
   */
  async check(context: CheckContext, signal: AbortSignal, logFile: string): Promise<DaemonAnswer | { readonly skip: string }> {
    const request = this.#options.spec.check(context);
    if (request.kind === "skip") return { skip: request.reason };
    let answer = await this.#ask(request, signal, logFile);
    // The server died or never came up: start it again and ask once more.
    if (!answer.cancelled && (answer.exitCode !== 0 && answer.exitCode !== 1) && (this.#server?.done !== false || this.#options.spec.isServerGone(answer.output))) {
      this.#server?.stop.abort();
      this.#server = undefined;
      answer = await this.#ask(request, signal, logFile);
    }
    if (answer.cancelled) return { exitCode: -1, output: answer.output, cancelled: true, dropped: 0, confirmedCold: false };
    return this.#settle(context, answer.exitCode, answer.output, signal, logFile);
  }

  async #ask(request: Extract<CheckCommand, { kind: "run" }>, signal: AbortSignal, logFile: string): Promise<{ exitCode: number; output: string; cancelled: boolean }> {
    await this.start();
    const result = await run(request.file, request.args, { cwd: this.#options.projectDir, env: request.env, signal, logFile, prefix: "", reject: false });
    return { exitCode: result.exitCode, output: `${result.stdout}\n${result.stderr}`, cancelled: result.cancelled };
  }

  /** Drops the server's own findings (those the cold tool does not report), confirming with the cold command when a file's verdict is not known yet. */
  async #settle(context: CheckContext, exitCode: number, output: string, signal: AbortSignal, logFile: string): Promise<DaemonAnswer> {
    const { spec, definition, projectDir } = this.#options;
    const lines = output.split("\n");
    const suspects = lines.filter((line) => spec.unconfirmed(line));
    if (suspects.length === 0) return { exitCode, output, cancelled: false, dropped: 0, confirmedCold: false };
    const fileOf = (line: string): string => line.slice(0, line.indexOf(":"));
    const hashes = new Map([...new Set(suspects.map(fileOf))].map((file) => [file, contentHash(path.resolve(projectDir, file))]));
    const unknown = [...hashes].filter(([file, hash]) => this.#confirmed.get(file)?.hash !== hash);
    let confirmedCold = false;
    if (unknown.length > 0) {
      // The cold command on the same files, exactly as lint:python runs it.
      const cold = definition.command(context);
      if (cold.kind === "skip") return { exitCode, output, cancelled: false, dropped: 0, confirmedCold: false };
      const result = await run(cold.file, cold.args, { cwd: projectDir, env: cold.env, signal, logFile, prefix: "", reject: false });
      if (result.cancelled) return { exitCode: -1, output, cancelled: true, dropped: 0, confirmedCold: true };
      confirmedCold = true;
      const coldLines = `${result.stdout}\n${result.stderr}`.split("\n").filter((line) => spec.unconfirmed(line));
      for (const [file, hash] of unknown) this.#confirmed.set(file, { hash, lines: new Set(coldLines.filter((line) => fileOf(line) === file)) });
    }
    const kept = lines.filter((line) => !spec.unconfirmed(line) || this.#confirmed.get(fileOf(line))?.lines.has(line) === true);
    const dropped = lines.length - kept.length;
    // Exit 1 means "findings"; with none left the verdict is the cold tool's: passed.
    const settledExit = exitCode === 1 && dropped > 0 && !kept.some((line) => definition.isFinding(line)) ? 0 : exitCode;
    return { exitCode: settledExit, output: kept.join("\n"), cancelled: false, dropped, confirmedCold };
  }

  /** Ends the server (its process tree) and waits for it. */
  async close(): Promise<void> {
    this.#closed = true;
    const server = this.#server;
    this.#server = undefined;
    if (server === undefined) return;
    server.stop.abort();
    await server.exited.catch(() => undefined);
  }
}

function contentHash(file: string): string {
  try {
    return createHash("sha256").update(readFileSync(file)).digest("hex");
  } catch {
    return "absent";
  }
}
