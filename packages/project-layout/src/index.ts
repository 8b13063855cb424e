// Public API of @pyflink-devkit/project-layout: the one description of where this repository and a
// Flink checkout keep protos, Python sources, generated bindings and tests.
export { LAYOUTS, REPOSITORY_LAYOUT, FLINK_LAYOUT, IGNORED_DIRS } from "./layouts.js";
export type { LayoutKind, LayoutPaths } from "./layouts.js";
export { detectLayout, resolveLayout } from "./resolve-layout.js";
export type { ProjectLayout } from "./resolve-layout.js";
export { ProjectLayoutError } from "./project-layout-error.js";
