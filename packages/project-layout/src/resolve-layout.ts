import { existsSync } from "node:fs";
import path from "node:path";
import { LAYOUTS, IGNORED_DIRS, type LayoutKind } from "./layouts.js";
import { ProjectLayoutError } from "./project-layout-error.js";

/** A layout rooted at a real directory: every path absolute. */
export interface ProjectLayout {
  readonly kind: LayoutKind;
  /** The directory given: the repository root (devkit) or flink-python (flink). */
  readonly root: string;
  readonly pythonProject: string;
  readonly pythonSourceRoots: readonly string[];
  readonly protoDir: string;
  readonly protoFiles: "recursive" | "top-level";
  readonly pythonOut: string;
  readonly tsOut: string | undefined;
  readonly pythonDirs: readonly string[];
  readonly testDirs: readonly string[];
  readonly bindingsModule: string;
  /** Directory names never watched or searched. */
  readonly ignoredDirs: readonly string[];
}

const KINDS = Object.keys(LAYOUTS) as LayoutKind[];

/** The layout `dir` has, judged by each layout's marker; undefined when it has none. */
export function detectLayout(dir: string): LayoutKind | undefined {
  const base = path.resolve(dir);
  return KINDS.find((kind) => existsSync(path.join(base, LAYOUTS[kind].marker)));
}

/** The `kind` layout rooted at `dir` (detected when `kind` is undefined); throws when `dir` does not have it. */
export function resolveLayout(kind: LayoutKind | undefined, dir: string): ProjectLayout {
  const base = path.resolve(dir);
  const chosen = kind ?? detectLayout(base);
  if (chosen === undefined) {
    const expected = KINDS.map((candidate) => `${LAYOUTS[candidate].marker} (${LAYOUTS[candidate].description})`).join(" or ");
    throw new ProjectLayoutError(`${base}: neither ${expected} is here. Pass a Flink checkout's flink-python directory, or a pyflink-devkit checkout.`);
  }
  const rule = LAYOUTS[chosen];
  if (!existsSync(path.join(base, rule.marker))) {
    throw new ProjectLayoutError(`${base}: no ${rule.marker} here, so this is not ${rule.description}. Pass ${LAYOUTS.flink.description}, or run from the pyflink-devkit checkout.`);
  }
  const at = (relative: string): string => path.join(base, relative);
  const pythonProject = at(rule.pythonProject);
  return {
    kind: chosen,
    root: base,
    pythonProject,
    pythonSourceRoots: rule.pythonSourceRoots.map((root) => path.join(pythonProject, root)),
    protoDir: at(rule.protoRoot),
    protoFiles: rule.protoFiles,
    pythonOut: at(rule.pythonOut),
    tsOut: rule.tsOut === undefined ? undefined : at(rule.tsOut),
    pythonDirs: rule.pythonDirs.map(at),
    testDirs: rule.testDirs.map(at),
    bindingsModule: rule.bindingsModule,
    ignoredDirs: IGNORED_DIRS,
  };
}
