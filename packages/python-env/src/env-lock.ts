import { randomBytes } from "node:crypto";
import { readFileSync, rmSync } from "node:fs";
import { mkdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { onExit } from "./exit-cleanup.js";
import { PythonEnvError } from "./python-env-error.js";

interface LockOwner {
  readonly pid: number;
  readonly hostname: string;
  readonly token: string;
  readonly createdAt: string;
  /** The holder's start time in clock ticks since boot (Linux), so a recycled pid is not taken for the holder. */
  readonly startTicks?: string;
}

export interface LockOptions {
  readonly signal?: AbortSignal;
  /** Give up waiting after this long (default 45 minutes: longer than a holder's own create + install timeouts). */
  readonly timeoutMs?: number;
  /** Called once when we start waiting for another holder. */
  readonly onWait?: (holder: string) => void;
}

const OWNER_FILE = "owner.json";
// A lock dir without an owner file is a holder that died between mkdir and writing it; a live
// holder writes it within milliseconds.
const ORPHAN_AFTER_MS = 30_000;
// A holder on another host (a cache on a shared disk) can't be checked by pid.
const FOREIGN_STALE_AFTER_MS = 2 * 60 * 60 * 1000;
const DEFAULT_TIMEOUT_MS = 45 * 60 * 1000;

/**
 * Runs `task` while holding `lockDir`. The lock is a directory (mkdir is atomic on every local
 * filesystem and on NFS) holding owner.json with our pid, host and a random token. Waiters poll;
 * a lock whose pid is gone on this host is stale and is broken. Several callers in one process
 * wait on each other the same way, since the pid they see is alive.
 */
export async function withLock<T>(lockDir: string, task: () => Promise<T>, options: LockOptions = {}): Promise<T> {
  let token: string;
  try {
    token = await acquire(lockDir, options);
  } catch (error) {
    if (options.signal?.aborted === true) throw new PythonEnvError(`Cancelled while waiting for the environment lock ${lockDir}; nothing was changed.`, { cause: error });
    throw error;
  }
  // Ctrl-C in a CLI exits before `finally` runs: the lock goes then too, so the next run need not find it stale.
  const forget = onExit(() => {
    releaseSync(lockDir, token);
  });
  try {
    return await task();
  } finally {
    forget();
    await release(lockDir, token);
  }
}

async function acquire(lockDir: string, options: LockOptions): Promise<string> {
  const token = randomBytes(8).toString("hex");
  const startTicks = await processStartTicks(process.pid);
  const owner: LockOwner = { pid: process.pid, hostname: os.hostname(), token, createdAt: new Date().toISOString(), ...(startTicks === undefined ? {} : { startTicks }) };
  const deadline = Date.now() + (options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  await mkdir(path.dirname(lockDir), { recursive: true });
  let delayMs = 50;
  let told = false;
  for (;;) {
    options.signal?.throwIfAborted();
    try {
      await mkdir(lockDir);
    } catch (error) {
      if (!isCode(error, "EEXIST")) throw error;
      await waitOrBreak();
      continue;
    }
    try {
      await writeFile(path.join(lockDir, OWNER_FILE), JSON.stringify(owner));
      return token;
    } catch (error) {
      await rm(lockDir, { recursive: true, force: true });
      throw error;
    }
  }

  async function waitOrBreak(): Promise<void> {
    const holder = await readOwner(lockDir);
    if (await isStale(lockDir, holder)) {
      await breakStaleLock(lockDir, holder);
      return;
    }
    if (Date.now() > deadline) {
      throw new PythonEnvError(
        `Timed out waiting for the environment lock ${lockDir}, held by ${describeOwner(holder)}. If no other pyflink-devkit run is building environments, delete ${lockDir} and try again.`,
      );
    }
    if (!told) {
      options.onWait?.(describeOwner(holder));
      told = true;
    }
    await sleep(delayMs, undefined, { signal: options.signal });
    delayMs = Math.min(delayMs * 2, 500);
  }
}

async function release(lockDir: string, token: string): Promise<void> {
  // Only remove the lock if it is still ours (it may have been broken as stale and retaken).
  const holder = await readOwner(lockDir);
  if (holder?.token === token) await rm(lockDir, { recursive: true, force: true });
}

function releaseSync(lockDir: string, token: string): void {
  try {
    const holder = JSON.parse(readFileSync(path.join(lockDir, OWNER_FILE), "utf8")) as Partial<LockOwner>;
    if (holder.token === token) rmSync(lockDir, { recursive: true, force: true });
  } catch {
    // No lock any more, or an unreadable one: not ours to remove.
  }
}

async function readOwner(lockDir: string): Promise<LockOwner | undefined> {
  try {
    const parsed = JSON.parse(await readFile(path.join(lockDir, OWNER_FILE), "utf8")) as Partial<LockOwner>;
    if (typeof parsed.pid !== "number" || typeof parsed.hostname !== "string" || typeof parsed.token !== "string") return undefined;
    const startTicks = typeof parsed.startTicks === "string" ? { startTicks: parsed.startTicks } : {};
    return { pid: parsed.pid, hostname: parsed.hostname, token: parsed.token, createdAt: String(parsed.createdAt), ...startTicks };
  } catch {
    return undefined;
  }
}

async function isStale(lockDir: string, holder: LockOwner | undefined): Promise<boolean> {
  const ageMs = await stat(lockDir).then((info) => Date.now() - info.mtimeMs, () => 0);
  if (!holder) return ageMs > ORPHAN_AFTER_MS;
  if (holder.hostname !== os.hostname()) return ageMs > FOREIGN_STALE_AFTER_MS;
  if (!isProcessAlive(holder.pid)) return true;
  if (holder.startTicks === undefined) return false;
  const now = await processStartTicks(holder.pid);
  return now !== undefined && now !== holder.startTicks;
}

/** Field 22 of /proc/<pid>/stat (after the parenthesised command name, which may hold spaces). */
async function processStartTicks(pid: number): Promise<string | undefined> {
  try {
    const stat = await readFile(`/proc/${String(pid)}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19];
  } catch {
    return undefined; // not Linux, or gone
  }
}

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return isCode(error, "EPERM");
  }
}

/**
 * Moves the stale lock aside (rename is atomic, so of several waiters that all saw it stale only
 * one succeeds), then checks that what it moved is the lock it judged stale. If a live holder
 * slipped in between, it is put back.
 */
async function breakStaleLock(lockDir: string, judged: LockOwner | undefined): Promise<void> {
  const aside = `${lockDir}.stale-${randomBytes(4).toString("hex")}`;
  try {
    await rename(lockDir, aside);
  } catch {
    return; // someone else broke or released it
  }
  const moved = await readOwner(aside);
  if (moved?.token !== judged?.token) {
    await rename(aside, lockDir).catch(() => undefined);
    return;
  }
  await rm(aside, { recursive: true, force: true });
}

function describeOwner(holder: LockOwner | undefined): string {
  return holder ? `pid ${holder.pid} on ${holder.hostname} since ${holder.createdAt}` : "a process that has not written its owner file yet";
}

function isCode(error: unknown, code: string): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === code;
}
