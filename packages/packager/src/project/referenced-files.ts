// Files the job's code names at run time: `set_python_requirements("requirements.txt")` (AWS's
// PythonDependencies sample builds the path from `__file__`'s directory), `add_python_file(...)`,
// `add_python_archive(...)` and `open("...")` of a project file. A string literal in such a call
// that names a project file which pack would not ship is either kept (MSF: the application zip
// holds it beside the entry, at its project path, as the samples' assembly does, B6) or reported
// with the reason it is not.
import { readFile } from "node:fs/promises";
import path from "node:path";
import type { ExcludedPath, ProjectFile } from "./collect-project.js";

export interface ReferencedFile {
  readonly file: ProjectFile;
  /** `main.py: set_python_requirements` */
  readonly where: string;
}

export interface ReferencedFiles {
  /** Project files the code names that are not shipped otherwise. */
  readonly unshipped: readonly ReferencedFile[];
  /** Referenced paths pack leaves out on purpose, with why. */
  readonly excluded: readonly { readonly path: string; readonly where: string; readonly reason: string }[];
}

const CALL = /\b(set_python_requirements|add_python_file|add_python_archive|open)\s*\(/g;
const STRING = /(?:^|[^\w])[rRbBuUfF]?(['"])((?:\\.|(?!\1)[^\\\n])*)\1/g;

/** The text of a call's arguments: up to the parenthesis that closes it (strings are not parsed; good enough for paths). */
function argumentsOf(text: string, open: number): string {
  let depth = 1;
  for (let i = open; i < text.length; i++) {
    const ch = text[i];
    if (ch === "(") depth++;
    else if (ch === ")" && --depth === 0) return text.slice(open, i);
  }
  return text.slice(open, Math.min(text.length, open + 400));
}

/** Comment lines out, so commented-out calls (the samples keep some) do not count. */
const withoutComments = (source: string): string => source.replace(/^\s*#.*$/gm, "");

/** Path candidates from the string literals of one call: each literal, and all of them joined (os.path.join(dir, "a", "b")). */
function candidates(args: string): string[] {
  const literals = [...args.matchAll(STRING)].map((m) => m[2] ?? "").map((lit) => lit.replace(/^file:\/*/, "").replace(/^\.?\//, "")).filter((lit) => lit !== "" && !lit.includes("{") && !/^[a-z]+:/i.test(lit));
  const joined = literals.join("/").replace(/\/+/g, "/");
  return [...new Set([...literals, joined])];
}

/** The project paths the entry and own sources name in those calls, sorted out against what is shipped and what is left out. */
export async function referencedFiles(options: {
  readonly projectDir: string;
  readonly scripts: readonly ProjectFile[];
  readonly all: readonly ProjectFile[];
  readonly shipped: ReadonlySet<string>;
  readonly excluded: readonly ExcludedPath[];
}): Promise<ReferencedFiles> {
  const byRel = new Map(options.all.map((f) => [f.rel, f]));
  const unshipped = new Map<string, ReferencedFile>();
  const excluded = new Map<string, { path: string; where: string; reason: string }>();
  for (const script of options.scripts) {
    if (!script.rel.endsWith(".py")) continue;
    const text = withoutComments(await readFile(script.abs, "utf8").catch(() => ""));
    for (const call of text.matchAll(CALL)) {
      const where = `${script.rel}: ${String(call[1])}(…)`;
      for (const candidate of candidates(argumentsOf(text, call.index + call[0].length))) {
        // Relative to the project root, or to the script's own directory (`Path(__file__).parent / "x"`).
        const rels = [candidate, path.posix.join(path.posix.dirname(script.rel), candidate)].map((rel) => path.posix.normalize(rel)).filter((rel) => !rel.startsWith("../"));
        for (const rel of rels) {
          const file = byRel.get(rel);
          if (file !== undefined) {
            if (!options.shipped.has(rel) && !unshipped.has(rel)) unshipped.set(rel, { file, where });
            break;
          }
          const left = options.excluded.find((item) => item.path === rel || (item.path.endsWith("/") && rel.startsWith(item.path)));
          if (left !== undefined) {
            if (!excluded.has(rel)) excluded.set(rel, { path: rel, where, reason: left.reason });
            break;
          }
        }
      }
    }
  }
  return { unshipped: [...unshipped.values()], excluded: [...excluded.values()] };
}
