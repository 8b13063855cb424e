// TS bindings ↔ Python bindings, both written by gen-protos, through the real protobuf runtime
// from pip: bytes encoded by ts-proto decode in Python to the dict written here by hand (in
// protobuf's own JSON mapping), Python re-encodes them to the same bytes, and bytes Python encodes
// from that dict decode in TypeScript to the original message.
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { freshCacheDir, packageDir, repoRoot, runCli, tempDir } from "./support/cli.js";
import { protobufRuntime, skipUnless } from "@pyflink-devkit/reference-tools";

// The runtime fn-execution-py declares (protobuf>=6.31.1,<7) at its floor, from PyPI.
const runtime = await protobufRuntime("6.31.1", "3.11");
const venv: { python?: string; protobufVersion?: string } = runtime.ok ? { python: runtime.value.python, protobufVersion: runtime.value.protobuf } : {};
const fixture = path.join(packageDir, "test", "fixtures", "cross-language");
const generated = path.join(packageDir, "test", "fixtures", ".generated", "cross-language");

interface Codec {
  encode(message: unknown): { finish(): Uint8Array };
  decode(bytes: Uint8Array): unknown;
  fromPartial(object: unknown): unknown;
}

interface Case {
  readonly name: string;
  /** Generated TS module (relative to the ts output) and export, Python module and type path. */
  readonly ts: readonly [string, string];
  readonly py: readonly [string, string];
  /** The message as ts-proto's fromPartial takes it. */
  readonly message: unknown;
  /** The same message as protobuf's MessageToDict(preserving_proto_field_name=True) prints it. */
  readonly dict: unknown;
}

const cases: readonly Case[] = [
  {
    name: "Flink UserDefinedFunctions (nested, recursive oneof, repeated, int64, bytes)",
    ts: ["flink-fn-execution.ts", "UserDefinedFunctions"],
    py: ["flink_fn_execution_pb2", "UserDefinedFunctions"],
    message: {
      udfs: [
        {
          payload: new Uint8Array([0x80, 0x04, 0x95]),
          inputs: [{ inputOffset: 3 }, { inputConstant: new Uint8Array([1, 2]) }, { udf: { payload: new Uint8Array([7]), inputs: [{ inputOffset: 0 }], isPandasUdf: true } }],
          takesRowAsInput: true,
        },
      ],
      metricEnabled: true,
      windows: [{ windowType: 3, lowerBoundary: -5000 }],
      jobParameters: [{ key: "python.fn-execution.bundle.size", value: "1000" }],
      asyncOptions: { maxConcurrentOperations: 8, timeoutMs: 180000, retryEnabled: true, retryMaxAttempts: 3, retryDelayMs: 250 },
      runtimeContext: { taskName: "Map", numberOfParallelSubtasks: 4, indexOfThisSubtask: 2 },
    },
    dict: {
      udfs: [
        {
          payload: "gASV",
          inputs: [{ inputOffset: 3 }, { inputConstant: "AQI=" }, { udf: { payload: "Bw==", inputs: [{ inputOffset: 0 }], is_pandas_udf: true } }],
          takes_row_as_input: true,
        },
      ],
      metric_enabled: true,
      windows: [{ window_type: "RANGE_SLIDING", lower_boundary: "-5000" }],
      job_parameters: [{ key: "python.fn-execution.bundle.size", value: "1000" }],
      async_options: { max_concurrent_operations: 8, timeout_ms: "180000", retry_enabled: true, retry_max_attempts: 3, retry_delay_ms: "250" },
      runtime_context: { task_name: "Map", number_of_parallel_subtasks: 4, index_of_this_subtask: 2 },
    },
  },
  {
    name: "Flink StateDescriptor (depth-4 nesting, PascalCase enum values, a oneof set to its zero value)",
    ts: ["flink-fn-execution.ts", "StateDescriptor"],
    py: ["flink_fn_execution_pb2", "StateDescriptor"],
    message: {
      stateName: "counts",
      stateTtlConfig: {
        updateType: 2,
        stateVisibility: 1,
        ttl: 86400000,
        cleanupStrategies: {
          isCleanupInBackground: true,
          strategies: [
            { strategy: 0, emptyStrategy: 0 },
            { strategy: 1, incrementalCleanupStrategy: { cleanupSize: 10, runCleanupForEveryRecord: true } },
            { strategy: 2, rocksdbCompactFilterCleanupStrategy: { queryTimeAfterNumEntries: 1000 } },
          ],
        },
      },
    },
    dict: {
      state_name: "counts",
      state_ttl_config: {
        update_type: "OnReadAndWrite",
        state_visibility: "NeverReturnExpired",
        ttl: "86400000",
        cleanup_strategies: {
          is_cleanup_in_background: true,
          strategies: [
            { empty_strategy: "EMPTY_STRATEGY" },
            { strategy: "INCREMENTAL_CLEANUP", incremental_cleanup_strategy: { cleanup_size: 10, run_cleanup_for_every_record: true } },
            { strategy: "ROCKSDB_COMPACTION_FILTER", rocksdb_compact_filter_cleanup_strategy: { query_time_after_num_entries: "1000" } },
          ],
        },
      },
    },
  },
  {
    name: "crosscheck.Catalog (maps of scalars and messages, proto3 optional, imports, sint64, double)",
    ts: ["crosscheck/catalog.ts", "Catalog"],
    py: ["crosscheck.catalog_pb2", "Catalog"],
    message: {
      name: "winter",
      items: [
        { sku: "A-1", price: { currency: "EUR", units: 12, nanos: 500000000 }, tags: ["red", "wool"], quantity: 3, note: "" },
        { sku: "B-2", madeToOrder: true },
      ],
      // Keys in sorted order: Python's deterministic encoding sorts map keys.
      counters: { sales: -4, views: 9007199254740991 },
      bySlot: { 7: { sku: "C-3", quantity: 0 } },
      status: 2,
      deltas: [-1, 0, 5000000000],
      blob: new Uint8Array([0, 255, 16]),
      ratio: 0.25,
    },
    dict: {
      name: "winter",
      items: [
        { sku: "A-1", price: { currency: "EUR", units: "12", nanos: 500000000 }, tags: ["red", "wool"], quantity: 3, note: "" },
        { sku: "B-2", made_to_order: true },
      ],
      counters: { sales: "-4", views: "9007199254740991" },
      by_slot: { "7": { sku: "C-3", quantity: 0 } },
      status: "RETIRED",
      deltas: ["-1", "0", "5000000000"],
      blob: "AP8Q",
      ratio: 0.25,
    },
  },
];

type PyResult = { dict?: unknown; hex: string };

function runPython(ops: readonly unknown[]): PyResult[] {
  const python = venv.python ?? "python3";
  const result = spawnSync(python, [path.join(fixture, "codec.py"), path.join(generated, "py")], { input: JSON.stringify(ops), encoding: "utf8", timeout: 60_000 });
  if (result.status !== 0) throw new Error(`codec.py failed (${String(result.status)}): ${result.stderr}`);
  return JSON.parse(result.stdout) as PyResult[];
}

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString("hex");

describe("cross-language: ts-proto bindings ↔ _pb2 under the real protobuf runtime", skipUnless(runtime), () => {
  const codecs = new Map<string, Codec>();

  beforeAll(async () => {
    const root = tempDir("xlang-proto");
    cpSync(path.join(repoRoot, "proto"), root, { recursive: true });
    cpSync(path.join(fixture, "proto"), root, { recursive: true });
    rmSync(generated, { recursive: true, force: true });
    mkdirSync(generated, { recursive: true });
    const result = runCli(["--proto-path", root, "--python-out", path.join(generated, "py"), "--ts-out", path.join(generated, "ts"), "--protobuf-python", "6.31.1"], { cacheDir: freshCacheDir() });
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    for (const c of cases) {
      const module = (await import(path.join(generated, "ts", c.ts[0]))) as Record<string, unknown>;
      codecs.set(c.name, module[c.ts[1]] as Codec);
    }
  });

  it("runs the protobuf runtime pip installed", () => {
    expect(venv.protobufVersion ?? "").toMatch(/^6\./);
  });

  for (const c of cases) {
    it(`TypeScript → Python: ${c.name}`, () => {
      const codec = codecs.get(c.name);
      if (codec === undefined) throw new Error(`no codec for ${c.name}`);
      const bytes = codec.encode(codec.fromPartial(c.message)).finish();
      const [decoded] = runPython([{ op: "decode", module: c.py[0], type: c.py[1], hex: hex(bytes) }]);
      expect(decoded?.dict).toEqual(c.dict);
      expect(decoded?.hex).toBe(hex(bytes));
    });

    it(`Python → TypeScript: ${c.name}`, () => {
      const codec = codecs.get(c.name);
      if (codec === undefined) throw new Error(`no codec for ${c.name}`);
      const [encoded] = runPython([{ op: "encode", module: c.py[0], type: c.py[1], dict: c.dict }]);
      const decoded = codec.decode(new Uint8Array(Buffer.from(encoded?.hex ?? "", "hex")));
      expect(decoded).toEqual(codec.fromPartial(c.message));
    });
  }
});
