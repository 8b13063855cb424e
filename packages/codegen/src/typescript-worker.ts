// Worker-thread entry: ts-proto (import + generation + dprint formatting) is the slowest step of
// gen-protos, so it runs on its own thread, importing ts-proto while buf compiles and generating
// while the main thread writes the Python files. The thread serves any number of requests, so a
// long-lived caller (the dev loop) loads ts-proto once.
import { parentPort } from "node:worker_threads";
import { generateTypeScriptFromRequestBytes, warmUpTsProto } from "./typescript-bindings.js";

export interface WorkerRequest {
  readonly id: number;
  readonly bytes: Uint8Array;
}

export type WorkerReply = { readonly id: number } & (
  | { readonly files: readonly { readonly name: string; readonly content: string }[] }
  | { readonly error: string }
);

const port = parentPort;
if (port !== null) {
  port.on("message", ({ id, bytes }: WorkerRequest) => {
    generateTypeScriptFromRequestBytes(bytes)
      .then((files) => {
        port.postMessage({ id, files } satisfies WorkerReply);
      })
      .catch((error: unknown) => {
        port.postMessage({ id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) } satisfies WorkerReply);
      });
  });
  // Load ts-proto now, while buf compiles. A failure here is reported by the first request,
  // which loads it again and fails the same way.
  try {
    warmUpTsProto();
  } catch {
    // see above
  }
}
