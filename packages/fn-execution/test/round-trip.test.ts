import { execFileSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { skipUnless, systemTool } from "@pyflink-devkit/reference-tools";
import { UserDefinedDataStreamFunction_FunctionType, UserDefinedFunctions, type UserDefinedFunctions as UserDefinedFunctionsMessage } from "../src/index.js";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const protocRef = systemTool("protoc");
const protoc = protocRef.ok ? protocRef.value : undefined;

// Nested messages, a recursive oneof (Input.udf), repeated messages and scalars, int64s, bytes.
const message: UserDefinedFunctionsMessage = UserDefinedFunctions.fromPartial({
  udfs: [
    {
      payload: new Uint8Array([0x80, 0x04, 0x95]),
      inputs: [
        { inputOffset: 3 },
        { inputConstant: new Uint8Array([1, 2]) },
        { udf: { payload: new Uint8Array([7]), inputs: [{ inputOffset: 0 }], isPandasUdf: true } },
      ],
      takesRowAsInput: true,
    },
  ],
  metricEnabled: true,
  windows: [{ windowType: 3, lowerBoundary: -5000, upperBoundary: 0 }],
  jobParameters: [{ key: "python.fn-execution.bundle.size", value: "1000" }],
  asyncOptions: { maxConcurrentOperations: 8, timeoutMs: 180_000, retryEnabled: true, retryMaxAttempts: 3, retryDelayMs: 250 },
  runtimeContext: { taskName: "Map", numberOfParallelSubtasks: 4, indexOfThisSubtask: 2, inBatchExecutionMode: false },
});

// The same message in protobuf text format, for protoc --encode (an independent encoder).
const textFormat = `
udfs {
  payload: "\\200\\004\\225"
  inputs { inputOffset: 3 }
  inputs { inputConstant: "\\001\\002" }
  inputs { udf { payload: "\\007" inputs { inputOffset: 0 } is_pandas_udf: true } }
  takes_row_as_input: true
}
metric_enabled: true
windows { window_type: RANGE_SLIDING lower_boundary: -5000 upper_boundary: 0 }
job_parameters { key: "python.fn-execution.bundle.size" value: "1000" }
async_options { max_concurrent_operations: 8 timeout_ms: 180000 retry_enabled: true retry_max_attempts: 3 retry_delay_ms: 250 }
runtime_context { task_name: "Map" number_of_parallel_subtasks: 4 index_of_this_subtask: 2 }
`;

describe("@pyflink-devkit/fn-execution", () => {
  it("decodes what it encodes (nested, recursive oneof, repeated, int64, bytes)", () => {
    const bytes = UserDefinedFunctions.encode(message).finish();
    const decoded = UserDefinedFunctions.decode(bytes);
    expect(decoded).toEqual(message);
    expect(decoded.udfs[0]?.inputs[2]?.udf?.inputs[0]?.inputOffset).toBe(0);
    expect(decoded.windows[0]?.lowerBoundary).toBe(-5000);
  });

  it("encodes exactly what protoc --encode writes, and decodes protoc's bytes (needs protoc)", skipUnless(protocRef), () => {
    const fromProtoc = execFileSync(
      protoc ?? "protoc",
      [`-I${path.join(repoRoot, "proto")}`, "--encode=org.apache.flink.fn_execution.v1.UserDefinedFunctions", "flink-fn-execution.proto"],
      { input: textFormat },
    );
    const ours = UserDefinedFunctions.encode(message).finish();
    expect(Buffer.from(ours).toString("hex")).toBe(fromProtoc.toString("hex"));
    expect(UserDefinedFunctions.decode(new Uint8Array(fromProtoc))).toEqual(message);
  });

  it("exposes enums with their proto numbers, including the gap before REVISE_OUTPUT", () => {
    expect(UserDefinedDataStreamFunction_FunctionType.KEYED_CO_BROADCAST_PROCESS).toBe(6);
    expect(UserDefinedDataStreamFunction_FunctionType.REVISE_OUTPUT).toBe(100);
  });
});
