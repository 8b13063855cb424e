// The built pyflink-dev bin on a temp copy of a real Flink checkout's flink-python, with Flink's own
// tool pins (flake8, mypy from its dependency groups) and its real test of the bindings.
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { discoverInterpreters } from "@pyflink-devkit/python-env";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DevProcess, SAVE_STYLES, repositoryRoot } from "../bench/dev-harness.js";
import { requirement, skipUnless } from "@pyflink-devkit/reference-tools";

const checkout = path.resolve(repositoryRoot, "..", "shared", "fixtures", "flink-checkout", "flink-python");
const interpreters = await discoverInterpreters().catch(() => []);
// Flink's bindings test runs gen_protos.py with grpcio-tools 1.80.0, which Flink pins for Python >= 3.10 only.
const python = ["3.11", "3.12", "3.10"].find((minor) => interpreters.some((interpreter) => interpreter.minor === minor));
const skip = !existsSync(checkout) ? `${checkout} is absent (../shared is only present in the project's own setup)` : python === undefined ? "no Python 3.10-3.12 found" : undefined;
if (skip !== undefined) console.warn(`skipping the Flink-checkout dev loop tests: ${skip}`);

describe("pyflink-dev --project <copy of a real flink-python>", skipUnless(requirement(existsSync(checkout), "fixture:flink-checkout", "fixture", skip ?? ""), requirement(python !== undefined, "python:3.10-3.12", "interpreter", skip ?? "")), () => {
  let copy = "";
  let dev: DevProcess;
  const at = (file: string): string => path.join(copy, file);

  beforeAll(async () => {
    copy = path.join(mkdtempSync(path.join(tmpdir(), "pyflink-dev-flink-")), "flink-python");
    cpSync(checkout, copy, { recursive: true });
    dev = new DevProcess(copy, ["--project", copy, "--python", python ?? "3.11"]);
    // The first run on a machine builds Flink's lint and test environments from its pins (minutes).
    await dev.waitFor(/^pyflink-dev: ready/, 0, 900_000);
  }, 960_000);

  afterAll(async () => {
    if (dev.child.exitCode === null) await dev.interrupt();
    rmSync(path.dirname(copy), { recursive: true, force: true });
  });

  it("a proto save regenerates Flink's bindings in the checkout's format and runs test_flink_fn_execution_pb2.py; the original proto gives back the committed files byte for byte", async () => {
    const proto = at("pyflink/proto/flink-fn-execution.proto");
    const original = readFileSync(proto, "utf8");
    const committed = { py: readFileSync(at("pyflink/fn_execution/flink_fn_execution_pb2.py"), "utf8"), pyi: readFileSync(at("pyflink/fn_execution/flink_fn_execution_pb2.pyi"), "utf8") };
    const release = /^# Protobuf Python Version: (.+)$/m.exec(committed.py)?.[1];
    expect(release).toBeDefined();

    let from = dev.lines.length;
    SAVE_STYLES["rename over"]?.(proto, `${original}\nmessage DevLoopProbe {\n  int64 id = 1;\n}\n`);
    await dev.waitFor(/^✓ gen:protos +wrote flink_fn_execution_pb2\.pyi?, flink_fn_execution_pb2\.pyi?/, from, 60_000);
    const written = readFileSync(at("pyflink/fn_execution/flink_fn_execution_pb2.py"), "utf8");
    expect(written).toContain(`# Protobuf Python Version: ${release ?? "?"}`);
    expect(written.slice(0, 200)).toBe(committed.py.slice(0, 200)); // Flink's license header, as committed
    expect(readFileSync(at("pyflink/fn_execution/flink_fn_execution_pb2.pyi"), "utf8")).toContain("class DevLoopProbe(_message.Message)");
    await dev.waitFor(/^✓ tests +1 test file \(pyflink\/fn_execution\/tests\/test_flink_fn_execution_pb2\.py::FlinkFnExecutionTests::test_flink_fn_execution_pb2_synced\)/, from, 300_000);

    from = dev.lines.length;
    SAVE_STYLES["sed -i"]?.(proto, original);
    await dev.waitFor(/^✓ gen:protos +wrote/, from, 60_000);
    // Independent of our generator: the committed files were written by Flink's gen_protos.py with real protoc.
    expect(readFileSync(at("pyflink/fn_execution/flink_fn_execution_pb2.py"), "utf8")).toBe(committed.py);
    expect(readFileSync(at("pyflink/fn_execution/flink_fn_execution_pb2.pyi"), "utf8")).toBe(committed.pyi);
    await dev.waitFor(/^✓ tests +1 test file \(pyflink\/fn_execution\/tests\/test_flink_fn_execution_pb2\.py::FlinkFnExecutionTests::test_flink_fn_execution_pb2_synced\)/, from, 300_000);
  }, 700_000);

  it("a .py save runs Flink's pinned flake8 and mypy on that file and shows the finding as file:line", async () => {
    const module = at("pyflink/common/configuration.py");
    const original = readFileSync(module, "utf8");
    let from = dev.lines.length;
    writeFileSync(module, `import os\n${original}`);
    const failed = await dev.waitFor(/^✗ flake8 +pyflink\/common\/configuration\.py: 1 problem/, from, 120_000);
    expect(dev.lines[failed.index + 1]?.text).toMatch(/pyflink\/common\/configuration\.py:1:1: F401 'os' imported but unused/);
    await dev.waitFor(/^[✓✗] mypy +pyflink\/common\/configuration\.py/, from, 300_000);

    from = dev.lines.length;
    SAVE_STYLES["rename over"]?.(module, original);
    await dev.waitFor(/^✓ flake8 +pyflink\/common\/configuration\.py/, from, 120_000);
    await dev.waitFor(/^✓ mypy +pyflink\/common\/configuration\.py/, from, 300_000);
  }, 700_000);

  it("a .py outside tox.ini's [mypy] files is linted but not type-checked, and its module's tests that need the Java build say so", async () => {
    const module = at("pyflink/fn_execution/coders.py");
    const original = readFileSync(module, "utf8");
    const from = dev.lines.length;
    SAVE_STYLES["delete + create"]?.(module, `${original}# edited\n`);
    await dev.waitFor(/^✓ flake8 +pyflink\/fn_execution\/coders\.py/, from, 120_000);
    await dev.waitFor(/^✓ mypy +skipped: no changed Python files within .*tox\.ini/, from, 120_000);
    await dev.waitFor(/^✓ tests +skipped: .*need Flink's Java build/, from, 120_000);
  }, 300_000);
});
