import { grpcioTools } from "./grpcio-tools.js";
import { GRPCIO_TOOLS_MATRIX } from "./grpcio-tools-matrix.js";
import { jdk } from "./jdk.js";
import { TOOL_PINS } from "./pins.js";
import { protobufRuntime, tox, uv } from "./python-tools.js";
import type { Reference } from "./reference.js";

export interface WarmResult {
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
  readonly ms: number;
}

/** What `warm` installs: the references the test suites ask for, so a CI run pays for them up front. */
export function warmPlan(options: { readonly allGrpcioTools?: boolean } = {}): readonly { readonly name: string; readonly get: () => Promise<Reference<unknown>> }[] {
  const grpc = options.allGrpcioTools === true ? GRPCIO_TOOLS_MATRIX : GRPCIO_TOOLS_MATRIX.slice(0, 1);
  return [
    ...grpc.map((row) => ({ name: `grpcio-tools==${row.grpcioTools} (Python ${row.python})`, get: () => grpcioTools(row.grpcioTools) })),
    { name: "protobuf (default runtime)", get: () => protobufRuntime() },
    { name: `uv==${TOOL_PINS.uv.current}`, get: () => uv(TOOL_PINS.uv.current) },
    { name: `uv==${TOOL_PINS.uv.flink}`, get: () => uv(TOOL_PINS.uv.flink) },
    { name: `tox==${TOOL_PINS.tox.current}`, get: () => tox(TOOL_PINS.tox.current) },
    { name: `tox==${TOOL_PINS.tox.flink}`, get: () => tox(TOOL_PINS.tox.flink) },
    { name: "JDK", get: () => jdk() },
  ];
}

/** Gets every reference in the plan, one after another (pip and the machine's 2 cores would not gain from more). */
export async function warm(options: { readonly allGrpcioTools?: boolean; readonly onResult?: (result: WarmResult) => void } = {}): Promise<WarmResult[]> {
  const results: WarmResult[] = [];
  for (const item of warmPlan(options)) {
    const started = Date.now();
    const ref = await item.get();
    const result = { name: item.name, ok: ref.ok, detail: ref.ok ? "ready" : ref.missing.reason, ms: Date.now() - started };
    results.push(result);
    options.onResult?.(result);
  }
  return results;
}
