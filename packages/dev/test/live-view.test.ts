import { describe, expect, it } from "vitest";
import { LiveView, formatTaskLine } from "../src/index.js";

function sink(isTTY: boolean) {
  const writes: string[] = [];
  return { writes, stream: { isTTY, write: (text: string) => writes.push(text) } };
}

describe("formatTaskLine", () => {
  it("one line: symbol, padded task, summary, seconds", () => {
    expect(formatTaskLine("flake8", { status: "ok", summary: "a.py", durationMs: 420 })).toBe("✓ flake8     a.py  0.42s");
    expect(formatTaskLine("tests", { status: "failed", summary: "1 test file: 2 problems", durationMs: 1500 })).toBe("✗ tests      1 test file: 2 problems  1.50s");
    expect(formatTaskLine("gen:protos", { status: "cancelled", summary: "stale" })).toBe("⊘ gen:protos stale");
  });
});

describe("LiveView, plain (not a TTY, or CI=true)", () => {
  it("prints a line when a task starts and when it ends, never cursor movement", () => {
    const { writes, stream } = sink(false);
    const view = new LiveView({ stream });
    expect(view.plain).toBe(true);
    view.set("flake8", { status: "queued", summary: "a.py" });
    view.set("flake8", { status: "running", summary: "a.py" });
    view.set("flake8", { status: "running", summary: "a.py" });
    view.set("flake8", { status: "failed", summary: "a.py: 1 problem", durationMs: 100, details: ["a.py:1:1: F401 'os' imported but unused", "log: /x.log"] });
    view.log("changed: a.py");
    expect(writes.join("")).toBe(
      "… flake8     a.py\n✗ flake8     a.py: 1 problem  0.10s\n    a.py:1:1: F401 'os' imported but unused\n    log: /x.log\nchanged: a.py\n",
    );
    expect(writes.join("")).not.toContain("\u001b[");
  });

  it("is forced by plain: true even on a TTY", () => {
    const { stream } = sink(true);
    expect(new LiveView({ stream, plain: true }).plain).toBe(true);
  });
});

describe("LiveView on a TTY", () => {
  it("redraws one block in place: one line per task in the given order, the failed one's problems under it", () => {
    const { writes, stream } = sink(true);
    let now = 0;
    const view = new LiveView({ stream, order: ["gen:protos", "flake8", "mypy"], maxDetails: 1, now: () => now });
    view.set("mypy", { status: "running", summary: "a.py" });
    view.set("flake8", { status: "running", summary: "a.py" });
    now = 1250;
    expect(view.render()).toEqual(["… flake8     a.py  1.25s", "… mypy       a.py  1.25s"]);
    view.set("flake8", { status: "failed", summary: "a.py: 2 problems", durationMs: 300, details: ["a.py:1:1: F401", "a.py:2:1: E302"] });
    expect(view.render()).toEqual(["✗ flake8     a.py: 2 problems  0.30s", "    a.py:1:1: F401", "    … and 1 more", "… mypy       a.py  1.25s"]);
    // The last write moved the cursor up over the previous block (2 lines) and cleared it.
    expect(writes.at(-1)?.startsWith("\u001b[2A\r\u001b[J")).toBe(true);
    view.close();
  });

  it("cuts lines to the terminal width so the redraw can count them", () => {
    const writes: string[] = [];
    const view = new LiveView({ stream: { isTTY: true, columns: 20, write: (text: string) => writes.push(text) } });
    view.set("mypy", { status: "ok", summary: "a/very/long/path/to/a/module.py", durationMs: 10 });
    expect(writes.at(-1)).toBe("\r\u001b[J✓ mypy       a/ver…\n");
    view.close();
  });

  it("puts log messages above the block and redraws it below", () => {
    const { writes, stream } = sink(true);
    const view = new LiveView({ stream });
    view.set("tests", { status: "ok", summary: "1 test file", durationMs: 10 });
    view.log("changed: b.py");
    expect(writes.at(-2)).toBe("\u001b[1A\r\u001b[Jchanged: b.py\n");
    expect(writes.at(-1)).toBe("\r\u001b[J✓ tests      1 test file  0.01s\n");
    view.close();
  });
});
