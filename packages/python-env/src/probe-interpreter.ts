import { realpath, stat, readFile } from "node:fs/promises";
import path from "node:path";
import { run } from "@pyflink-devkit/runner";
import type { Interpreter } from "./interpreter.js";
import { writeFileAtomic } from "./write-file-atomic.js";

// One short snippet answers everything we need. It must run on every Python 3 we might meet
// (3.6 has no walrus, no f-string `=`), and it prints a tagged line so that a wrapper script that
// chatters on stdout, or a fake that prints garbage, can't be mistaken for an answer.
const PROBE_TAG = "PYFLINK_DEVKIT_PROBE ";
const PROBE_SNIPPET = [
  "import json, platform, sys, sysconfig",
  "libc = platform.libc_ver()",
  "print(" + JSON.stringify(PROBE_TAG) + " + json.dumps({",
  "  'executable': sys.executable,",
  "  'version': platform.python_version(),",
  "  'minor': '%d.%d' % sys.version_info[:2],",
  "  'implementation': sys.implementation.name,",
  "  'platform': sysconfig.get_platform(),",
  "  'libc': [libc[0], libc[1]],",
  "}))",
].join("\n");

/** What a probe learns; the origin is added by the discovery source. */
export type ProbeResult = Omit<Interpreter, "origin">;

export interface ProbeOptions {
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
}

const DEFAULT_PROBE_TIMEOUT_MS = 15_000;

/**
 * Runs the probe snippet with `candidate`. Undefined when it is not a working Python 3 (fails,
 * hangs past the timeout, prints no tagged answer).
 */
export async function probeInterpreter(candidate: string, options: ProbeOptions = {}): Promise<ProbeResult | undefined> {
  let result;
  try {
    result = await run(candidate, ["-I", "-c", PROBE_SNIPPET], {
      // -I keeps PYTHONPATH / user site from changing what we see; PYTHONHOME would still break
      // the interpreter, so it is removed for the probe.
      env: { ...options.env, PYTHONHOME: undefined },
      timeoutMs: options.timeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS,
      signal: options.signal,
      reject: false,
    });
  } catch {
    return undefined; // could not be started at all
  }
  if (result.exitCode !== 0) return undefined;
  const answer = parseProbeOutput(result.stdout);
  if (!answer) return undefined;
  try {
    return { ...answer, executable: await realpath(answer.executable) };
  } catch {
    return undefined;
  }
}

export function parseProbeOutput(stdout: string): ProbeResult | undefined {
  const line = stdout.split("\n").reverse().find((l) => l.startsWith(PROBE_TAG));
  if (line === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(line.slice(PROBE_TAG.length));
  } catch {
    return undefined;
  }
  return toProbeResult(parsed);
}

/** Checks the shape of a probe answer (from the interpreter, or from the cache file on disk). */
function toProbeResult(parsed: unknown): ProbeResult | undefined {
  if (typeof parsed !== "object" || parsed === null) return undefined;
  const record = parsed as Record<string, unknown>;
  const { executable, version, minor, implementation, platform, libc } = record;
  if (typeof executable !== "string" || !path.isAbsolute(executable)) return undefined;
  if (typeof version !== "string" || typeof minor !== "string" || !/^\d+\.\d+$/.test(minor)) return undefined;
  if (typeof implementation !== "string" || typeof platform !== "string") return undefined;
  // From the interpreter: libc is platform.libc_ver(); from the cache: the glibc we kept.
  const fromLibc = Array.isArray(libc) && libc[0] === "glibc" && typeof libc[1] === "string" && libc[1] !== "" ? libc[1] : undefined;
  const glibc = fromLibc ?? (typeof record.glibc === "string" ? record.glibc : undefined);
  return { executable, version, minor, implementation, platform, ...(glibc === undefined ? {} : { glibc }) };
}

interface CacheEntry {
  readonly mtimeMs: number;
  readonly size: number;
  readonly result: ProbeResult;
}

function toCacheEntry(value: unknown): CacheEntry | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const { mtimeMs, size, result } = value as Record<string, unknown>;
  const checked = toProbeResult(result);
  if (typeof mtimeMs !== "number" || typeof size !== "number" || !checked) return undefined;
  return { mtimeMs, size, result: checked };
}

interface ProbeCacheFile {
  readonly format: 1;
  readonly entries: Record<string, CacheEntry>;
}

/**
 * Probe results keyed by the candidate's real path plus its mtime and size, in memory and in a JSON
 * file, so a second discovery (or a second CLI run) starts no Python at all for unchanged
 * interpreters. A candidate that turns out to be a wrapper (a pyenv shim, whose answer depends on
 * `pyenv global`, not on the shim file) is never cached.
 */
export class ProbeCache {
  private readonly memory = new Map<string, CacheEntry>();
  private loaded: Promise<void> | undefined;
  private dirty = false;

  constructor(private readonly file: string | undefined) {}

  async probe(candidate: string, options: ProbeOptions): Promise<{ result: ProbeResult | undefined; wrapper: boolean }> {
    await this.load();
    let real: string;
    let mtimeMs: number;
    let size: number;
    try {
      real = await realpath(candidate);
      const info = await stat(real);
      if (!info.isFile()) return { result: undefined, wrapper: false };
      ({ mtimeMs, size } = info);
    } catch {
      return { result: undefined, wrapper: false };
    }
    const cached = this.memory.get(real);
    if (cached?.mtimeMs === mtimeMs && cached.size === size) return { result: cached.result, wrapper: false };
    const result = await probeInterpreter(candidate, options);
    if (!result) return { result: undefined, wrapper: false };
    // The real file answered for itself (or, for a venv's python, for the base interpreter it
    // links to): stable as long as the file is. Otherwise it exec'd something else.
    const wrapper = result.executable !== real;
    if (!wrapper) {
      this.memory.set(real, { mtimeMs, size, result });
      this.dirty = true;
    }
    return { result, wrapper };
  }

  async save(): Promise<void> {
    if (!this.file || !this.dirty) return;
    const content: ProbeCacheFile = { format: 1, entries: Object.fromEntries(this.memory) };
    try {
      await writeFileAtomic(this.file, `${JSON.stringify(content, null, 1)}\n`);
      this.dirty = false;
    } catch {
      // A read-only cache dir only costs speed next time.
    }
  }

  private load(): Promise<void> {
    this.loaded ??= this.readFile();
    return this.loaded;
  }

  private async readFile(): Promise<void> {
    if (!this.file) return;
    try {
      const parsed = JSON.parse(await readFile(this.file, "utf8")) as { format?: unknown; entries?: unknown };
      if (parsed.format !== 1 || typeof parsed.entries !== "object" || parsed.entries === null) return;
      for (const [key, value] of Object.entries(parsed.entries)) {
        const entry = toCacheEntry(value);
        if (entry && !this.memory.has(key)) this.memory.set(key, entry);
      }
    } catch {
      // Missing or corrupt: probe again.
    }
  }
}
