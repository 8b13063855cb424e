import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FLINK_LAYOUT, LAYOUTS, ProjectLayoutError, REPOSITORY_LAYOUT, detectLayout, resolveLayout } from "../src/index.js";
import { requirement, skipUnless } from "@pyflink-devkit/reference-tools";

const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const flinkCheckout = path.resolve(repositoryRoot, "..", "shared", "fixtures", "flink-checkout", "flink-python");
const hasFlink = existsSync(flinkCheckout);
if (!hasFlink) console.warn(`skipping the Flink-checkout layout tests: ${flinkCheckout} is absent (../shared is only present in the project's own setup)`);

describe("this repository's layout (the checkout these tests run in)", () => {
  it("is detected at the repository root, and every path it names exists", () => {
    expect(detectLayout(repositoryRoot)).toBe("devkit");
    const layout = resolveLayout(undefined, repositoryRoot);
    for (const dir of [layout.pythonProject, layout.protoDir, layout.pythonOut, ...layout.pythonDirs, ...layout.testDirs, ...layout.pythonSourceRoots]) {
      expect(statSync(dir).isDirectory(), dir).toBe(true);
    }
    expect(existsSync(path.join(layout.pythonOut, `${layout.bindingsModule}.py`))).toBe(true);
    expect(layout.tsOut).toBe(path.join(repositoryRoot, REPOSITORY_LAYOUT.tsOut));
  });

  it("refuses a directory with neither layout, naming both markers", () => {
    expect(() => resolveLayout(undefined, path.join(repositoryRoot, "packages"))).toThrow(ProjectLayoutError);
    expect(() => resolveLayout(undefined, path.join(repositoryRoot, "packages"))).toThrow(/pyflink\/proto .*packages\/fn-execution-py\/pyproject\.toml|packages\/fn-execution-py\/pyproject\.toml .*pyflink\/proto/);
    expect(() => resolveLayout("flink", repositoryRoot)).toThrow(/no pyflink\/proto here, so this is not a flink-python directory/);
  });
});

describe("Flink's layout, on a copy of a real flink-python checkout", skipUnless(requirement(hasFlink, "fixture:flink-checkout", "fixture", "../shared/fixtures/flink-checkout is absent")), () => {
  let copy = "";
  beforeAll(() => {
    copy = path.join(mkdtempSync(path.join(tmpdir(), "project-layout-")), "flink-python");
    cpSync(flinkCheckout, copy, { recursive: true });
  });
  afterAll(() => {
    rmSync(path.dirname(copy), { recursive: true, force: true });
  });

  it("is detected, and its paths hold the proto, the checked-in bindings and their test", () => {
    expect(detectLayout(copy)).toBe("flink");
    const layout = resolveLayout(undefined, copy);
    expect(existsSync(path.join(layout.protoDir, "flink-fn-execution.proto"))).toBe(true);
    expect(existsSync(path.join(layout.pythonOut, `${layout.bindingsModule}.py`))).toBe(true);
    expect(existsSync(path.join(layout.pythonOut, `${layout.bindingsModule}.pyi`))).toBe(true);
    expect(layout.testDirs.some((dir) => existsSync(path.join(dir, "fn_execution/tests/test_flink_fn_execution_pb2.py")))).toBe(true);
    expect(layout.tsOut).toBeUndefined();
  });

  it("agrees with gen_protos.py on where the protos are read (top level of pyflink/proto) and the bindings written", () => {
    // gen_protos.py: PROTO_PATHS = ['proto'] and DEFAULT_PYTHON_OUTPUT_PATH = <pyflink>/fn_execution, globbing '*.proto'.
    const script = readFileSync(path.join(copy, "pyflink/gen_protos.py"), "utf8");
    const protoPaths = /^PROTO_PATHS = \['([^']+)'\]$/m.exec(script)?.[1];
    const outputDir = /^DEFAULT_PYTHON_OUTPUT_PATH = os\.path\.join\(PYFLINK_ROOT_PATH, '([^']+)'\)$/m.exec(script)?.[1];
    expect(script).toContain("glob.glob(os.path.join(d, '*.proto'))");
    expect(FLINK_LAYOUT.protoRoot).toBe(`pyflink/${protoPaths ?? "?"}`);
    expect(FLINK_LAYOUT.pythonOut).toBe(`pyflink/${outputDir ?? "?"}`);
    expect(FLINK_LAYOUT.protoFiles).toBe("top-level");
  });

  it("does not take Flink's src/ (Maven's Java tree) for a Python src layout", () => {
    expect(existsSync(path.join(copy, "src/main/java"))).toBe(true);
    const layout = resolveLayout("flink", copy);
    expect(layout.pythonSourceRoots).toEqual([]);
    expect(LAYOUTS.flink.pythonSourceRoots).toEqual([]);
    // pyflink itself is importable from the project directory, with no source root on the path.
    expect(existsSync(path.join(layout.pythonProject, "pyflink/__init__.py"))).toBe(true);
  });
});
