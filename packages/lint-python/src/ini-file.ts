import { readFile } from "node:fs/promises";

/** Sections of an INI file: section name → option name (lower-cased) → value. */
export type IniSections = ReadonlyMap<string, ReadonlyMap<string, string>>;

/**
 * Reads tox.ini / setup.cfg the way Python's configparser does, which is how tox, flake8 and mypy
 * read them: `key = value` or `key: value`, indented lines continue the previous value (tox's
 * `envlist` and `deps` are usually written that way), `#` and `;` start comment lines. The npm INI
 * parsers we tried reject continuation lines, hence this small reader.
 */
export function parseIni(text: string): IniSections {
  const sections = new Map<string, Map<string, string>>();
  let current: Map<string, string> | undefined;
  let lastKey: string | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/\s+$/, "");
    const trimmed = line.trim();
    if (trimmed.startsWith("#") || trimmed.startsWith(";")) continue;
    if (trimmed === "") {
      // configparser keeps blank lines inside a value; for our purposes they end nothing.
      continue;
    }
    const header = /^\[([^\]]+)\]/.exec(line);
    if (header?.[1] !== undefined) {
      const name = header[1].trim();
      current = sections.get(name) ?? new Map<string, string>();
      sections.set(name, current);
      lastKey = undefined;
      continue;
    }
    if (current === undefined) continue;
    if (/^\s/.test(line) && lastKey !== undefined) {
      current.set(lastKey, `${current.get(lastKey) ?? ""}\n${trimmed}`);
      continue;
    }
    const option = /^([^=:]+?)\s*[=:]\s*(.*)$/.exec(line);
    if (option?.[1] !== undefined) {
      lastKey = option[1].trim().toLowerCase();
      current.set(lastKey, (option[2] ?? "").trim());
    }
  }
  return sections;
}

/** The file parsed, or undefined when it does not exist. */
export async function readIniFile(file: string): Promise<IniSections | undefined> {
  const text = await readFile(file, "utf8").catch((error: unknown) => {
    if (isNotFound(error)) return undefined;
    throw error;
  });
  return text === undefined ? undefined : parseIni(text);
}

export function isNotFound(error: unknown): boolean {
  return error instanceof Error && "code" in error && error.code === "ENOENT";
}
