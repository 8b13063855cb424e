import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import type { ProjectLayout } from "@pyflink-devkit/project-layout";

const TEST_FILE = /^(?:test_.*|.*_test)\.py$/;

/** Whether a path is a pytest test module by pytest's default naming. */
export function isTestFile(file: string): boolean {
  return TEST_FILE.test(path.basename(file));
}

/** Every test module under the layout's test directories, sorted. */
export async function listTestFiles(layout: ProjectLayout): Promise<string[]> {
  const found = await Promise.all(layout.testDirs.map((dir) => walk(dir, layout.ignoredDirs)));
  return [...new Set(found.flat())].filter(isTestFile).sort();
}

async function walk(dir: string, ignored: readonly string[]): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const nested = await Promise.all(
    entries.map(async (entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return ignored.includes(entry.name) ? [] : walk(full, ignored);
      return entry.name.endsWith(".py") ? [full] : [];
    }),
  );
  return nested.flat();
}

/**
 * The dotted module name of a Python file: its directory chain up to the first directory without
 * `__init__.py` is the package path (`pyflink/table/table.py` → `pyflink.table.table`).
 */
export function moduleName(file: string): string {
  const parts = [path.basename(file, ".py")];
  let dir = path.dirname(file);
  while (existsSync(path.join(dir, "__init__.py"))) {
    parts.unshift(path.basename(dir));
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  if (parts.at(-1) === "__init__") parts.pop();
  return parts.join(".");
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** `import a.b.c`, `from a.b.c import x`, `from a.b import c`, and a bare use of the last name. */
function importsModule(source: string, module: string): boolean {
  const dots = module.split(".");
  const last = dots.at(-1) ?? module;
  const parent = dots.slice(0, -1).join(".");
  const patterns = [
    new RegExp(`^\\s*import\\s+${escape(module)}\\b`, "m"),
    new RegExp(`^\\s*from\\s+${escape(module)}\\s+import\\b`, "m"),
    ...(parent === "" ? [] : [new RegExp(`^\\s*from\\s+${escape(parent)}\\s+import\\s+[^\\n]*\\b${escape(last)}\\b`, "m")]),
  ];
  return patterns.some((pattern) => pattern.test(source));
}

async function readAll(files: readonly string[]): Promise<{ file: string; source: string }[]> {
  return Promise.all(files.map(async (file) => ({ file, source: await readFile(file, "utf8").catch(() => "") })));
}

/**
 * The tests of one changed module: the file itself when it is a test; otherwise the test modules
 * named for it (`test_<name>*.py`, `<name>_test.py`) and those that import it.
 */
export async function testsForModule(file: string, layout: ProjectLayout): Promise<string[]> {
  if (isTestFile(file)) return [file];
  const module = moduleName(file);
  const stem = path.basename(file, ".py");
  const tests = await readAll(await listTestFiles(layout));
  return tests
    .filter(({ file: test, source }) => {
      const name = path.basename(test, ".py");
      return name.startsWith(`test_${stem}`) || name === `${stem}_test` || importsModule(source, module);
    })
    .map(({ file: test }) => test);
}

/** The tests that import the generated bindings (by module name, anywhere in an import line). */
export async function testsImportingBindings(layout: ProjectLayout): Promise<string[]> {
  const tests = await readAll(await listTestFiles(layout));
  const uses = new RegExp(`^\\s*(?:from|import)\\s+[^\\n]*\\b${escape(layout.bindingsModule)}\\b`, "m");
  return tests.filter(({ source }) => uses.test(source)).map(({ file }) => file);
}
