// `pack` without --project takes the current directory only when it looks like a job project;
// run from anywhere else (a repository root, a home directory) it says so instead of walking it.
import { stat } from "node:fs/promises";
import path from "node:path";

/** The files that make a directory a job project when no --project names one. */
export const PROJECT_MARKERS = ["pyflink-pack.json", "main.py"] as const;

/**
 * Why `dir` cannot be taken as the project when no --project was given (undefined: it can).
 * `entry`: the --entry given, which is a marker of its own.
 */
export async function implicitProjectProblem(dir: string, entry: string | undefined): Promise<string | undefined> {
  const markers = entry === undefined ? PROJECT_MARKERS : [...PROJECT_MARKERS, entry];
  for (const marker of markers) {
    if ((await stat(path.resolve(dir, marker)).catch(() => undefined))?.isFile() === true) return undefined;
  }
  return `no --project given, and the current directory ${dir} is not a job project (it has no ${markers.join(", no ")}). Pass --project <dir> naming the directory with the job's entry script, or run pyflink-pack from inside it.`;
}
