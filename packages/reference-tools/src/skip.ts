import type { Missing, Reference } from "./reference.js";
import type { SourceKind } from "./sources.js";

/** What a skipped test records in its vitest meta; tools/test.mjs reads it from the JSON report. */
export interface SkipRecord extends Missing {
  readonly kind: "reference-skip";
}

/** The key under which a skip is recorded in a test's meta. */
export const SKIP_META_KEY = "referenceSkip";

/** vitest test/suite options: pass as the second argument of `it` / `describe`. */
export interface SkipOptions {
  readonly skip: boolean;
  /** `{}` or `{ referenceSkip: SkipRecord }` (a record type, so vitest's own TaskMeta accepts it). */
  readonly meta: Readonly<Record<string, SkipRecord>>;
}

function firstMissing(refs: readonly Reference<unknown>[]): Missing | undefined {
  for (const ref of refs) if (!ref.ok) return ref.missing;
  return undefined;
}

function record(missing: Missing): SkipRecord {
  return { kind: "reference-skip", reference: missing.reference, source: missing.source, reason: missing.reason };
}

/**
 * Options that skip a test or suite unless every reference is present, recording the first missing
 * one's reason: `describe("…", skipUnless(protoc), () => …)`. Children of a suite inherit the record,
 * so every skipped test is counted under its reason.
 */
export function skipUnless(...refs: readonly Reference<unknown>[]): SkipOptions {
  const gone = firstMissing(refs);
  return gone === undefined ? { skip: false, meta: {} } : { skip: true, meta: { [SKIP_META_KEY]: record(gone) } };
}

/** The parts of vitest's test context a runtime skip needs. */
export interface SkippableContext {
  readonly task: { readonly meta: object };
  skip(note?: string): never;
}

/**
 * Skips the running test now (inside the test body) unless every reference is present, recording why;
 * returns normally when all are there.
 */
export function skipNowUnless(context: SkippableContext, ...refs: readonly Reference<unknown>[]): void {
  const gone = firstMissing(refs);
  if (gone === undefined) return;
  Object.assign(context.task.meta, { [SKIP_META_KEY]: record(gone) });
  context.skip(gone.reason);
}

/**
 * Skips the running test now, recording why: for a reference that only turns out missing inside the
 * test (an install that failed, a coordinate Maven cannot resolve).
 */
export function skipNow(context: SkippableContext, reference: string, source: SourceKind, reason: string): never {
  Object.assign(context.task.meta, { [SKIP_META_KEY]: record({ reference, source, reason }) });
  return context.skip(reason);
}
