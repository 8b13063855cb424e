// Worker-thread entry: ts-proto (import + generation + dprint formatting) is the slowest step of
// gen-protos, so it runs on its own thread, importing ts-proto while buf compiles and generating
// while the main thread writes the Python files.
import { parentPort } from "node:worker_threads";
import { generateTypeScriptFromRequestBytes, warmUpTsProto } from "./typescript-bindings.js";

export type WorkerReply = { readonly files: readonly { readonly name: string; readonly content: string }[] } | { readonly error: string };

const port = parentPort;
if (port !== null) {
  const warm = warmUpTsProto();
  port.once("message", (bytes: Uint8Array) => {
    warm
      .then(() => generateTypeScriptFromRequestBytes(bytes))
      .then((files) => {
        port.postMessage({ files } satisfies WorkerReply);
      })
      .catch((error: unknown) => {
        port.postMessage({ error: error instanceof Error ? (error.stack ?? error.message) : String(error) } satisfies WorkerReply);
      });
  });
}
