import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { classifyChange, moduleName, resolveLayout, testsForModule, testsImportingBindings } from "../src/index.js";

function tree(files: Readonly<Record<string, string>>): string {
  const root = mkdtempSync(path.join(tmpdir(), "dev-layout-"));
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), content);
  }
  return root;
}

// Flink's own layout (flink-python/): pyflink/proto, packages with __init__.py, tests beside them.
const flink = tree({
  "pyflink/__init__.py": "",
  "pyflink/proto/flink-fn-execution.proto": "syntax = \"proto3\";\n",
  "pyflink/common/__init__.py": "",
  "pyflink/common/configuration.py": "class Configuration: ...\n",
  "pyflink/common/types.py": "",
  "pyflink/common/tests/__init__.py": "",
  "pyflink/common/tests/test_configuration.py": "from pyflink.common import Configuration\n",
  "pyflink/common/tests/test_types.py": "from pyflink.common.types import Row\n",
  "pyflink/table/__init__.py": "",
  "pyflink/table/tests/__init__.py": "",
  "pyflink/table/tests/test_udf.py": "from pyflink.common.configuration import Configuration\n",
  "pyflink/fn_execution/__init__.py": "",
  "pyflink/fn_execution/flink_fn_execution_pb2.py": "",
  "pyflink/fn_execution/tests/__init__.py": "",
  "pyflink/fn_execution/tests/test_flink_fn_execution_pb2_synced.py": "from pyflink.fn_execution import flink_fn_execution_pb2\n",
  "pyflink/fn_execution/tests/test_coders.py": "import pyflink.fn_execution.flink_fn_execution_pb2 as pb2\n",
  "pyflink/fn_execution/tests/test_other.py": "import os\n",
  ".tox/py311/lib/site.py": "",
});

const devkit = tree({
  "pnpm-workspace.yaml": "",
  "proto/flink-fn-execution.proto": "",
  "packages/fn-execution-py/pyproject.toml": "",
  "packages/fn-execution-py/src/flink_fn_execution/__init__.py": "",
  "packages/fn-execution-py/src/flink_fn_execution/flink_fn_execution_pb2.py": "",
  "packages/fn-execution-py/tests/test_bindings.py": "from flink_fn_execution import flink_fn_execution_pb2\n",
  "packages/fn-execution-py/tests/test_plain.py": "import json\n",
});

describe("resolveLayout", () => {
  it("maps a flink-python directory the way Flink lays it out", () => {
    const layout = resolveLayout("flink", flink);
    expect(layout.protoDir).toBe(path.join(flink, "pyflink/proto"));
    expect(layout.pythonDirs).toEqual([path.join(flink, "pyflink")]);
    expect(layout.pythonProject).toBe(flink);
  });
});

describe("classifyChange", () => {
  const layout = resolveLayout("flink", flink);
  const at = (file: string): string => path.join(flink, file);

  it("a proto under pyflink/proto is a proto", () => {
    expect(classifyChange(at("pyflink/proto/flink-fn-execution.proto"), layout)).toBe("proto");
  });

  it("a .py under pyflink/ is a Python source", () => {
    expect(classifyChange(at("pyflink/common/configuration.py"), layout)).toBe("python");
  });

  it("ignores generated bindings (gen:protos writes them), tox/cache dirs and unrelated files", () => {
    expect(classifyChange(at("pyflink/fn_execution/flink_fn_execution_pb2.py"), layout)).toBeUndefined();
    expect(classifyChange(at("pyflink/fn_execution/flink_fn_execution_pb2.pyi"), layout)).toBeUndefined();
    expect(classifyChange(at(".tox/py311/lib/site.py"), layout)).toBeUndefined();
    expect(classifyChange(at("pyflink/common/__pycache__/x.py"), layout)).toBeUndefined();
    expect(classifyChange(at("pyflink/README.md"), layout)).toBeUndefined();
    expect(classifyChange(at("setup.py"), layout)).toBeUndefined();
  });

  it("in this repository: proto/ and the fn-execution-py sources", () => {
    const own = resolveLayout("devkit", devkit);
    expect(classifyChange(path.join(devkit, "proto/flink-fn-execution.proto"), own)).toBe("proto");
    expect(classifyChange(path.join(devkit, "packages/fn-execution-py/tests/test_plain.py"), own)).toBe("python");
    expect(classifyChange(path.join(devkit, "packages/other/x.py"), own)).toBeUndefined();
  });
});

describe("finding a module's tests", () => {
  const layout = resolveLayout("flink", flink);
  const at = (file: string): string => path.join(flink, file);

  it("names modules by their package chain", () => {
    expect(moduleName(at("pyflink/common/configuration.py"))).toBe("pyflink.common.configuration");
    expect(moduleName(at("pyflink/common/__init__.py"))).toBe("pyflink.common");
  });

  it("a test file is its own test", async () => {
    expect(await testsForModule(at("pyflink/common/tests/test_types.py"), layout)).toEqual([at("pyflink/common/tests/test_types.py")]);
  });

  it("a module's tests: named for it, or importing it (any import spelling)", async () => {
    expect(await testsForModule(at("pyflink/common/configuration.py"), layout)).toEqual([
      at("pyflink/common/tests/test_configuration.py"),
      at("pyflink/table/tests/test_udf.py"),
    ]);
    expect(await testsForModule(at("pyflink/common/types.py"), layout)).toEqual([at("pyflink/common/tests/test_types.py")]);
  });

  it("the tests of the bindings are the ones that import them", async () => {
    expect(await testsImportingBindings(layout)).toEqual([
      at("pyflink/fn_execution/tests/test_coders.py"),
      at("pyflink/fn_execution/tests/test_flink_fn_execution_pb2_synced.py"),
    ]);
    expect(await testsImportingBindings(resolveLayout("devkit", devkit))).toEqual([path.join(devkit, "packages/fn-execution-py/tests/test_bindings.py")]);
  });
});
