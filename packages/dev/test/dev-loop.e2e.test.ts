import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requirement, skipUnless } from "@pyflink-devkit/reference-tools";
import { DevProcess, descendantsOf, hasPython311, isAlive, repositoryRoot, save, startOnCopy, stopOnCopy } from "../bench/dev-harness.js";

// The loop needs a Python ≥ 3.11 (the package's requires-python) and pip for its environments.
const hasPython = await hasPython311();
const onLinux = process.platform === "linux"; // /proc is how the test finds the process tree
const pythonRef = requirement(hasPython, "python:3.11+", "interpreter", "no Python 3.11 or newer here (pyenv install 3.12)");
const linuxRef = requirement(onLinux, "platform:linux", "platform", "needs Linux: /proc is how the test finds the process tree");

async function waitUntilGone(pids: readonly number[], ms: number): Promise<number[]> {
  const end = Date.now() + ms;
  let alive = pids.filter(isAlive);
  while (alive.length > 0 && Date.now() < end) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    alive = alive.filter(isAlive);
  }
  return alive;
}

/**
 * A pytest run below `pid`: a process whose command line matches `pattern`, or a fork of the warm
 * pytest worker (same command line as the worker, which is its parent).
 */
async function waitForDescendant(pid: number, pattern: RegExp, ms: number): Promise<{ pid: number; command: string }> {
  const end = Date.now() + ms;
  for (;;) {
    const tree = descendantsOf(pid);
    const workers = new Set(tree.filter((process) => process.command.includes("warm_pytest.py")).map((process) => process.pid));
    const found = tree.find((process) => pattern.test(process.command) || workers.has(process.ppid));
    if (found !== undefined) return found;
    if (Date.now() > end) throw new Error(`no child process matching ${String(pattern)} within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe("pyflink-dev end to end (the built bin on a temp copy of the repository)", skipUnless(pythonRef, linuxRef), () => {
  let started: { project: string; dev: DevProcess } | undefined;
  let project = "";
  let dev: DevProcess;
  const pkg = (file: string): string => path.join(project, "packages/fn-execution-py", file);

  beforeAll(async () => {
    started = await startOnCopy();
    ({ project, dev } = started);
  }, 600_000);

  afterAll(() => stopOnCopy(started));

  it("a .py change runs flake8 on that file and shows its problem; fixing it turns the line green", async () => {
    const module = pkg("src/flink_fn_execution/dev_probe.py");
    const clean = '"""A module the end-to-end test edits."""\n\nVALUE = 1\n';
    let from = dev.lines.length;
    save(module, clean);
    await dev.waitFor(/^✓ flake8 +src\/flink_fn_execution\/dev_probe\.py/, from, 60_000);
    from = dev.lines.length;
    save(module, `import os\n${clean}`);
    const failed = await dev.waitFor(/^✗ flake8 +src\/flink_fn_execution\/dev_probe\.py: 1 problem/, from, 60_000);
    // The problem itself is printed under the line, as flake8 reported it.
    expect(dev.lines[failed.index + 1]?.text).toMatch(/dev_probe\.py:1:1: F401 'os' imported but unused/);
    from = dev.lines.length;
    save(module, clean);
    await dev.waitFor(/^✓ flake8 +src\/flink_fn_execution\/dev_probe\.py/, from, 60_000);
    await dev.waitFor(/^✓ mypy +src\/flink_fn_execution\/dev_probe\.py/, from, 120_000);
    // One line per save, however many events the file system reported for it.
    expect(dev.lines.slice(from).filter((line) => line.text === "changed: src/flink_fn_execution/dev_probe.py")).toHaveLength(1);
  }, 240_000);

  it("a proto change regenerates the bindings, then runs the tests that import them", async () => {
    const proto = path.join(project, "proto/flink-fn-execution.proto");
    const from = dev.lines.length;
    save(proto, `${readFileSync(proto, "utf8")}\nmessage DevLoopProbe {\n  int64 id = 1;\n}\n`);
    await dev.waitFor(/^✓ gen:protos +wrote .*flink_fn_execution_pb2\.py/, from, 60_000);
    // The descriptor bytes escape the name; the builder's offsets line names it plainly.
    expect(readFileSync(pkg("src/flink_fn_execution/flink_fn_execution_pb2.py"), "utf8")).toContain("_globals['_DEVLOOPPROBE']._serialized_start");
    expect(readFileSync(pkg("src/flink_fn_execution/flink_fn_execution_pb2.pyi"), "utf8")).toContain("class DevLoopProbe(_message.Message)");
    // test_round_trip.py imports the bindings; it is the test that runs.
    const tests = await dev.waitFor(/^[✓✗] tests +1 test file/, from, 120_000);
    expect(tests.text.startsWith("✓")).toBe(true);
    // The generated files are not linted as sources (no flake8/mypy run started by them).
    expect(dev.lines.slice(from).some((line) => /^… (flake8|mypy)/.test(line.text))).toBe(false);
  }, 240_000);

  it("a newer save cancels the stale test run and kills its process tree; Ctrl-C leaves no process behind", async () => {
    const slow = pkg("tests/test_slow.py");
    const body = "import time\n\n\ndef test_slow() -> None:\n    time.sleep(60)\n";
    save(slow, body);
    const first = await waitForDescendant(dev.child.pid ?? -1, /pytest.*test_slow\.py/, 30_000);

    const from = dev.lines.length;
    save(slow, `${body}\n`);
    await dev.waitFor(/^⊘ tests/, from, 30_000);
    expect(await waitUntilGone([first.pid], 5000)).toEqual([]);
    const second = await waitForDescendant(dev.child.pid ?? -1, /pytest.*test_slow\.py/, 30_000);
    expect(second.pid).not.toBe(first.pid);

    const tree = descendantsOf(dev.child.pid ?? -1).map((process) => process.pid);
    expect(tree.length).toBeGreaterThan(0);
    const code = await dev.interrupt();
    expect(code).toBe(130);
    expect(await waitUntilGone(tree, 5000)).toEqual([]);
  }, 180_000);
});

/**
 * A flink-python directory in Flink's layout: pyflink/proto, packages with tests beside them, the
 * [flake8] and [mypy] config in tox.ini (max-line-length 100, generated files excluded) as Flink has
 * them. The project's dependency (protobuf) matches this repository's package, so the cached
 * environments are shared.
 */
function flinkPython(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "pyflink-dev-flink-"));
  const files: Record<string, string> = {
    "pyproject.toml": '[project]\nname = "apache-flink-e2e"\nversion = "0"\nrequires-python = ">=3.11"\ndependencies = ["protobuf>=6.31.1,<7"]\n',
    "tox.ini": "[flake8]\nmax-line-length=100\nexclude=.tox/*,dev/*,pyflink/fn_execution/*_pb2.py*\n\n[mypy]\nignore_missing_imports = True\n\n[mypy-pyflink.fn_execution.*]\nignore_errors = True\n",
    "pyflink/__init__.py": "",
    "pyflink/proto/flink-fn-execution.proto": readFileSync(path.join(repositoryRoot, "proto/flink-fn-execution.proto"), "utf8"),
    "pyflink/fn_execution/__init__.py": "",
    "pyflink/fn_execution/tests/__init__.py": "",
    "pyflink/fn_execution/tests/test_bindings.py":
      "from pyflink.fn_execution import flink_fn_execution_pb2 as pb\n\n\ndef test_job_parameter() -> None:\n    assert pb.JobParameter(key='a', value='b').SerializeToString() == b'\\n\\x01a\\x12\\x01b'\n",
    "pyflink/common/__init__.py": "",
    "pyflink/common/configuration.py": '"""Configuration."""\n\nDEFAULT = 1\n',
  };
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), content);
  }
  return dir;
}

describe("pyflink-dev --project <flink-python> (Flink's layout)", skipUnless(pythonRef), () => {
  let flink = "";
  let dev: DevProcess;

  beforeAll(async () => {
    flink = flinkPython();
    dev = new DevProcess(flink, ["--project", flink]);
    await dev.waitFor(/^pyflink-dev: ready/, 0, 540_000);
  }, 600_000);

  afterAll(async () => {
    if (dev.child.exitCode === null) await dev.interrupt();
    rmSync(flink, { recursive: true, force: true });
  });

  it("a proto save writes pyflink/fn_execution's pb2 and pyi with Flink's header, then runs the tests importing them", async () => {
    const from = dev.lines.length;
    const proto = path.join(flink, "pyflink/proto/flink-fn-execution.proto");
    save(proto, `${readFileSync(proto, "utf8")}\n`);
    await dev.waitFor(/^✓ gen:protos +wrote flink_fn_execution_pb2\.pyi?, flink_fn_execution_pb2\.pyi?/, from, 60_000);
    const pb2 = readFileSync(path.join(flink, "pyflink/fn_execution/flink_fn_execution_pb2.py"), "utf8");
    expect(pb2.startsWith("################################################################################\n#  Licensed to the Apache Software Foundation (ASF)")).toBe(true);
    const tests = await dev.waitFor(/^[✓✗] tests +1 test file/, from, 120_000);
    expect(tests.text.startsWith("✓")).toBe(true);
    // No TypeScript in Flink's layout.
    expect(dev.lines.slice(from).some((line) => line.text.includes("gen:ts"))).toBe(false);
  }, 240_000);

  it("flake8 reads Flink's tox.ini: a 90-character line passes, an unused import fails", async () => {
    const module = path.join(flink, "pyflink/common/configuration.py");
    const long = `"""Configuration."""\n\nDEFAULT = 1\nLONG_NAME = "${"x".repeat(70)}"\n`;
    let from = dev.lines.length;
    save(module, long);
    await dev.waitFor(/^✓ flake8 +pyflink\/common\/configuration\.py/, from, 60_000);
    from = dev.lines.length;
    save(module, `import os\n${long}`);
    const failed = await dev.waitFor(/^✗ flake8 +pyflink\/common\/configuration\.py: 1 problem/, from, 60_000);
    expect(dev.lines[failed.index + 1]?.text).toMatch(/configuration\.py:1:1: F401/);
  }, 240_000);
});
