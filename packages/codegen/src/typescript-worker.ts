// Worker-thread entry: ts-proto (import + generation) is the slowest step of gen-protos, so it
// runs on its own thread, loading ts-proto while buf compiles and generating while the main thread
// runs the Python generator. The thread answers two kinds of request: "generate" (ts-proto up to,
// not including, formatting) and "format" (dprint on one part of a file: the main thread formats
// the other part meanwhile, see typescript-format.ts). It serves any number of requests, so a
// long-lived caller (the dev loop) loads ts-proto once.
import { parentPort } from "node:worker_threads";
import { generateUnformattedTypeScript, warmUpTsProto } from "./typescript-bindings.js";
import { formatPart, warmUpDprint, type UnformattedFile } from "./typescript-format.js";

export type WorkerRequest = { readonly id: number } & (
  | { readonly kind: "generate"; readonly bytes: Uint8Array }
  | { readonly kind: "format"; readonly text: string; readonly dprintOptions: UnformattedFile["dprintOptions"] }
);

export type WorkerReply = { readonly id: number } & (
  | { readonly files: readonly UnformattedFile[] }
  | { readonly text: string }
  | { readonly error: string }
);

function answer(request: WorkerRequest): WorkerReply {
  try {
    if (request.kind === "generate") return { id: request.id, files: generateUnformattedTypeScript(request.bytes) };
    return { id: request.id, text: formatPart(request.text, request.dprintOptions) };
  } catch (error) {
    return { id: request.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
}

const port = parentPort;
if (port !== null) {
  port.on("message", (request: WorkerRequest) => {
    port.postMessage(answer(request));
  });
  // Load ts-proto and dprint now, while buf compiles. A failure here is reported by the first
  // request, which loads them again and fails the same way.
  try {
    warmUpTsProto();
    warmUpDprint();
  } catch {
    // see above
  }
}
