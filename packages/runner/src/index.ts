// Public API of @pyflink-devkit/runner: every child process of the toolchain goes through here.
export { run } from "./run.js";
export { runBuffer } from "./run-buffer.js";
export type { RunOptions, RunResult, RunBufferResult, StreamName } from "./run-options.js";
export { CommandError } from "./command-error.js";
export { formatCommand } from "./format-command.js";
export { killAllChildren, exitCleanlyOnSignals, runningChildren } from "./process-trees.js";
export { findExecutable } from "./find-executable.js";
