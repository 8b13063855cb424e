import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { CodegenError } from "./codegen-error.js";
import type { RelativeOutput } from "./python-bindings.js";
import type { WorkerReply } from "./typescript-worker.js";

/** ts-proto running (or about to run) somewhere: call `generate` once with the request bytes. */
export interface TypeScriptGenerator {
  generate(requestBytes: Uint8Array): Promise<RelativeOutput[]>;
  /** Stops the worker when generation is abandoned (e.g. buf failed). */
  dispose(): Promise<void>;
}

/**
 * Starts ts-proto on a worker thread right away, so its import overlaps buf's compilation and its
 * generation overlaps the Python generator. Falls back to the main thread when the compiled
 * worker file is absent (running from sources).
 */
export function startTypeScriptGenerator(): TypeScriptGenerator {
  const workerUrl = new URL("./typescript-worker.js", import.meta.url);
  if (!existsSync(fileURLToPath(workerUrl))) {
    return {
      generate: async (bytes) => (await import("./typescript-bindings.js")).generateTypeScriptFromRequestBytes(bytes),
      dispose: () => Promise.resolve(),
    };
  }
  const worker = new Worker(workerUrl);
  const reply = new Promise<RelativeOutput[]>((resolve, reject) => {
    worker.once("message", (message: WorkerReply) => {
      if ("files" in message) resolve([...message.files]);
      else reject(new CodegenError(`ts-proto failed to generate the TypeScript bindings: ${message.error}`));
    });
    worker.once("error", (error) => {
      reject(new CodegenError(`ts-proto's worker thread crashed: ${error.message}`, { cause: error }));
    });
    // A worker that exits without replying would otherwise leave the run waiting forever
    // (after a reply this rejection is a no-op).
    worker.once("exit", (code) => {
      reject(new CodegenError(`ts-proto's worker thread exited (code ${code}) before returning the TypeScript bindings; run again with --debug, or use --no-ts.`));
    });
  });
  // Never leave an unhandled rejection behind when the caller disposes without generating.
  reply.catch(() => undefined);
  return {
    generate: async (bytes) => {
      worker.postMessage(bytes);
      try {
        return await reply;
      } finally {
        await worker.terminate();
      }
    },
    dispose: async () => {
      await worker.terminate();
    },
  };
}
