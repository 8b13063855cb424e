import { createHash } from "node:crypto";
import { access, readdir, readFile } from "node:fs/promises";
import path from "node:path";
import ignore, { type Ignore } from "ignore";
import { run } from "@pyflink-devkit/runner";

/** The project's files (relative, sorted) with a content hash each. */
export type FileHashes = ReadonlyMap<string, string>;

// Never inputs, whatever .gitignore says: VCS data and caches tools write into the project.
const ALWAYS_SKIPPED = new Set([".git", ".hg", ".svn", "__pycache__", ".mypy_cache", ".pytest_cache", ".ruff_cache"]);

/**
 * The files git would track in the project: inside a git work tree, `git ls-files` (tracked plus
 * untracked-but-not-ignored); outside one, a walk that applies the same .gitignore files (the
 * project's own and its ancestors'), pruning ignored directories without entering them. Either way
 * a gitignored `target/` jar or a `dev/.uv` of tens of thousands of files is never read.
 */
export async function listProjectFiles(dir: string, signal?: AbortSignal): Promise<string[]> {
  const fromGit = await gitFiles(dir, signal);
  const files = fromGit ?? (await walkFiles(dir));
  return files.filter((file) => !file.split("/").some((part) => ALWAYS_SKIPPED.has(part))).sort();
}

/**
 * Hashes the files git would track by content. Content, not mtime: a `git checkout` or a touch that
 * changes nothing must not invalidate results.
 */
export async function hashProjectFiles(dir: string, signal?: AbortSignal): Promise<FileHashes> {
  const files = await listProjectFiles(dir, signal);
  const hashes = await Promise.all(
    files.map(async (file) => {
      const content = await readFile(path.join(dir, file)).catch(() => undefined);
      return [file, content === undefined ? "unreadable" : createHash("sha256").update(content).digest("hex")] as const;
    }),
  );
  return new Map(hashes);
}

/** One hash over the given files' paths and content hashes. */
export function hashFiles(hashes: FileHashes, include: (file: string) => boolean): string {
  const digest = createHash("sha256");
  for (const [file, hash] of hashes) {
    if (include(file)) digest.update(`${file}\0${hash}\n`);
  }
  return digest.digest("hex");
}

async function gitFiles(dir: string, signal?: AbortSignal): Promise<string[] | undefined> {
  if ((await findUp(dir, ".git")) === undefined) return undefined;
  const result = await run("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", "."], { cwd: dir, signal, reject: false }).catch(() => undefined);
  if (result?.exitCode !== 0) return undefined;
  // ls-files lists deleted-but-tracked files too; they are simply unreadable when hashed.
  return [...new Set(result.stdout.split("\0").filter((file) => file !== ""))];
}

interface IgnoreRules {
  /** The directory the rules are relative to. */
  readonly base: string;
  readonly rules: Ignore;
}

async function walkFiles(root: string): Promise<string[]> {
  const inherited = await ancestorRules(root);
  const files: string[] = [];
  const visit = async (dir: string, rules: readonly IgnoreRules[]): Promise<void> => {
    const own = await readRules(dir);
    const active = own === undefined ? rules : [...rules, own];
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    const subdirs: string[] = [];
    for (const entry of entries) {
      if (ALWAYS_SKIPPED.has(entry.name)) continue;
      const full = path.join(dir, entry.name);
      const isDir = entry.isDirectory();
      if (!isDir && !entry.isFile()) continue;
      if (isIgnored(active, full, isDir)) continue;
      if (isDir) subdirs.push(full);
      else files.push(path.relative(root, full).split(path.sep).join("/"));
    }
    await Promise.all(subdirs.map((subdir) => visit(subdir, active)));
  };
  await visit(root, inherited);
  return files;
}

function isIgnored(rules: readonly IgnoreRules[], file: string, isDir: boolean): boolean {
  let ignored = false;
  // Later (deeper) files override earlier ones, as in git; a negation can re-include.
  for (const { base, rules: matcher } of rules) {
    const relative = path.relative(base, file).split(path.sep).join("/");
    const result = matcher.test(isDir ? `${relative}/` : relative);
    if (result.ignored) ignored = true;
    else if (result.unignored) ignored = false;
  }
  return ignored;
}

/** .gitignore files of the ancestors, outermost first, up to the filesystem root. */
async function ancestorRules(root: string): Promise<IgnoreRules[]> {
  const rules: IgnoreRules[] = [];
  let dir = path.dirname(path.resolve(root));
  for (;;) {
    const found = await readRules(dir);
    if (found !== undefined) rules.unshift(found);
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return rules;
}

async function readRules(dir: string): Promise<IgnoreRules | undefined> {
  const text = await readFile(path.join(dir, ".gitignore"), "utf8").catch(() => undefined);
  return text === undefined ? undefined : { base: dir, rules: ignore().add(text) };
}

async function findUp(dir: string, name: string): Promise<string | undefined> {
  let current = path.resolve(dir);
  for (;;) {
    const candidate = path.join(current, name);
    if (await access(candidate).then(() => true, () => false)) return candidate;
    const parent = path.dirname(current);
    if (parent === current) return undefined;
    current = parent;
  }
}
