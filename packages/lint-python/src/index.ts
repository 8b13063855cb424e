// Public API of @pyflink-devkit/lint-python: flake8, mypy, sphinx and tests across Python
// versions, in parallel and cached. The CLI (bin/lint-python.ts) is a thin layer over this.
export { lintPython, installEnvironments, removeCaches } from "./run-lint.js";
export type { LintOptions, LintReport, LintEvent, TaskResult, PlannedTask, Status, EnvPurpose, InstalledEnvironment } from "./run-lint.js";
export { CHECKS, CHECK_NAMES, isCheckName, checkRequirements } from "./checks.js";
export type { CheckName, CheckDefinition, CheckContext, CheckCommand, CheckDaemon, Mode, Verdict } from "./checks.js";
export { selectChecks, parseCheckList } from "./select-checks.js";
export { readProject, CONFIG_FILES } from "./project.js";
export type { PythonProject, ToxEnv } from "./project.js";
export { selectPythons, normalizePythonVersion } from "./select-pythons.js";
export type { PythonTarget } from "./select-pythons.js";
export { jsonReport, junitReport, mergeReports, writeJsonReport, writeJunitReport } from "./reports.js";
export { inShard } from "./run-lint.js";
export { installScript } from "./install-script.js";
export type { InstalledScript } from "./install-script.js";
export { provisionUvHome, UV_HOME_COMPONENTS } from "./uv-home.js";
export type { UvHome, UvHomeComponent, UvHomeOptions } from "./uv-home.js";
export { flake8Scope, mypyScope } from "./config-scope.js";
export type { ConfigScope } from "./config-scope.js";
export { readFlinkLayout, FLINK_PROTO_SYNC_TEST } from "./flink-layout.js";
export type { FlinkLayout } from "./flink-layout.js";
export { listProjectFiles, hashProjectFiles } from "./project-files.js";
export { parseIni } from "./ini-file.js";
export { expandEnvlist, pythonOfToxEnv } from "./tox-envlist.js";
export { satisfiesRequiresPython } from "./requires-python.js";
export { LintPythonError } from "./lint-python-error.js";
export { checkOutputPlaces, checkReportPlace, prepareCacheDir } from "./output-places.js";
