import { readFile } from "node:fs/promises";
import { writeFileAtomic } from "@pyflink-devkit/python-env";

export interface StoredResult {
  readonly key: string;
  readonly status: "passed" | "failed" | "skipped";
  readonly problems: number;
  readonly durationMs: number;
  readonly log: string;
  readonly note?: string;
  readonly findings?: readonly string[];
  /** The run re-checked only what changed since an earlier pass (an incremental docs build). */
  readonly partial?: boolean;
}

const FORMAT = 2;

// Checked by hand rather than with a schema library: this runs on every no-change rerun, where
// start-up time is the whole budget.
function isStoredResult(value: unknown): value is StoredResult {
  if (typeof value !== "object" || value === null) return false;
  const entry = value as Record<string, unknown>;
  return (
    typeof entry.key === "string" &&
    (entry.status === "passed" || entry.status === "failed" || entry.status === "skipped") &&
    typeof entry.problems === "number" &&
    typeof entry.durationMs === "number" &&
    typeof entry.log === "string" &&
    (entry.note === undefined || typeof entry.note === "string") &&
    (entry.partial === undefined || typeof entry.partial === "boolean") &&
    (entry.findings === undefined || (Array.isArray(entry.findings) && entry.findings.every((line) => typeof line === "string")))
  );
}

function parseStore(text: string): Map<string, StoredResult> {
  const results = new Map<string, StoredResult>();
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return results;
  }
  if (typeof data !== "object" || data === null) return results;
  const store = data as { version?: unknown; results?: unknown };
  if (store.version !== FORMAT || typeof store.results !== "object" || store.results === null) return results;
  for (const [id, entry] of Object.entries(store.results)) if (isStoredResult(entry)) results.set(id, entry);
  return results;
}

/**
 * Last results of one project's tasks, keyed by task id, each with the hash of its inputs. Read
 * once at the start of a run and written (atomically) after each verdict, so a no-change rerun
 * costs one small file read and a run stopped by Ctrl-C keeps what had already passed or failed.
 */
export class ResultCache {
  private readonly results: Map<string, StoredResult>;
  // Entries this run changed; only these are laid over the file at save, so two runs on one
  // project at once do not erase each other's results.
  private readonly touched = new Set<string>();

  private constructor(
    private readonly file: string,
    results: Map<string, StoredResult>,
  ) {
    this.results = results;
  }

  static async open(file: string): Promise<ResultCache> {
    const text = await readFile(file, "utf8").catch(() => undefined);
    if (text === undefined) return new ResultCache(file, new Map());
    // A corrupt or older-format cache is treated as empty: it only costs a rerun.
    return new ResultCache(file, parseStore(text));
  }

  lookup(id: string, key: string): StoredResult | undefined {
    const hit = this.results.get(id);
    return hit?.key === key ? hit : undefined;
  }

  store(id: string, result: StoredResult): void {
    this.results.set(id, result);
    this.touched.add(id);
  }

  forget(id: string): void {
    this.results.delete(id);
    this.touched.add(id);
  }

  /** Logs the stored results point to (kept when old logs are pruned). */
  logs(): string[] {
    return [...this.results.values()].map((result) => result.log);
  }

  // One write at a time: tasks finishing together would otherwise race on the file.
  private saving: Promise<void> = Promise.resolve();

  save(): Promise<void> {
    const next = this.saving.then(
      () => this.write(),
      () => this.write(),
    );
    this.saving = next;
    return next;
  }

  private async write(): Promise<void> {
    if (this.touched.size === 0) return;
    const onDisk = await ResultCache.open(this.file);
    for (const id of this.touched) {
      const result = this.results.get(id);
      if (result === undefined) onDisk.results.delete(id);
      else onDisk.results.set(id, result);
    }
    await writeFileAtomic(this.file, `${JSON.stringify({ version: FORMAT, results: Object.fromEntries(onDisk.results) }, null, 2)}\n`);
  }
}
