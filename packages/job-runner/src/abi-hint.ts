import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

// CPython extension modules carry their ABI in the file name (PEP 3149): name.cpython-312-x86_64-linux-gnu.so.
const EXTENSION = /^(.+?)\.cpython-(\d)(\d+)[^.]*\.so$/;

/**
 * When a worker could not import `module` and a python.files directory holds it only as a build for
 * another CPython, says so: `ModuleNotFoundError` alone does not tell a missing package from one
 * built for the wrong Python.
 */
export function abiHint(detail: string, pythonFiles: readonly string[], python: string): string | undefined {
  const missing = /No module named '([\w.]+)'/.exec(detail)?.[1];
  if (missing === undefined) return undefined;
  const parts = missing.split(".");
  const stem = parts.pop() ?? missing;
  for (const root of pythonFiles) {
    const dir = path.join(root, ...parts);
    if (!existsSync(dir) || !statSync(dir).isDirectory()) continue;
    const candidates = [dir, path.join(dir, stem)].filter((d) => existsSync(d) && statSync(d).isDirectory());
    for (const candidate of candidates) {
      for (const name of readdirSync(candidate)) {
        const match = EXTENSION.exec(name);
        if (match === null) continue;
        const built = `${match[2] ?? ""}.${match[3] ?? ""}`;
        if (built !== python) return `${path.relative(root, path.join(candidate, name))} is built for CPython ${built}, the runtime runs Python ${python}: ship the cp${python.replace(".", "")} wheel (pack for the target's Python)`;
      }
    }
  }
  return undefined;
}
