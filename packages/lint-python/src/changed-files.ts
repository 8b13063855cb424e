import path from "node:path";
import { CommandError, run } from "@pyflink-devkit/runner";
import { LintPythonError } from "./lint-python-error.js";

/**
 * Files of the project that differ from `ref` (committed, staged or not) plus untracked files,
 * relative to the project dir. Deleted files are left out: there is nothing to lint in them.
 */
export async function changedFiles(projectDir: string, ref: string, signal?: AbortSignal): Promise<string[]> {
  const git = async (args: readonly string[]): Promise<string[]> => {
    try {
      const { stdout } = await run("git", args, { cwd: projectDir, signal });
      return stdout.split("\n").filter((line) => line !== "");
    } catch (error) {
      const detail = error instanceof CommandError ? error.stderr.trim().split("\n")[0] ?? "" : String(error);
      throw new LintPythonError(`--changed ${ref}: git could not list changed files in ${projectDir} (${detail}). Pass a ref that exists (a branch, tag or commit) and run inside a git checkout.`, {
        exitCode: 2,
        cause: error,
      });
    }
  };
  const [tracked, untracked] = await Promise.all([
    git(["diff", "--name-only", "--relative", "--diff-filter=d", ref, "--", "."]),
    git(["ls-files", "--others", "--exclude-standard", "--", "."]),
  ]);
  return [...new Set([...tracked, ...untracked])].map((file) => file.split(path.sep).join("/")).sort();
}
