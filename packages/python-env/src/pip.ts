import { CommandError, run, type RunOptions, type RunResult } from "@pyflink-devkit/runner";
import { explainInstallFailure } from "./install-failures.js";

/**
 * `python -m pip <args>` through the runner. The user's pip configuration (pip.conf, `PIP_*`
 * variables: index, find-links, certificates, retries) is left alone — we never pass an index —
 * so pip sees exactly what it sees from a shell. Only the version check is turned off (it is a
 * network round trip per call) and, unless the user chose otherwise, prompts (a prompt would hang
 * with stdin closed).
 *
 * A failure throws `PythonEnvError` whose message says which requirement failed and what to check;
 * the runner's `CommandError` is its `cause`. With `reject: false` the result is returned as is.
 */
export async function pip(python: string, args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  try {
    return await pipUnexplained(python, args, options);
  } catch (error) {
    if (error instanceof CommandError) throw explainInstallFailure(error, { python, tool: "pip" });
    throw error;
  }
}

/** `pip()` that lets the runner's `CommandError` through, for callers that explain it with more context. */
export function pipUnexplained(python: string, args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  const userSetNoInput = (options.env && "PIP_NO_INPUT" in options.env) || process.env.PIP_NO_INPUT !== undefined;
  const env = userSetNoInput ? options.env : { PIP_NO_INPUT: "1", ...options.env };
  return run(python, ["-m", "pip", "--disable-pip-version-check", ...args], { ...options, env });
}

