import { mkdirSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SAVE_STYLES } from "../bench/dev-harness.js";
import { LiveView, resolveLayout, startDevLoop, type DevLoop, type DevTaskRunners } from "../src/index.js";

// The real watcher (chokidar) and loop on a real directory tree; only the tools are fakes that
// record what they were run on and what the file held when they ran.
const files: Record<string, string> = {
  "pyflink/__init__.py": "",
  "pyflink/proto/flink-fn-execution.proto": 'syntax = "proto3";\n',
  "pyflink/fn_execution/__init__.py": "",
  "pyflink/fn_execution/flink_fn_execution_pb2.py": "",
  "pyflink/edited/__init__.py": "",
  "pyflink/edited/module.py": "X = 0\n",
};

describe("the dev loop under every save style (real watcher, fake tools)", () => {
  let root = "";
  let loop: DevLoop;
  const out: string[] = [];
  const runs: { task: string; content: string }[] = [];
  const at = (file: string): string => path.join(root, file);
  const pyFile = (): string => at("pyflink/edited/module.py");
  const protoFile = (): string => at("pyflink/proto/flink-fn-execution.proto");

  beforeAll(async () => {
    root = mkdtempSync(path.join(tmpdir(), "dev-save-styles-"));
    for (const [file, content] of Object.entries(files)) {
      mkdirSync(path.dirname(at(file)), { recursive: true });
      writeFileSync(at(file), content);
    }
    const runners: DevTaskRunners = {
      checksFor: () => ["flake8"],
      genProtos: () => {
        runs.push({ task: "gen:protos", content: readFileSync(protoFile(), "utf8") });
        return Promise.resolve({ status: "ok", summary: "wrote flink_fn_execution_pb2.py", writtenPython: [] });
      },
      check: (check, checked) => {
        for (const file of checked) runs.push({ task: check, content: readFileSync(file, "utf8") });
        return Promise.resolve({ status: "ok", summary: "fine" });
      },
    };
    const view = new LiveView({ stream: { write: (text: string) => out.push(...text.split("\n").filter((line) => line !== "")) }, plain: true });
    loop = startDevLoop({ layout: resolveLayout("flink", root), runners, view, debounceMs: 60 });
    await loop.ready;
  });

  afterAll(async () => {
    await loop.close();
    rmSync(root, { recursive: true, force: true });
  });

  /** Saves, waits for the loop to act and settle, and returns what happened since. */
  async function saveAndSettle(style: (file: string, content: string) => void, file: string, content: string): Promise<{ lines: string[]; runs: typeof runs }> {
    const fromLine = out.length;
    const fromRun = runs.length;
    style(file, content);
    const shown = path.relative(root, file);
    const end = Date.now() + 30_000;
    while (!out.slice(fromLine).some((line) => line.endsWith(`: ${shown}`) || line.startsWith(`unchanged: ${shown}`)) && Date.now() < end) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await loop.idle();
    // Late events of the same save (a rename's second half) would show up here as a second run.
    await new Promise((resolve) => setTimeout(resolve, 250));
    await loop.idle();
    return { lines: out.slice(fromLine), runs: runs.slice(fromRun) };
  }

  for (const [name, style] of Object.entries(SAVE_STYLES)) {
    it(`${name}: three saves of a .py and of a .proto, each exactly one up-to-date run`, async () => {
      for (const [file, task, comment] of [[pyFile(), "flake8", "#"], [protoFile(), "gen:protos", "//"]] as const) {
        const base = readFileSync(file, "utf8");
        for (let save = 1; save <= 3; save++) {
          const content = `${base}${comment} ${name} save ${save}\n`;
          const happened = await saveAndSettle(style, file, content);
          const shown = path.relative(root, file);
          expect(happened.lines.filter((line) => line === `changed: ${shown}`), `${name} save ${save} of ${shown}:\n${happened.lines.join("\n")}`).toHaveLength(1);
          const own = happened.runs.filter((run) => run.task === task);
          expect(own.map((run) => run.content), `${name} save ${save} of ${shown}`).toEqual([content]);
        }
      }
    });
  }

  it("a save with unchanged content runs nothing, and the view says so", async () => {
    const content = readFileSync(pyFile(), "utf8");
    const happened = await saveAndSettle(SAVE_STYLES["in place"] ?? writeFileSync, pyFile(), content);
    expect(happened.runs).toEqual([]);
    expect(happened.lines).toContain("unchanged: pyflink/edited/module.py (same content as before; nothing to run)");
  });

  it("a directory created with a module in it, then removed: created, then deleted", async () => {
    const fromLine = out.length;
    mkdirSync(at("pyflink/fresh"));
    writeFileSync(at("pyflink/fresh/__init__.py"), "");
    const created = await saveAndSettle(writeFileSync, at("pyflink/fresh/new_module.py"), "Y = 1\n");
    expect(created.lines).toContain("created: pyflink/fresh/new_module.py");
    expect(created.runs.filter((run) => run.task === "flake8").map((run) => run.content)).toContain("Y = 1\n");
    const removed = await saveAndSettle((file) => { rmSync(path.dirname(file), { recursive: true }); }, at("pyflink/fresh/new_module.py"), "");
    expect(removed.lines).toContain("deleted: pyflink/fresh/new_module.py");
    expect(removed.runs).toEqual([]);
    expect(out.slice(fromLine).filter((line) => line === "created: pyflink/fresh/new_module.py")).toHaveLength(1);
  });

  it("deleting the proto reports it and leaves the bindings alone; recreating it resumes", async () => {
    const content = readFileSync(protoFile(), "utf8");
    const deleted = await saveAndSettle((file) => { unlinkSync(file); }, protoFile(), "");
    expect(deleted.lines).toContain("deleted: pyflink/proto/flink-fn-execution.proto");
    expect(deleted.runs).toEqual([]);
    expect(deleted.lines.some((line) => /^✗ gen:protos +pyflink\/proto\/flink-fn-execution\.proto deleted: the bindings are left as they were; recreate it/.test(line))).toBe(true);
    const recreated = await saveAndSettle(writeFileSync, protoFile(), `${content}// back\n`);
    expect(recreated.lines).toContain("created: pyflink/proto/flink-fn-execution.proto");
    expect(recreated.runs).toEqual([{ task: "gen:protos", content: `${content}// back\n` }]);
  });

  it("the watched directory itself removed and created again (a branch switch): later saves are still seen", async () => {
    const kept = Object.entries(files).map(([file]) => ({ file, content: readFileSync(at(file), "utf8") }));
    rmSync(at("pyflink"), { recursive: true });
    await new Promise((resolve) => setTimeout(resolve, 200));
    for (const { file, content } of kept) {
      mkdirSync(path.dirname(at(file)), { recursive: true });
      writeFileSync(at(file), content);
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
    await loop.idle();
    const content = `${readFileSync(pyFile(), "utf8")}# after the switch\n`;
    const happened = await saveAndSettle(writeFileSync, pyFile(), content);
    expect(happened.lines).toContain("changed: pyflink/edited/module.py");
    expect(happened.runs.filter((run) => run.task === "flake8").map((run) => run.content)).toEqual([content]);
  });
});
