// The built pyflink-dev bin with the real tools (codegen, flake8, mypy, pytest) on a temp copy of
// this repository, under every save style: each save leads to exactly one up-to-date result.
import { readFileSync, unlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SAVE_STYLES, hasPython311, startOnCopy, stopOnCopy, type DevProcess } from "../bench/dev-harness.js";
import { requirement, skipUnless } from "@pyflink-devkit/reference-tools";

const hasPython = await hasPython311();
if (!hasPython) console.warn("skipping the save-style end-to-end tests: no Python >= 3.11 found (the package's requires-python)");

// Each .py save imports a different unused module, so flake8's finding names the newest content.
const UNUSED = ["os", "sys", "json"] as const;
// After a result, this long with no second run for the same save.
const QUIET_MS = 400;

describe("pyflink-dev (built bin, real tools) under every save style", skipUnless(requirement(hasPython, "python:3.11+", "interpreter", "no Python >= 3.11 found (pyenv install 3.12)")), () => {
  let started: { project: string; dev: DevProcess } | undefined;
  let project = "";
  let dev: DevProcess;
  const pkg = (file: string): string => path.join(project, "packages/fn-execution-py", file);

  beforeAll(async () => {
    started = await startOnCopy(
      (copy) => ["--project", copy],
      (copy) => { writeFileSync(path.join(copy, "packages/fn-execution-py/src/flink_fn_execution/edited.py"), '"""Edited by the save-style test."""\n\nVALUE = 0\n'); },
    );
    ({ project, dev } = started);
  }, 600_000);

  afterAll(() => stopOnCopy(started));

  const quiet = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, QUIET_MS));
  const since = (from: number, pattern: RegExp): string[] => dev.lines.slice(from).map((line) => line.text).filter((text) => pattern.test(text));

  for (const [name, style] of Object.entries(SAVE_STYLES)) {
    it(`${name}: three saves of a .py, each one flake8 result for the newest content`, async () => {
      const file = pkg("src/flink_fn_execution/edited.py");
      for (const [index, module] of UNUSED.entries()) {
        const from = dev.lines.length;
        style(file, `import ${module}\n"""Edited by the save-style test (${name}, save ${index + 1})."""\n\nVALUE = ${index + 1}\n`);
        const failed = await dev.waitFor(/^✗ flake8 +src\/flink_fn_execution\/edited\.py: 1 problem/, from, 60_000);
        expect(dev.lines[failed.index + 1]?.text).toMatch(new RegExp(`edited\\.py:1:1: F401 '${module}' imported but unused`));
        await dev.waitFor(/^[✓✗] mypy +src\/flink_fn_execution\/edited\.py/, from, 120_000);
        await quiet();
        expect(since(from, /^changed: src\/flink_fn_execution\/edited\.py$/)).toHaveLength(1);
        expect(since(from, /^[✓✗⊘] flake8 /)).toHaveLength(1);
        expect(since(from, /^[✓✗⊘] mypy /)).toHaveLength(1);
      }
    }, 300_000);

    it(`${name}: three saves of the .proto, each one regeneration holding the newest message`, async () => {
      const proto = path.join(project, "proto/flink-fn-execution.proto");
      const base = readFileSync(proto, "utf8");
      for (let save = 1; save <= 3; save++) {
        const message = `Probe${name.replace(/[^A-Za-z]/g, "")}Save${save}`;
        const from = dev.lines.length;
        style(proto, `${base}\nmessage ${message} {\n  int64 id = 1;\n}\n`);
        await dev.waitFor(/^✓ gen:protos +wrote .*flink_fn_execution_pb2\.py/, from, 60_000);
        expect(readFileSync(pkg("src/flink_fn_execution/flink_fn_execution_pb2.pyi"), "utf8")).toContain(`class ${message}(_message.Message)`);
        await dev.waitFor(/^[✓✗] tests +1 test file/, from, 120_000);
        await quiet();
        expect(since(from, /^changed: \.\.\/\.\.\/proto\/flink-fn-execution\.proto$/)).toHaveLength(1);
        expect(since(from, /^[✓✗⊘] gen:protos /)).toHaveLength(1);
      }
      writeFileSync(proto, base);
      await dev.waitFor(/^✓ gen:protos +wrote/, dev.lines.length - 1, 60_000).catch(() => undefined);
    }, 300_000);
  }

  it("an unchanged save runs nothing and says so; deleting the proto reports it, recreating resumes", async () => {
    const proto = path.join(project, "proto/flink-fn-execution.proto");
    const content = readFileSync(proto, "utf8");
    let from = dev.lines.length;
    writeFileSync(proto, content);
    await dev.waitFor(/^unchanged: \.\.\/\.\.\/proto\/flink-fn-execution\.proto \(same content as before; nothing to run\)/, from, 30_000);
    await quiet();
    expect(since(from, /gen:protos/)).toEqual([]);

    const pb2 = readFileSync(pkg("src/flink_fn_execution/flink_fn_execution_pb2.py"), "utf8");
    from = dev.lines.length;
    unlinkSync(proto);
    await dev.waitFor(/^✗ gen:protos +\.\.\/\.\.\/proto\/flink-fn-execution\.proto deleted: the bindings are left as they were; recreate it/, from, 30_000);
    expect(readFileSync(pkg("src/flink_fn_execution/flink_fn_execution_pb2.py"), "utf8")).toBe(pb2);

    from = dev.lines.length;
    writeFileSync(proto, `${content}\nmessage Recreated {\n  int64 id = 1;\n}\n`);
    await dev.waitFor(/^created: \.\.\/\.\.\/proto\/flink-fn-execution\.proto$/, from, 30_000);
    await dev.waitFor(/^✓ gen:protos +wrote/, from, 60_000);
    expect(readFileSync(pkg("src/flink_fn_execution/flink_fn_execution_pb2.pyi"), "utf8")).toContain("class Recreated(_message.Message)");
  }, 180_000);
});
