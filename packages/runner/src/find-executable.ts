import { accessSync, constants, statSync } from "node:fs";
import path from "node:path";

/**
 * The absolute path of `name` on PATH (or on `searchPath`), or undefined.
 * A name with a slash is checked as it is.
 */
export function findExecutable(name: string, searchPath: string | undefined = process.env.PATH): string | undefined {
  if (name.includes("/")) return isExecutableFile(name) ? path.resolve(name) : undefined;
  for (const dir of (searchPath ?? "").split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    if (isExecutableFile(candidate)) return candidate;
  }
  return undefined;
}

function isExecutableFile(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}
