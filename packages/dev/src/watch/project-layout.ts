import { existsSync } from "node:fs";
import path from "node:path";
import { DevError } from "../dev-error.js";

/** Where a project keeps its protos, its Python sources and the generated bindings. */
export interface ProjectLayout {
  /** "devkit" (this repository) or "flink" (a flink-python directory). */
  readonly kind: LayoutKind;
  /** The directory given: the repository root (devkit) or flink-python (flink). */
  readonly root: string;
  /** The directory the Python checks run in (what lint:python calls the project). */
  readonly pythonProject: string;
  /** Directories watched, absolute. */
  readonly protoDir: string;
  readonly pythonDirs: readonly string[];
  /** Directories searched for test files, absolute. */
  readonly testDirs: readonly string[];
  /** The module name of the generated bindings, as tests import it. */
  readonly bindingsModule: string;
  /** Directories (relative to pythonProject) never watched: caches, envs, build output. */
  readonly ignoredDirs: readonly string[];
}

export type LayoutKind = "devkit" | "flink";

interface LayoutRule {
  /** What the given directory must contain for this layout, relative to it. */
  readonly marker: string;
  readonly pythonProject: string;
  readonly protoDir: string;
  readonly pythonDirs: readonly string[];
  readonly testDirs: readonly string[];
  readonly bindingsModule: string;
}

// Paths relative to the directory given (repository root for devkit, flink-python for flink).
const LAYOUT_RULES: Readonly<Record<LayoutKind, LayoutRule>> = {
  devkit: {
    marker: "packages/fn-execution-py/pyproject.toml",
    pythonProject: "packages/fn-execution-py",
    protoDir: "proto",
    pythonDirs: ["packages/fn-execution-py/src", "packages/fn-execution-py/tests"],
    testDirs: ["packages/fn-execution-py/tests"],
    bindingsModule: "flink_fn_execution_pb2",
  },
  flink: {
    marker: "pyflink/proto",
    pythonProject: ".",
    protoDir: "pyflink/proto",
    pythonDirs: ["pyflink"],
    testDirs: ["pyflink"],
    bindingsModule: "flink_fn_execution_pb2",
  },
};

const IGNORED_DIRS = [".tox", ".mypy_cache", ".pytest_cache", "__pycache__", "build", "dist", "dev", ".eggs", "node_modules", ".venv", ".git"] as const;

/** The layout of `dir`: a flink-python directory when `kind` is "flink", this repository otherwise. */
export function resolveLayout(kind: LayoutKind, dir: string): ProjectLayout {
  const rule = LAYOUT_RULES[kind];
  const base = path.resolve(dir);
  if (!existsSync(path.join(base, rule.marker))) {
    const what = kind === "flink" ? "a flink-python directory (the one holding pyflink/)" : "a pyflink-devkit checkout";
    throw new DevError(`${base}: no ${rule.marker} here, so this is not ${what}. Pass --project <flink>/flink-python, or run from the pyflink-devkit checkout.`);
  }
  const at = (relative: string): string => path.join(base, relative);
  return {
    kind,
    root: base,
    pythonProject: at(rule.pythonProject),
    protoDir: at(rule.protoDir),
    pythonDirs: rule.pythonDirs.map(at),
    testDirs: rule.testDirs.map(at),
    bindingsModule: rule.bindingsModule,
    ignoredDirs: IGNORED_DIRS,
  };
}
