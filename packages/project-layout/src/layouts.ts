/** The two layouts the toolchain knows: this repository, and a Flink checkout's flink-python. */
export type LayoutKind = "devkit" | "flink";

/** Where a layout keeps things, as paths relative to its root directory (forward slashes). */
export interface LayoutPaths {
  /** What the root must contain for this layout; how a directory is recognised. */
  readonly marker: string;
  /** What the layout is, for messages. */
  readonly description: string;
  /** The Python project (what lint:python calls the project: its tox.ini / pyproject.toml). */
  readonly pythonProject: string;
  /**
   * Directories of `pythonProject` that hold importable packages (a PEP 517 src layout), relative
   * to `pythonProject`. Flink keeps `pyflink/` at the top; its `src/` is Maven's Java tree.
   */
  readonly pythonSourceRoots: readonly string[];
  /** The import root of the protos. */
  readonly protoRoot: string;
  /** Which protos are generated: every one under the root, or the top level only (gen_protos.py's glob). */
  readonly protoFiles: "recursive" | "top-level";
  /** Where `_pb2.py` / `_pb2.pyi` are written. */
  readonly pythonOut: string;
  /** The layout's own proto generation script, whose grpcio-tools pin says which protoc it ran; undefined when it has none. */
  readonly protoGeneratorScript: string | undefined;
  /** Where ts-proto's `.ts` bindings are written; undefined when the layout has none. */
  readonly tsOut: string | undefined;
  /** Python sources worth watching (packages and their tests). */
  readonly pythonDirs: readonly string[];
  /** Directories searched for test files. */
  readonly testDirs: readonly string[];
  /** The module name of the generated bindings, as tests import it. */
  readonly bindingsModule: string;
}

/** One table for both layouts; codegen, dev and anything else read it instead of keeping a copy. */
export const LAYOUTS = {
  devkit: {
    marker: "packages/fn-execution-py/pyproject.toml",
    description: "a pyflink-devkit checkout",
    pythonProject: "packages/fn-execution-py",
    pythonSourceRoots: ["src"],
    protoRoot: "proto",
    protoFiles: "recursive",
    pythonOut: "packages/fn-execution-py/src/flink_fn_execution",
    protoGeneratorScript: undefined,
    tsOut: "packages/fn-execution/src/gen",
    pythonDirs: ["packages/fn-execution-py/src", "packages/fn-execution-py/tests"],
    testDirs: ["packages/fn-execution-py/tests"],
    bindingsModule: "flink_fn_execution_pb2",
  },
  flink: {
    marker: "pyflink/proto",
    description: "a flink-python directory (the one holding pyflink/)",
    pythonProject: ".",
    pythonSourceRoots: [],
    protoRoot: "pyflink/proto",
    protoFiles: "top-level",
    pythonOut: "pyflink/fn_execution",
    protoGeneratorScript: "pyflink/gen_protos.py",
    tsOut: undefined,
    pythonDirs: ["pyflink"],
    testDirs: ["pyflink"],
    bindingsModule: "flink_fn_execution_pb2",
  },
} as const satisfies Readonly<Record<LayoutKind, LayoutPaths>>;

/** This repository's layout: proto/ → packages/fn-execution-py (Python) + packages/fn-execution (TS). */
export const REPOSITORY_LAYOUT = LAYOUTS.devkit;

/** Flink's layout, as gen_protos.py reads and writes it, relative to `flink-python/`. */
export const FLINK_LAYOUT = LAYOUTS.flink;

/** Directory names never watched or searched: caches, environments, build output, VCS. */
export const IGNORED_DIRS = [".tox", ".mypy_cache", ".pytest_cache", "__pycache__", "build", "dist", "dev", "target", ".eggs", "node_modules", ".venv", ".git"] as const;
