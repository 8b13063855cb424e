// Runs codegen's generateProtos in a worker thread: ts-proto is CPU-bound for seconds, and on the
// main thread it would freeze the live view and the handling of every other task's output. The
// worker stays up between runs so the generators are loaded once.
import { parentPort } from "node:worker_threads";
import { CodegenError, generateProtos, type GenerateOptions } from "@pyflink-devkit/codegen";

export interface GenWorkerRequest {
  readonly id: number;
  readonly options: GenerateOptions;
}

/** What the worker posts back: the files written, or the error as plain data. */
export type GenWorkerReply = { readonly id: number } & (
  | { readonly ok: true; readonly upToDate: boolean; readonly written: readonly { readonly path: string; readonly kind: string }[] }
  | { readonly ok: false; readonly codegen: boolean; readonly message: string; readonly diagnostics: readonly { file: string; line: number; column: number; message: string }[] }
);

async function handle({ id, options }: GenWorkerRequest): Promise<GenWorkerReply> {
  try {
    const result = await generateProtos(options);
    return { id, ok: true, upToDate: result.upToDate, written: result.files.filter((file) => file.written).map((file) => ({ path: file.path, kind: file.kind })) };
  } catch (error) {
    if (error instanceof CodegenError) {
      return { id, ok: false, codegen: true, message: error.message, diagnostics: error.diagnostics.map((d) => ({ file: d.file, line: d.line, column: d.column, message: d.message })) };
    }
    return { id, ok: false, codegen: false, message: error instanceof Error ? (error.stack ?? error.message) : JSON.stringify(error), diagnostics: [] };
  }
}

parentPort?.on("message", (request: GenWorkerRequest) => {
  void handle(request).then((reply) => parentPort?.postMessage(reply));
});
