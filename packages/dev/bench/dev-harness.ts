// Drives the real pyflink-dev bin on a temporary copy of this repository's Python side: used by
// the end-to-end test and by the dev-loop benchmark, so both measure the same thing.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { discoverInterpreters } from "@pyflink-devkit/python-env";

/** packages/dev, from src/bench or from .bench-dist/bench. */
export const packageDir = [path.resolve(path.dirname(fileURLToPath(import.meta.url)), ".."), path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..")].find((dir) =>
  existsSync(path.join(dir, "package.json")) && existsSync(path.join(dir, "src")),
) ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const repositoryRoot = path.resolve(packageDir, "..", "..");
export const devBin = path.join(packageDir, "dist", "bin", "pyflink-dev.js");

// What the dev loop reads in this repository's layout; nothing else (no node_modules: the bin runs
// from packages/dev/dist and resolves the toolchain from there).
const COPIED = ["pnpm-workspace.yaml", "proto", "packages/fn-execution-py/pyproject.toml", "packages/fn-execution-py/src", "packages/fn-execution-py/tests", "packages/fn-execution/src/gen"] as const;

/** A temporary copy of the repository's protos and Python package, laid out as the repository. */
export function copyProject(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "pyflink-dev-e2e-"));
  for (const entry of COPIED) {
    const from = path.join(repositoryRoot, entry);
    if (!existsSync(from)) continue;
    mkdirSync(path.dirname(path.join(dir, entry)), { recursive: true });
    cpSync(from, path.join(dir, entry), { recursive: true, filter: (source) => !source.includes("__pycache__") && !source.includes(".mypy_cache") });
  }
  return dir;
}

/** Whether a Python >= 3.11 (the repository's package's requires-python) is installed. */
export async function hasPython311(): Promise<boolean> {
  const interpreters = await discoverInterpreters().catch(() => []);
  return interpreters.some((interpreter) => interpreter.minor.startsWith("3.") && Number(interpreter.minor.split(".")[1]) >= 11);
}

/**
 * The built bin started on a fresh copy of the repository (`prepare` may add files first), once it
 * says it is ready; the first run on a machine builds the lint and test environments (minutes).
 */
export async function startOnCopy(args: (project: string) => readonly string[] = () => [], prepare: (project: string) => void = () => undefined): Promise<{ project: string; dev: DevProcess }> {
  if (!existsSync(devBin)) throw new Error(`${devBin} is missing: build the package first (pnpm exec turbo run build --filter=@pyflink-devkit/dev...)`);
  const project = copyProject();
  prepare(project);
  const dev = new DevProcess(project, args(project));
  await dev.waitFor(/^pyflink-dev: ready/, 0, 540_000);
  return { project, dev };
}

/** Ctrl-C for a bin still running, then the copy removed. */
export async function stopOnCopy(started: { project: string; dev: DevProcess } | undefined): Promise<void> {
  if (started === undefined) return;
  if (started.dev.child.exitCode === null) await started.dev.interrupt();
  rmSync(started.project, { recursive: true, force: true });
}

export interface OutputLine {
  readonly text: string;
  /** performance.now() when it arrived. */
  readonly at: number;
}

/** The running bin: its output lines as they arrive, and ways to wait for them. */
export class DevProcess {
  readonly child: ChildProcess;
  readonly lines: OutputLine[] = [];
  readonly exited: Promise<number | null>;
  #waiters: (() => void)[] = [];

  constructor(cwd: string, args: readonly string[] = [], env: Readonly<Record<string, string>> = {}) {
    this.child = spawn(process.execPath, [devBin, ...args], {
      cwd,
      env: { ...process.env, CI: "true", PIP_RETRIES: "0", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let pending = "";
    const take = (chunk: Buffer): void => {
      const parts = (pending + chunk.toString("utf8")).split("\n");
      pending = parts.pop() ?? "";
      const at = performance.now();
      for (const text of parts) this.lines.push({ text, at });
      for (const wake of this.#waiters.splice(0)) wake();
    };
    this.child.stdout?.on("data", take);
    this.child.stderr?.on("data", take);
    this.exited = new Promise((resolve) => {
      this.child.on("exit", (code) => {
        for (const wake of this.#waiters.splice(0)) wake();
        resolve(code);
      });
    });
  }

  /** The first line from index `from` on that matches, waiting up to `timeoutMs`. */
  async waitFor(pattern: RegExp, from: number, timeoutMs: number): Promise<OutputLine & { readonly index: number }> {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const index = this.lines.findIndex((line, i) => i >= from && pattern.test(line.text));
      const found = this.lines[index];
      if (found !== undefined) return { ...found, index };
      const left = deadline - performance.now();
      if (left <= 0 || this.child.exitCode !== null) {
        throw new Error(`no line matching ${String(pattern)} within ${timeoutMs} ms; output so far:\n${this.lines.map((line) => line.text).join("\n")}`);
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 1000));
        this.#waiters.push(() => { clearTimeout(timer); resolve(); });
      });
    }
  }

  /** Sends SIGINT (Ctrl-C) and waits for the exit code. */
  async interrupt(): Promise<number | null> {
    this.child.kill("SIGINT");
    return this.exited;
  }
}

/** Every process below `pid`, by walking /proc (the runner puts children in their own groups). */
export function descendantsOf(pid: number): { pid: number; ppid: number; command: string }[] {
  const parents = new Map<number, number[]>();
  const commands = new Map<number, string>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      // The command name is in parentheses and may hold spaces: the ppid is the 2nd field after it.
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      const children = parents.get(ppid) ?? [];
      children.push(Number(entry));
      parents.set(ppid, children);
      commands.set(Number(entry), readFileSync(`/proc/${entry}/cmdline`, "utf8").replaceAll("\0", " ").trim());
    } catch {
      // Gone while we looked.
    }
  }
  const found: { pid: number; ppid: number; command: string }[] = [];
  const queue = (parents.get(pid) ?? []).map((child) => ({ child, parent: pid }));
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    found.push({ pid: next.child, ppid: next.parent, command: commands.get(next.child) ?? "" });
    queue.push(...(parents.get(next.child) ?? []).map((child) => ({ child, parent: next.child })));
  }
  return found;
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Writes a file the way an editor's save ends: the new content in place. */
export function save(file: string, content: string): number {
  const at = performance.now();
  writeFileSync(file, content);
  return at;
}

/** How an editor or tool writes a file; each returns performance.now() at the start of the save. */
export type SaveStyle = (file: string, content: string) => void;

let scratchCounter = 0;
function scratchFile(): string {
  const dir = path.join(tmpdir(), "pyflink-dev-saves");
  mkdirSync(dir, { recursive: true });
  return path.join(dir, `${process.pid}-${++scratchCounter}`);
}

function runTool(command: string, args: readonly string[]): void {
  const result = spawnSync(command, args, { stdio: ["ignore", "pipe", "pipe"], timeout: 120_000 });
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} failed (${String(result.status)}): ${result.stderr.toString()}`);
}

function hasTool(command: string): boolean {
  return spawnSync(command, ["--version"], { stdio: "ignore" }).status === 0;
}

/**
 * The ways a save reaches the disk: in place (most editors), a temp file renamed over it
 * (JetBrains' safe write, formatters), real `sed -i` and real vim (both replace the file by
 * rename), delete then create, a file moved in from elsewhere, and its whole directory removed
 * and created again. Styles whose tool is absent are left out.
 */
export const SAVE_STYLES: Readonly<Record<string, SaveStyle>> = {
  "in place": (file, content) => { writeFileSync(file, content); },
  "rename over": (file, content) => {
    const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
    writeFileSync(temp, content);
    renameSync(temp, file);
  },
  ...(hasTool("sed")
    ? {
        "sed -i": (file: string, content: string) => {
          // Every line is deleted and, at the last one, the new text read in: sed writes a temp file and renames it over.
          const source = scratchFile();
          writeFileSync(source, content);
          runTool("sed", ["-i", "-e", `$r ${source}`, "-e", "d", file]);
          rmSync(source, { force: true });
        },
      }
    : {}),
  ...(hasTool("vim")
    ? {
        vim: (file: string, content: string) => {
          // Vim defaults (-N): writebackup with backupcopy=auto renames the original away and writes a new file.
          const source = scratchFile();
          writeFileSync(source, content);
          runTool("vim", ["-u", "NONE", "-i", "NONE", "-N", "-n", "-X", "-Es", "-c", "%d", "-c", `call setline(1, readfile('${source}'))`, "-c", "wq", file]);
          rmSync(source, { force: true });
        },
      }
    : {}),
  "delete + create": (file, content) => {
    unlinkSync(file);
    writeFileSync(file, content);
  },
  "moved in": (file, content) => {
    const source = scratchFile();
    writeFileSync(source, content);
    renameSync(source, file);
  },
  "directory recreated": (file, content) => {
    // The file's directory goes away with everything in it, and comes back (a branch switch, a rebuild).
    const dir = path.dirname(file);
    const siblings = readdirSync(dir, { withFileTypes: true }).filter((entry) => entry.isFile() && path.join(dir, entry.name) !== file);
    const kept = siblings.map((entry) => ({ name: entry.name, text: readFileSync(path.join(dir, entry.name)) }));
    rmSync(dir, { recursive: true });
    mkdirSync(dir);
    for (const sibling of kept) writeFileSync(path.join(dir, sibling.name), sibling.text);
    writeFileSync(file, content);
  },
};
