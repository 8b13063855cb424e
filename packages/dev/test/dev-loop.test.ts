import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it, vi } from "vitest";
import { LiveView, resolveLayout, startDevLoop, type DevTaskOutcome, type DevTaskRunners, type PythonCheck } from "../src/index.js";

/** How long to wait for an event before the test fails; generous for a loaded machine. */
const WAIT = { timeout: 20_000, interval: 10 };

function flinkTree(): string {
  const root = mkdtempSync(path.join(tmpdir(), "dev-loop-"));
  const files: Record<string, string> = {
    "pyflink/__init__.py": "",
    "pyflink/proto/flink-fn-execution.proto": "",
    "pyflink/common/__init__.py": "",
    "pyflink/common/config.py": "",
    "pyflink/common/lonely.py": "",
    "pyflink/common/tests/__init__.py": "",
    "pyflink/common/tests/test_config.py": "from pyflink.common.config import X\n",
    "pyflink/fn_execution/__init__.py": "",
    "pyflink/fn_execution/flink_fn_execution_pb2.py": "",
    "pyflink/fn_execution/tests/__init__.py": "",
    "pyflink/fn_execution/tests/test_coders.py": "from pyflink.fn_execution import flink_fn_execution_pb2\n",
  };
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), content);
  }
  return root;
}

/** Runners that record their calls; `hold` keeps a check running until aborted. */
function fakeRunners(root: string, hold: ReadonlySet<PythonCheck> = new Set()) {
  const calls: string[] = [];
  const aborted: string[] = [];
  const runners: DevTaskRunners = {
    checksFor: () => ["flake8", "mypy"],
    genProtos: () => {
      calls.push("gen:protos");
      return Promise.resolve({ status: "ok", summary: "wrote flink_fn_execution_pb2.py", writtenPython: [path.join(root, "pyflink/fn_execution/flink_fn_execution_pb2.py")] });
    },
    check: (check, files, signal) => {
      const call = `${check} ${files.map((file) => path.relative(root, file)).join(" ")}`;
      calls.push(call);
      if (!hold.has(check)) return Promise.resolve<DevTaskOutcome>({ status: "ok", summary: "fine" });
      return new Promise((resolve) => {
        signal.addEventListener("abort", () => {
          aborted.push(call);
          resolve({ status: "failed", summary: "cancelled" });
        });
      });
    },
  };
  return { calls, aborted, runners };
}

function plainView() {
  const out: string[] = [];
  return { out, view: new LiveView({ stream: { write: (text: string) => out.push(text) }, plain: true }) };
}

describe("startDevLoop (real scheduler and classifier, fake tools)", () => {
  it("a .py save runs flake8 and mypy on the file and the module's tests", async () => {
    const root = flinkTree();
    const { calls, runners } = fakeRunners(root);
    const { out, view } = plainView();
    const loop = startDevLoop({ layout: resolveLayout("flink", root), runners, view, debounceMs: 5, watch: false });
    loop.notify(path.join(root, "pyflink/common/config.py"));
    loop.notify(path.join(root, "pyflink/common/config.py"));
    await loop.idle();
    expect(calls.sort()).toEqual(["flake8 pyflink/common/config.py", "mypy pyflink/common/config.py", "tests pyflink/common/tests/test_config.py"]);
    // Two events for one save: one announcement, one run per check.
    expect(out.filter((line) => line.startsWith("changed:"))).toEqual(["changed: pyflink/common/config.py\n"]);
    await loop.close();
    rmSync(root, { recursive: true });
  });

  it("a proto save regenerates, then runs the tests importing the bindings — and never lints the generated file", async () => {
    const root = flinkTree();
    const { calls, runners } = fakeRunners(root);
    const { out, view } = plainView();
    const loop = startDevLoop({ layout: resolveLayout("flink", root), runners, view, debounceMs: 5, watch: false });
    loop.notify(path.join(root, "pyflink/proto/flink-fn-execution.proto"));
    loop.notify(path.join(root, "pyflink/fn_execution/flink_fn_execution_pb2.py")); // what gen:protos writes
    await loop.idle();
    expect(calls).toEqual(["gen:protos", "tests pyflink/fn_execution/tests/test_coders.py"]);
    expect(out.join("")).toMatch(/✓ gen:protos wrote flink_fn_execution_pb2\.py/);
    await loop.close();
    rmSync(root, { recursive: true });
  });

  it("with TypeScript bindings: gen:ts follows gen:protos, beside the tests", async () => {
    const root = flinkTree();
    const { calls, runners } = fakeRunners(root);
    const withTs = {
      ...runners,
      genTypeScript: () => {
        calls.push("gen:ts");
        return Promise.resolve<DevTaskOutcome>({ status: "ok", summary: "wrote flink-fn-execution.ts" });
      },
    };
    const { out, view } = plainView();
    const loop = startDevLoop({ layout: resolveLayout("flink", root), runners: withTs, view, debounceMs: 5, watch: false });
    loop.notify(path.join(root, "pyflink/proto/flink-fn-execution.proto"));
    await loop.idle();
    expect(calls[0]).toBe("gen:protos");
    expect(calls.slice(1).sort()).toEqual(["gen:ts", "tests pyflink/fn_execution/tests/test_coders.py"]);
    expect(out.join("")).toContain("✓ gen:ts     wrote flink-fn-execution.ts");
    await loop.close();
    rmSync(root, { recursive: true });
  });

  it("a module without tests says so instead of running the whole suite", async () => {
    const root = flinkTree();
    const { calls, runners } = fakeRunners(root);
    const { out, view } = plainView();
    const loop = startDevLoop({ layout: resolveLayout("flink", root), runners, view, debounceMs: 5, watch: false });
    loop.notify(path.join(root, "pyflink/common/lonely.py"));
    await loop.idle();
    expect(calls.some((call) => call.startsWith("tests"))).toBe(false);
    expect(out.join("")).toContain("✓ tests      no tests for pyflink/common/lonely.py");
    await loop.close();
    rmSync(root, { recursive: true });
  });

  it("a newer save aborts the running check and shows it as cancelled; close() aborts what still runs", async () => {
    const root = flinkTree();
    const { calls, aborted, runners } = fakeRunners(root, new Set(["mypy"]));
    const { out, view } = plainView();
    const loop = startDevLoop({ layout: resolveLayout("flink", root), runners, view, debounceMs: 5, watch: false });
    const file = path.join(root, "pyflink/common/config.py");
    const mypyCalls = () => calls.filter((call) => call.startsWith("mypy")).length;
    writeFileSync(file, "X = 1\n");
    loop.notify(file);
    // Wait for events, not for a time: a loaded machine may take long to get there.
    await vi.waitFor(() => { expect(mypyCalls()).toBe(1); }, WAIT);
    writeFileSync(file, "X = 2\n");
    loop.notify(file);
    await vi.waitFor(() => { expect(mypyCalls()).toBe(2); }, WAIT);
    expect(aborted).toEqual(["mypy pyflink/common/config.py"]);
    expect(out.join("")).toContain("⊘ mypy       stale: a newer change restarts it");
    await loop.close();
    expect(aborted).toHaveLength(2);
    rmSync(root, { recursive: true });
  });

  it("watches the file system for real: a write under pyflink/ reaches the runners", async () => {
    const root = flinkTree();
    const { calls, runners } = fakeRunners(root);
    const { view } = plainView();
    const loop = startDevLoop({ layout: resolveLayout("flink", root), runners, view, debounceMs: 20 });
    await loop.ready;
    writeFileSync(path.join(root, "pyflink/common/config.py"), "X = 1\n");
    await vi.waitFor(() => { expect(calls.length).toBeGreaterThanOrEqual(3); }, WAIT);
    await loop.idle();
    expect(calls.sort()).toEqual(["flake8 pyflink/common/config.py", "mypy pyflink/common/config.py", "tests pyflink/common/tests/test_config.py"]);
    await loop.close();
    rmSync(root, { recursive: true });
  });
});
