import type { SourceKind } from "./sources.js";

/** Why a reference is not available here. */
export interface Missing {
  /** A stable name of the reference, e.g. "pypi:grpcio-tools==1.80.0" or "debian:protoc"; the allow-list matches it. */
  readonly reference: string;
  readonly source: SourceKind;
  /** One line: what is missing and how to get it. */
  readonly reason: string;
}

/** A reference tool or fixture: there (with its value) or missing (with why). */
export type Reference<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly missing: Missing };

export function present<T>(value: T): Reference<T> {
  return { ok: true, value };
}

export function missing<T = never>(reference: string, source: SourceKind, reason: string): Reference<T> {
  return { ok: false, missing: { reference, source, reason } };
}

/** A plain condition as a reference: `requirement(process.platform === "linux", "platform:linux", "platform", "needs Linux /proc")`. */
export function requirement(condition: boolean, reference: string, source: SourceKind, reason: string): Reference<true> {
  return condition ? present(true) : missing(reference, source, reason);
}

/** The value of a reference a test has already skipped on; throws (a test bug) when it is missing. */
export function valueOf<T>(ref: Reference<T>): T {
  if (ref.ok) return ref.value;
  throw new Error(`reference ${ref.missing.reference} is missing (${ref.missing.reason}); the test should have skipped on it`);
}
