// Public API of @pyflink-devkit/python-env: find Python interpreters, provision cached envs, run pip.
export type { Interpreter, InterpreterOrigin } from "./interpreter.js";
export { compareVersions, describeInterpreter } from "./interpreter.js";
export type { DiscoverOptions } from "./discover-interpreters.js";
export { discoverInterpreters, findInterpreter, pickInterpreter, requireInterpreter } from "./discover-interpreters.js";
export type { Backend, BackendSpec, Command, CondaCreateOptions, CondaTool } from "./backends.js";
export { BACKENDS, CONDA_TOOLS, condaCreateCommand, uvEnvFromPip, uvPipInstallCommand, uvVenvCommand, venvCreateCommand } from "./backends.js";
export type { EnvironmentRequest, PythonEnvironment } from "./ensure-environment.js";
export { ensureEnvironment, environmentKey, environmentLocation, removeEnvironments } from "./ensure-environment.js";
export { defaultCacheDir } from "./cache-dir.js";
export { pip } from "./pip.js";
export type { RunOptions, RunResult } from "@pyflink-devkit/runner";
export { readDependencyGroups, resolveDependencyGroups, normalizeGroupName } from "./dependency-groups.js";
export { PythonEnvError } from "./python-env-error.js";
export { writeFileAtomic } from "./write-file-atomic.js";
export type { UvLocation, UvRequest } from "./ensure-uv.js";
export { DEFAULT_UV_VERSION, bootstrappedUvPath, ensureUv } from "./ensure-uv.js";
