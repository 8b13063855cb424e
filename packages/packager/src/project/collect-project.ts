// Walks the job project and sorts its files into entry / own sources / jars / data, leaving out
// what must never ship by default (secrets, VCS, virtualenvs, caches, a local
// application_properties.json). What was left out is reported; `include` globs override.
import { lstat, readdir, readFile, realpath, stat } from "node:fs/promises";
import path from "node:path";
import picomatch from "picomatch";
import { PackError } from "../pack-error.js";
import { findSecrets } from "./secret-scan.js";

export interface ProjectFile {
  /** Path relative to the project, with `/`. */
  readonly rel: string;
  readonly abs: string;
  readonly executable: boolean;
}

interface ExclusionRule {
  readonly glob: string;
  readonly reason: string;
  /** true: the glob names a directory, which is not descended into. */
  readonly dir?: boolean;
}

// Safe defaults (docs/packaging-facts.md G11). Data, read by `exclusionFor`. Globs match the base name
// unless they contain a slash.
export const DEFAULT_EXCLUSIONS: readonly ExclusionRule[] = [
  { glob: ".env", reason: "secrets (dotenv)" },
  { glob: ".env.*", reason: "secrets (dotenv)" },
  { glob: "*.pem", reason: "key/certificate file" },
  { glob: "*.key", reason: "key file" },
  { glob: "*.p12", reason: "key store" },
  { glob: "*.pfx", reason: "key store" },
  { glob: "*.jks", reason: "key store" },
  { glob: "*.keystore", reason: "key store" },
  { glob: "id_rsa*", reason: "SSH key" },
  { glob: "id_dsa*", reason: "SSH key" },
  { glob: "id_ecdsa*", reason: "SSH key" },
  { glob: "id_ed25519*", reason: "SSH key" },
  { glob: "credentials*", reason: "credentials file" },
  { glob: ".netrc", reason: "credentials file" },
  { glob: ".pypirc", reason: "credentials file" },
  // Secret-named data files (a token.txt or secrets.yaml beside a package's modules); code files
  // (token.py is a stdlib module name) are left to the content scan.
  { glob: "{secret,secrets,token,tokens,api_key,api-key,apikey,password,passwords}.{txt,json,yaml,yml,toml,ini,cfg,conf,env,properties}", reason: "secrets file (by name)" },
  { glob: "*.{secret,secrets,token}", reason: "secrets file (by name)" },
  { glob: ".aws", reason: "AWS credentials directory", dir: true },
  { glob: ".ssh", reason: "SSH directory", dir: true },
  { glob: ".git", reason: "version control", dir: true },
  { glob: ".hg", reason: "version control", dir: true },
  { glob: ".svn", reason: "version control", dir: true },
  { glob: "__pycache__", reason: "bytecode cache", dir: true },
  { glob: "*.pyc", reason: "bytecode" },
  { glob: "*.pyo", reason: "bytecode" },
  { glob: ".pytest_cache", reason: "tool cache", dir: true },
  { glob: ".mypy_cache", reason: "tool cache", dir: true },
  { glob: ".ruff_cache", reason: "tool cache", dir: true },
  { glob: ".tox", reason: "tool cache", dir: true },
  { glob: ".nox", reason: "tool cache", dir: true },
  { glob: "node_modules", reason: "node dependencies", dir: true },
  { glob: ".idea", reason: "editor settings", dir: true },
  { glob: ".vscode", reason: "editor settings", dir: true },
  { glob: ".DS_Store", reason: "OS metadata" },
  { glob: "*.egg-info", reason: "build metadata", dir: true },
  // Build leftovers: Maven's output (pack builds pom.xml itself), setuptools' build/, and the dep/
  // folder of the `pip install --target dep` recipe, which would ship as the job's own code.
  { glob: "target", reason: "Maven build output (pack builds pom.xml's jar itself)", dir: true },
  { glob: "build", reason: "build output", dir: true },
  { glob: "dep", reason: "a pip --target leftover (declare the packages in requirements.txt instead)", dir: true },
  { glob: "application_properties.json", reason: "MSF runtime properties (merged into the deploy config, not shipped)" },
  { glob: "pyflink-pack.json", reason: "packager config" },
  { glob: "pyflink-pack.lock.json", reason: "packager output" },
];

export interface ExcludedPath {
  readonly path: string;
  readonly reason: string;
}

export interface CollectOptions {
  readonly projectDir: string;
  readonly entry: string | undefined;
  readonly sourceRoot: string;
  readonly sources: readonly string[] | undefined;
  readonly jars: readonly string[] | undefined;
  readonly data: readonly string[] | undefined;
  readonly include: readonly string[];
  readonly exclude: readonly string[];
  /** Absolute paths never walked (the output directory when it sits inside the project). */
  readonly skipAbsolute: readonly string[];
}

export interface CollectedProject {
  readonly entry: ProjectFile | undefined;
  /** Own modules/packages, relative to sourceRoot in `rel`. */
  readonly sources: readonly ProjectFile[];
  readonly jars: readonly ProjectFile[];
  /** Data files, relative to the project. */
  readonly data: readonly ProjectFile[];
  readonly excluded: readonly ExcludedPath[];
  readonly warnings: readonly string[];
  /** Every project file not left out, whatever it was sorted into (or none), `rel` relative to the project. */
  readonly files: readonly ProjectFile[];
}

/** A glob naming a directory (`"data"`, `"data/"`) takes the files below it too. */
const withDirectoryFiles = (globs: readonly string[]): string[] => globs.flatMap((glob) => [glob, `${glob.replace(/\/+$/, "")}/**`]);

const match = (globs: readonly string[]): ((p: string) => boolean) => (globs.length === 0 ? () => false : picomatch([...globs], { dot: true }));

function exclusionFor(rel: string, isDir: boolean, extraExcluded: (p: string) => boolean): string | undefined {
  const base = path.posix.basename(rel);
  for (const rule of DEFAULT_EXCLUSIONS) {
    if (rule.dir === true && !isDir) continue;
    if (picomatch.isMatch(base, rule.glob, { dot: true })) return rule.reason;
  }
  if (extraExcluded(rel) || (isDir && extraExcluded(`${rel}/`))) return "excluded by config";
  return undefined;
}

async function isVirtualenv(dir: string): Promise<boolean> {
  for (const marker of ["pyvenv.cfg", "conda-meta"]) {
    try {
      await lstat(path.join(dir, marker));
      return true;
    } catch {
      // not this marker
    }
  }
  return false;
}

async function isExecutable(abs: string): Promise<boolean> {
  return ((await stat(abs)).mode & 0o111) !== 0;
}

/** Why `rel` or a directory above it is left out by the rules, if it is. */
function excludedAlong(rel: string, isDir: boolean, extraExcluded: (p: string) => boolean): string | undefined {
  const parts = rel.split("/");
  for (let index = 1; index <= parts.length; index++) {
    const why = exclusionFor(parts.slice(0, index).join("/"), index < parts.length || isDir, extraExcluded);
    if (why !== undefined) return why;
  }
  return undefined;
}

const STRICT_UTF8 = new TextDecoder("utf-8", { fatal: true });

/** A file name as bytes, printable: ASCII as is, every other byte as \xNN. */
function showBytes(name: Buffer): string {
  return [...name].map((byte) => (byte >= 0x20 && byte < 0x7f && byte !== 0x5c ? String.fromCharCode(byte) : `\\x${byte.toString(16).padStart(2, "0")}`)).join("");
}

function inside(root: string, candidate: string): boolean {
  const rel = path.relative(root, candidate);
  return rel === "" || (rel !== ".." && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
}

/** Every file of the project (sorted), minus exclusions; directories excluded whole are reported once. */
async function walk(options: CollectOptions, includeGlob: (p: string) => boolean, excludeGlob: (p: string) => boolean) {
  const files: ProjectFile[] = [];
  const excluded: ExcludedPath[] = [];
  const warnings: string[] = [];
  const notUtf8: string[] = [];
  const skip = new Set(options.skipAbsolute.map((p) => path.resolve(p)));
  const root = await realpath(options.projectDir);

  // `realDirs`: the real paths of the directories being walked (a link back to one is a loop).
  async function visit(relDir: string, realDirs: readonly string[]): Promise<void> {
    const absDir = path.join(options.projectDir, relDir);
    // Names as bytes: a name that is not UTF-8 cannot be named in a zip that Flink's Java and
    // Python readers agree on, so it is refused by name (see the commit that added this).
    const raw = await readdir(absDir, { withFileTypes: true, encoding: "buffer" });
    const entries: { name: string; entry: (typeof raw)[number] }[] = [];
    for (const entry of raw) {
      let name: string;
      try {
        name = STRICT_UTF8.decode(entry.name);
      } catch {
        const shown = relDir === "" ? showBytes(entry.name) : `${relDir}/${showBytes(entry.name)}`;
        // Left out quietly when a rule would leave it out anyway (a cache dir, an exclude glob).
        const lossy = relDir === "" ? entry.name.toString("utf8") : `${relDir}/${entry.name.toString("utf8")}`;
        if (exclusionFor(lossy, entry.isDirectory(), excludeGlob) === undefined) notUtf8.push(shown);
        else excluded.push({ path: entry.isDirectory() ? `${shown}/` : shown, reason: "excluded (name is not UTF-8)" });
        continue;
      }
      entries.push({ name, entry });
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const { name, entry } of entries) {
      const rel = relDir === "" ? name : `${relDir}/${name}`;
      const abs = path.join(absDir, name);
      if (skip.has(abs)) continue;
      let isDir = entry.isDirectory();
      let realDir: string | undefined = isDir ? path.join(realDirs[realDirs.length - 1] ?? root, name) : undefined;
      if (entry.isSymbolicLink()) {
        const target = await realpath(abs).catch(() => undefined);
        const targetInfo = target === undefined ? undefined : await stat(target).catch(() => undefined);
        if (target === undefined || targetInfo === undefined) {
          warnings.push(`${rel}: broken symlink, left out`);
          continue;
        }
        isDir = targetInfo.isDirectory();
        const shown = isDir ? `${rel}/` : rel;
        if (!inside(root, target)) {
          // What a link points to outside the project is not the project's to ship (a link to
          // /etc/shadow must not put its contents in a bundle); an explicit --include takes it.
          if (!(includeGlob(rel) || (isDir && includeGlob(`${rel}/`)))) {
            excluded.push({ path: shown, reason: `symlink to ${target}, outside the project (copy it in, or --include ${shown} to ship it)` });
            continue;
          }
          warnings.push(`${shown}: symlink to ${target}, outside the project; shipped because --include names it`);
        } else if (!(includeGlob(rel) || (isDir && includeGlob(`${rel}/`)))) {
          // A link inside the project must not ship under its own name what the rules leave out
          // under the target's (data/config.env → ../.env, keys → ../.ssh).
          const targetRel = path.relative(root, target).split(path.sep).join("/");
          const why = targetRel === "" ? undefined : excludedAlong(targetRel, isDir, excludeGlob);
          if (why !== undefined) {
            excluded.push({ path: shown, reason: `symlink to ${targetRel}, which is left out (${why})` });
            continue;
          }
        }
        if (isDir && realDirs.includes(target)) {
          warnings.push(`${shown}: symlink to ${target}, a directory that contains it (a loop), left out`);
          continue;
        }
        realDir = isDir ? target : undefined;
      }
      const forced = includeGlob(rel) || (isDir && includeGlob(`${rel}/`));
      let reason = forced ? undefined : exclusionFor(rel, isDir, excludeGlob);
      if (reason === undefined && isDir && !forced && (await isVirtualenv(abs))) reason = "virtual environment";
      if (reason !== undefined) {
        // A directory forced in by an include glob deeper down is still walked.
        const wantsInside = isDir && options.include.some((g) => g.startsWith(`${rel}/`));
        if (!wantsInside) {
          excluded.push({ path: isDir ? `${rel}/` : rel, reason });
          continue;
        }
      }
      if (isDir) await visit(rel, [...realDirs, realDir ?? abs]);
      else if (entry.isFile() || entry.isSymbolicLink()) files.push({ rel, abs, executable: await isExecutable(abs) });
    }
  }
  await visit("", [root]);
  if (notUtf8.length > 0) {
    throw new PackError(
      "project",
      `${options.projectDir}: ${notUtf8.length} file name(s) are not UTF-8: ${notUtf8.slice(0, 5).join(", ")}${notUtf8.length > 5 ? ", …" : ""}. Flink's workers read zip entry names as UTF-8, so they would arrive under another name or not at all. Rename them to UTF-8 (e.g. \`convmv -f latin1 -t utf8 --notest -r <dir>\`), or leave out the directory that holds them with --exclude.`,
    );
  }
  return { files, excluded, warnings };
}

/** The default notion of "own source": .py files and anything inside a directory holding an __init__.py. */
function defaultSourceFilter(files: readonly ProjectFile[]): (file: ProjectFile) => boolean {
  const packageDirs = new Set(files.filter((f) => path.posix.basename(f.rel) === "__init__.py").map((f) => path.posix.dirname(f.rel)));
  return (file) => {
    if (file.rel.endsWith(".py")) return true;
    for (let dir = path.posix.dirname(file.rel); dir !== "."; dir = path.posix.dirname(dir)) if (packageDirs.has(dir)) return true;
    return false;
  };
}

export async function collectProject(options: CollectOptions): Promise<CollectedProject> {
  const projectStat = await stat(options.projectDir).catch(() => undefined);
  if (!projectStat?.isDirectory()) throw new PackError("project", `--project ${options.projectDir}: not a directory. Point --project at the job project.`);

  const walked = await walk(options, match(options.include), match(options.exclude));
  const { excluded, warnings } = walked;
  // Secrets by content: what the name rules missed (a key pasted into config.py). --include wins.
  const included = match(options.include);
  const files: ProjectFile[] = [];
  for (const file of walked.files) {
    const secrets = included(file.rel) ? [] : await findSecrets(file.abs, file.rel);
    if (secrets.length === 0) files.push(file);
    else excluded.push({ path: file.rel, reason: `holds a secret (${secrets.join("; ")}); remove it, or --include ${file.rel} if it is not one` });
  }
  const byRel = new Map(files.map((f) => [f.rel, f]));

  let entry: ProjectFile | undefined;
  if (options.entry !== undefined) {
    const resolved = path.resolve(options.projectDir, options.entry);
    const rel = path.relative(path.resolve(options.projectDir), resolved).split(path.sep).join("/");
    if (!inside(path.resolve(options.projectDir), resolved)) {
      throw new PackError("project", `Entry script ${options.entry} is outside the project ${options.projectDir}: the bundle ships files of the project only. Move the script into the project and set "entry" (or --entry) to its path relative to the project.`);
    }
    entry = byRel.get(rel);
    if (!entry) {
      const exists = await stat(path.join(options.projectDir, rel)).catch(() => undefined);
      const reason = excluded.find((item) => item.path === rel)?.reason;
      const why = !exists ? "does not exist" : reason === undefined ? "is excluded by the safe defaults or your exclude globs" : `is left out: ${reason}`;
      throw new PackError("project", `Entry script ${rel} ${why} in ${options.projectDir}. Create it, or set "entry" in pyflink-pack.json (or --entry) to the job's main script.`);
    }
    if (!rel.endsWith(".py")) throw new PackError("project", `Entry script ${rel} is not a .py file. Point "entry" at the job's main Python script.`);
  }

  const jarMatch = options.jars === undefined ? (f: ProjectFile) => f.rel.endsWith(".jar") : ((m) => (f: ProjectFile) => m(f.rel))(match(withDirectoryFiles(options.jars)));
  const dataMatch = ((m) => (f: ProjectFile) => m(f.rel))(match(withDirectoryFiles(options.data ?? [])));
  // Jar order is classpath order (the first jar's copy of a duplicate class wins, in a merged jar
  // and in pipeline.jars): the order of the "jars" globs, files of one glob alphabetically.
  const jarRank = (f: ProjectFile): number => (options.jars ?? []).findIndex((glob) => match(withDirectoryFiles([glob]))(f.rel));
  const jars = files.filter((f) => f !== entry && jarMatch(f)).sort((a, b) => jarRank(a) - jarRank(b));
  const data = files.filter((f) => f !== entry && !jars.includes(f) && dataMatch(f));
  for (const [key, globs, taken] of [["jars", options.jars, jars], ["data", options.data, data]] as const) {
    for (const glob of globs ?? []) {
      const m = match(withDirectoryFiles([glob]));
      if (!taken.some((f) => m(f.rel))) warnings.push(`"${key}" glob "${glob}" matches no file in the project (left-out paths do not count), so nothing is shipped for it. Fix the glob, or drop it.`);
    }
  }

  const root = options.sourceRoot.split(path.sep).join("/").replace(/^\.\/?/, "").replace(/\/$/, "");
  const prefix = root === "" ? "" : `${root}/`;
  const isSource = options.sources === undefined ? defaultSourceFilter(files) : ((m) => (f: ProjectFile) => m(f.rel))(match(options.sources));
  const forced = match(options.include);
  const sources: ProjectFile[] = [];
  for (const file of files) {
    if (file === entry || jars.includes(file) || data.includes(file)) continue;
    if (!isSource(file) && !forced(file.rel)) continue;
    if (!file.rel.startsWith(prefix)) {
      warnings.push(`${file.rel}: outside sourceRoot "${root}", not shipped as a module`);
      continue;
    }
    sources.push({ ...file, rel: file.rel.slice(prefix.length) });
  }
  return { entry, sources, jars, data, excluded, warnings, files };
}

/** Reads a file of the project as text, or undefined when it is absent. */
export async function readProjectText(projectDir: string, rel: string): Promise<string | undefined> {
  try {
    return await readFile(path.resolve(projectDir, rel), "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}
