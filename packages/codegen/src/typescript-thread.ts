import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { CodegenError } from "./codegen-error.js";
import type { RelativeOutput } from "./python-bindings.js";
import { addProvenance, provenanceLine } from "./typescript-bindings.js";
import { formatInHalves, warmUpDprint, type UnformattedFile } from "./typescript-format.js";
import type { WorkerReply, WorkerRequest } from "./typescript-worker.js";

/** ts-proto running (or about to run) somewhere: call `generate` with the request bytes. */
export interface TypeScriptGenerator {
  generate(requestBytes: Uint8Array): Promise<RelativeOutput[]>;
}

type Request = WorkerRequest extends infer R ? (R extends unknown ? Omit<R, "id"> : never) : never;

/**
 * One ts-proto thread per process, started on first use and kept: it is unref'ed, so it never
 * keeps a CLI alive, and a long-lived process (the dev loop) pays ts-proto's import once.
 */
class TypeScriptThread {
  readonly #worker: Worker;
  readonly #pending = new Map<number, { resolve: (reply: WorkerReply) => void; reject: (error: Error) => void }>();
  #next = 0;
  #dead: Error | undefined;

  constructor(url: URL) {
    this.#worker = new Worker(url);
    this.#worker.on("message", (reply: WorkerReply) => {
      const pending = this.#pending.get(reply.id);
      if (pending === undefined) return;
      this.#pending.delete(reply.id);
      if ("error" in reply) pending.reject(new CodegenError(`ts-proto failed to generate the TypeScript bindings: ${reply.error}`));
      else pending.resolve(reply);
    });
    this.#worker.once("error", (error) => {
      this.#fail(new CodegenError(`ts-proto's worker thread crashed: ${error.message}`, { cause: error }));
    });
    this.#worker.once("exit", (code) => {
      this.#fail(new CodegenError(`ts-proto's worker thread exited (code ${code}) before returning the TypeScript bindings; run again with --debug, or use --no-ts.`));
    });
    // After the listeners: attaching a 'message' listener refs the thread again.
    this.#worker.unref();
  }

  get alive(): boolean {
    return this.#dead === undefined;
  }

  /**
   * ts-proto on the thread; then each file's formatting split between the thread (first half)
   * and this one (second half), which is free by then: the Python generator has finished.
   */
  async generate(bytes: Uint8Array): Promise<RelativeOutput[]> {
    const generating = this.#request({ kind: "generate", bytes });
    // Loaded now (~10 ms) rather than when the thread's answer is here and every ms counts.
    warmUpDprint();
    const reply = await generating;
    if (!("files" in reply)) throw new CodegenError("ts-proto's worker thread answered a generation with something else; run again, or use --no-ts.");
    const files: readonly UnformattedFile[] = reply.files;
    const provenance = provenanceLine();
    const formatted: RelativeOutput[] = [];
    for (const file of files) {
      const content = await formatInHalves(file, async (text) => {
        const part = await this.#request({ kind: "format", text, dprintOptions: file.dprintOptions });
        // Thrown into formatInHalves, which then formats the whole file here.
        if (!("text" in part)) throw new Error("the worker thread answered a format request with something else");
        return part.text;
      });
      formatted.push({ name: file.name, content: addProvenance(content, provenance) });
    }
    return formatted;
  }

  #request(request: Request): Promise<WorkerReply> {
    if (this.#dead !== undefined) return Promise.reject(this.#dead);
    const id = ++this.#next;
    const reply = new Promise<WorkerReply>((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
    });
    // The thread must keep the process alive only while a request is in flight.
    this.#worker.ref();
    this.#worker.postMessage({ id, ...request } satisfies WorkerRequest);
    return reply.finally(() => {
      if (this.#pending.size === 0) this.#worker.unref();
    });
  }

  #fail(error: Error): void {
    this.#dead ??= error;
    for (const pending of this.#pending.values()) pending.reject(error);
    this.#pending.clear();
  }
}

let thread: TypeScriptThread | undefined;

/**
 * ts-proto on its worker thread, started now if not yet running, so its import overlaps buf's
 * compilation and its generation the Python generator. Falls back to the main thread when the
 * compiled worker file is absent (running from sources).
 */
export function startTypeScriptGenerator(): TypeScriptGenerator {
  const workerUrl = new URL("./typescript-worker.js", import.meta.url);
  if (!existsSync(fileURLToPath(workerUrl))) {
    return { generate: async (bytes) => (await import("./typescript-bindings.js")).generateTypeScriptFromRequestBytes(bytes) };
  }
  if (thread === undefined || !thread.alive) thread = new TypeScriptThread(workerUrl);
  const current = thread;
  return { generate: (bytes) => current.generate(bytes) };
}
