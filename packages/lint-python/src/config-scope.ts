import path from "node:path";
import picomatch from "picomatch";
import type { IniSections } from "./ini-file.js";

/** Which project files a tool's own configuration selects (relative paths, `/`-separated). */
export interface ConfigScope {
  /** Where the selection comes from, for messages ("tox.ini [flake8] exclude"). */
  readonly source: string;
  readonly includes: (file: string) => boolean;
}

/** flake8's default `exclude` (flake8/defaults.py), used when the config sets none. */
const FLAKE8_DEFAULT_EXCLUDE = [".svn", "CVS", ".bzr", ".hg", ".git", "__pycache__", ".tox", ".nox", ".eggs", "*.egg"];

function list(value: string | undefined): string[] {
  return (value ?? "").split(/[,\n]/).map((item) => item.trim()).filter((item) => item !== "");
}

/**
 * flake8's file selection: `.py` files not matched by `exclude` (+ `extend-exclude`). flake8 matches
 * each pattern with fnmatch (where `*` also crosses `/`) against a path's base name, and a pattern
 * holding a `/` against the path relative to the config's directory; it prunes excluded
 * directories, so a file is out when it or any directory above it matches.
 */
export function flake8Scope(section: ReadonlyMap<string, string> | undefined, configFile: string | undefined): ConfigScope {
  const exclude = section?.has("exclude") === true ? list(section.get("exclude")) : FLAKE8_DEFAULT_EXCLUDE;
  const patterns = [...exclude, ...list(section?.get("extend-exclude"))].map((pattern) => pattern.replace(/^\.\//, ""));
  const matchers = patterns.map((pattern) => ({ full: pattern.includes("/"), match: picomatch(pattern, { bash: true, dot: true }) }));
  const excluded = (relative: string): boolean => {
    const base = path.posix.basename(relative);
    return matchers.some(({ full, match }) => (full ? match(relative) : match(base)));
  };
  return {
    source: `${configFile ?? "flake8's defaults"} [flake8] exclude`,
    includes: (file) => {
      if (!file.endsWith(".py")) return false;
      const parts = file.split("/");
      return !parts.some((_, index) => excluded(parts.slice(0, index + 1).join("/")));
    },
  };
}

/**
 * mypy's file selection: the `files` setting (comma-separated globs, `**` recursive, or
 * directories) when set; without it mypy checks what it is given, here every `.py`/`.pyi`.
 */
export function mypyScope(section: ReadonlyMap<string, string> | undefined, configFile: string | undefined, defaultTargets: readonly string[]): ConfigScope {
  const files = list(section?.get("files"));
  const isPython = (file: string): boolean => file.endsWith(".py") || file.endsWith(".pyi");
  if (files.length === 0) {
    const roots = defaultTargets.filter((target) => target !== ".");
    return {
      source: roots.length === 0 ? "every Python file (mypy's config sets no files)" : `${roots.join(", ")} (mypy's config sets no files)`,
      includes: (file) => isPython(file) && (roots.length === 0 || roots.some((root) => file === root || file.startsWith(`${root}/`))),
    };
  }
  const matchers = files.map((pattern) => {
    const clean = pattern.replace(/^\.\//, "").replace(/\/$/, "");
    const glob = picomatch(clean, { dot: true });
    return (file: string): boolean => glob(file) || file.startsWith(`${clean}/`);
  });
  return { source: `${configFile ?? "mypy config"} [mypy] files`, includes: (file) => isPython(file) && matchers.some((match) => match(file)) };
}

/** The first of the files flake8 reads by itself (in its own order) that has a [flake8] section. */
export function flake8Config(configs: readonly { readonly file: string; readonly sections: IniSections | undefined }[]): { file: string | undefined; section: ReadonlyMap<string, string> | undefined } {
  for (const { file, sections } of configs) {
    const section = sections?.get("flake8");
    if (section !== undefined) return { file, section };
  }
  return { file: undefined, section: undefined };
}
