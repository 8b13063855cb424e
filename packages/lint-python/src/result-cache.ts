import { readFile } from "node:fs/promises";
import { z } from "zod";
import { writeFileAtomic } from "./write-file-atomic.js";

const storedResult = z.object({
  key: z.string(),
  status: z.enum(["passed", "failed", "skipped"]),
  problems: z.number(),
  durationMs: z.number(),
  log: z.string(),
  note: z.string().optional(),
});
export type StoredResult = z.infer<typeof storedResult>;

const storeFile = z.object({ version: z.literal(1), results: z.record(z.string(), storedResult) });

/**
 * Last results of one project's tasks, keyed by task id, each with the hash of its inputs. Read
 * once at the start of a run, written once at the end (atomically), so a no-change rerun costs
 * one small file read.
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
    const parsed = storeFile.safeParse(safeJson(text));
    return new ResultCache(file, parsed.success ? new Map(Object.entries(parsed.data.results)) : new Map<string, StoredResult>());
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

  async save(): Promise<void> {
    if (this.touched.size === 0) return;
    const onDisk = await ResultCache.open(this.file);
    for (const id of this.touched) {
      const result = this.results.get(id);
      if (result === undefined) onDisk.results.delete(id);
      else onDisk.results.set(id, result);
    }
    await writeFileAtomic(this.file, `${JSON.stringify({ version: 1, results: Object.fromEntries(onDisk.results) }, null, 2)}\n`);
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
