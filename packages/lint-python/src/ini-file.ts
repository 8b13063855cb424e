import { readFile } from "node:fs/promises";
import { LintPythonError } from "./lint-python-error.js";

/** Sections of an INI file: section name → option name (lower-cased) → value. */
export type IniSections = ReadonlyMap<string, ReadonlyMap<string, string>>;

/**
 * Reads tox.ini / setup.cfg the way Python's configparser (strict, no inline comments) does, which
 * is how tox, flake8 and mypy read them: `key = value` or `key: value`, lines indented deeper than
 * their option continue its value (tox's `envlist` and `deps` are usually written that way), `#`
 * and `;` start comment lines. The npm INI parsers we tried reject continuation lines, hence this
 * small reader.
 *
 * A file configparser refuses is refused here too, naming the file and line: flake8 would only log
 * the parsing error and go on with its defaults, so a `[flake8` without its `]` would silently
 * lint with the wrong settings.
 */
export function parseIni(text: string, file = "the INI file"): IniSections {
  const sections = new Map<string, Map<string, string>>();
  const sectionLines = new Map<string, number>();
  let current: { name: string; options: Map<string, string>; optionLines: Map<string, number> } | undefined;
  let lastKey: string | undefined;
  // configparser's rule: a line continues the option above only when indented deeper than that option's line.
  let indentLevel = 0;
  const invalid = (lineNumber: number, problem: string, fix: string): LintPythonError =>
    new LintPythonError(`${file}:${String(lineNumber)}: ${problem} Python's configparser, which flake8, mypy and tox read it with, rejects the file (flake8 then silently lints with its defaults). ${fix}`, { exitCode: 2 });
  const lines = text.split(/\r?\n/);
  for (const [index, raw] of lines.entries()) {
    const lineNumber = index + 1;
    const trimmed = raw.trim();
    // Comment and blank lines neither end a value nor start anything.
    if (trimmed === "" || trimmed.startsWith("#") || trimmed.startsWith(";")) continue;
    const indent = raw.length - raw.trimStart().length;
    if (current !== undefined && lastKey !== undefined && indent > indentLevel) {
      current.options.set(lastKey, `${current.options.get(lastKey) ?? ""}\n${trimmed}`);
      continue;
    }
    indentLevel = indent;
    const header = /^\[(.+)\]/.exec(trimmed);
    if (header?.[1] !== undefined) {
      const name = header[1];
      const first = sectionLines.get(name);
      // configparser lets [DEFAULT] repeat; any other section it refuses to see twice.
      if (first !== undefined && name !== "DEFAULT") throw invalid(lineNumber, `section [${name}] appears a second time (first at line ${String(first)}).`, `Merge the two [${name}] sections into one.`);
      sectionLines.set(name, lineNumber);
      const options = sections.get(name) ?? new Map<string, string>();
      sections.set(name, options);
      current = { name, options, optionLines: new Map() };
      lastKey = undefined;
      continue;
    }
    if (current === undefined) {
      throw invalid(lineNumber, `"${trimmed}" comes before any section header.`, `Put it under a section (e.g. "[flake8]") or remove it.`);
    }
    const option = /^(.*?)\s*[=:]\s*(.*)$/.exec(trimmed);
    if (option?.[1] === undefined || option[1] === "") {
      const fix = trimmed.startsWith("[")
        ? `Close it: "${trimmed}]".`
        : `Write it as "key = value", indent it to continue the option above, or comment it out with "#".`;
      throw invalid(lineNumber, trimmed.startsWith("[") ? `"${trimmed}" is not a section header (no closing "]").` : `"${trimmed}" is neither a section header, an option ("key = value") nor an indented continuation line.`, fix);
    }
    const key = option[1].toLowerCase();
    const first = current.optionLines.get(key);
    if (first !== undefined) throw invalid(lineNumber, `option "${key}" is set a second time in [${current.name}] (first at line ${String(first)}).`, `Keep one of the two.`);
    current.optionLines.set(key, lineNumber);
    current.options.set(key, (option[2] ?? "").trim());
    lastKey = key;
  }
  return sections;
}

/** The file parsed, or undefined when it does not exist; a file configparser cannot parse is a LintPythonError (exit 2). */
export async function readIniFile(file: string): Promise<IniSections | undefined> {
  const text = await readFile(file, "utf8").catch((error: unknown) => {
    if (isNotFound(error)) return undefined;
    throw error;
  });
  return text === undefined ? undefined : parseIni(text, file);
}

export function isNotFound(error: unknown): boolean {
  return error instanceof Error && "code" in error && error.code === "ENOENT";
}
