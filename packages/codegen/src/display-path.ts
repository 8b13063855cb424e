import path from "node:path";

/** A path relative to `cwd` when it lies below it, else as given: what a user can click on. */
export function displayPath(file: string, cwd: string): string {
  const relative = path.relative(cwd, path.resolve(cwd, file));
  return relative !== "" && !relative.startsWith("..") && !path.isAbsolute(relative) ? relative : file;
}
