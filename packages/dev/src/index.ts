// Public API of @pyflink-devkit/dev: the doctor and the dev loop as libraries; the bins are thin.
export { DevError } from "./dev-error.js";
export { findWorkspaceRoot } from "./workspace-root.js";
export { runDoctor } from "./doctor/run-doctor.js";
export type { DoctorOptions, DoctorReport } from "./doctor/run-doctor.js";
export { DOCTOR_CHECKS, OPTIONAL_TOOLS, FLINK_PYTHON_MINORS, LINT_PYTHON_MINIMUM, findBufLauncher } from "./doctor/doctor-checks.js";
export type { CheckRow, DoctorCheck, DoctorContext, DoctorInterpreter, Requirement } from "./doctor/doctor-checks.js";
export { formatDoctorReport } from "./doctor/format-doctor.js";
export { INSTALL_HINTS, installHint } from "./doctor/install-hints.js";
export { compareDotted, meetsRequirement } from "./doctor/versions.js";
export { TaskScheduler } from "./watch/task-scheduler.js";
export type { SchedulerEvent, SchedulerOptions, SchedulerTimers, TaskExecutor } from "./watch/task-scheduler.js";
// The layout table is shared with codegen; re-exported so the dev API stays whole.
export { resolveLayout, detectLayout, ProjectLayoutError } from "@pyflink-devkit/project-layout";
export type { LayoutKind, ProjectLayout } from "@pyflink-devkit/project-layout";
export { classifyChange } from "./watch/classify-change.js";
export type { ChangeKind } from "./watch/classify-change.js";
export { watchTree } from "./watch/file-watcher.js";
export type { TreeWatcher, WatchEventKind, WatchTreeOptions } from "./watch/file-watcher.js";
export { isTestFile, listTestFiles, moduleName, testsForModule, testsImportingBindings } from "./watch/find-tests.js";
export { LiveView, formatTaskLine } from "./watch/live-view.js";
export type { LiveViewOptions, TaskLine, TaskStatus, ViewStream } from "./watch/live-view.js";
export { startDevLoop, TASK_ORDER } from "./watch/dev-loop.js";
export type { DevLoop, DevLoopOptions, DevTaskOutcome, DevTaskRunners, PythonCheck } from "./watch/dev-loop.js";
export { createToolchainRunners } from "./watch/toolchain-runners.js";
export { CheckDaemonHost } from "./watch/check-daemon.js";
export type { CheckDaemonHostOptions, DaemonAnswer } from "./watch/check-daemon.js";
export type { ToolchainOptions, ToolchainRunners } from "./watch/toolchain-runners.js";
