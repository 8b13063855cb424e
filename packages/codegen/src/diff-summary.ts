// The one module of diff this needs: its index pulls in ~20 (patches, XML, CSS, ...), all loaded
// on the no-op path too, since describe-result imports this file.
import { diffArrays } from "diff/lib/diff/array.js";

export interface DiffHunk {
  /** 1-based line in the generated (expected) text where the hunk starts. */
  readonly expectedLine: number;
  /** 1-based line in the file on disk where the hunk starts. */
  readonly actualLine: number;
  /** Lines only in the file on disk. */
  readonly removed: readonly string[];
  /** Lines only in the generated text. */
  readonly added: readonly string[];
}

export type FileComparison =
  | { readonly status: "same" }
  | { readonly status: "missing" }
  | { readonly status: "differs"; readonly hunks: readonly DiffHunk[] };

/** Past this many differing lines the diff gives up on precision and reports one hunk. */
const MAX_EDIT_DISTANCE = 1000;

/**
 * Line diff (the `diff` package's Myers implementation) between what gen-protos generates and
 * what is on disk, grouped into hunks of consecutive changed lines.
 */
export function compareText(expected: string, actual: string | undefined): FileComparison {
  if (actual === undefined) return { status: "missing" };
  if (expected === actual) return { status: "same" };
  return { status: "differs", hunks: diffLines(actual.split("\n"), expected.split("\n")) };
}

function diffLines(a: readonly string[], b: readonly string[]): DiffHunk[] {
  // Trim the common head and tail first: generated files usually differ in a few places.
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const x = a.slice(head, a.length - tail);
  const y = b.slice(head, b.length - tail);
  const changes = diffArrays(x, y, { maxEditLength: MAX_EDIT_DISTANCE });
  if (changes === undefined) return [{ actualLine: head + 1, expectedLine: head + 1, removed: x, added: y }];

  const hunks: DiffHunk[] = [];
  let i = 0;
  let j = 0;
  let current: { actualLine: number; expectedLine: number; removed: string[]; added: string[] } | undefined;
  for (const change of changes) {
    if (!change.added && !change.removed) {
      if (current !== undefined) hunks.push(current);
      current = undefined;
      i += change.value.length;
      j += change.value.length;
      continue;
    }
    current ??= { actualLine: head + i + 1, expectedLine: head + j + 1, removed: [], added: [] };
    if (change.removed) {
      current.removed.push(...change.value);
      i += change.value.length;
    } else {
      current.added.push(...change.value);
      j += change.value.length;
    }
  }
  if (current !== undefined) hunks.push(current);
  return hunks;
}

const SHOWN_HUNKS = 2;
const SHOWN_LINES = 3;
const SHOWN_WIDTH = 110;

/** A long line cut to a window around `column` (0-based), so the change is visible. */
function excerpt(line: string, column: number): string {
  if (line.length <= SHOWN_WIDTH) return line;
  const start = Math.max(0, Math.min(column - 20, line.length - SHOWN_WIDTH));
  return `${start > 0 ? "…" : ""}${line.slice(start, start + SHOWN_WIDTH)}${start + SHOWN_WIDTH < line.length ? "…" : ""} (col ${column + 1} of ${line.length})`;
}

function firstDifferentColumn(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

/** A few readable lines about one file, e.g. for `--check`. */
export function describeComparison(displayName: string, comparison: FileComparison): string[] {
  switch (comparison.status) {
    case "same":
      return [`  ok       ${displayName}`];
    case "missing":
      return [`  missing  ${displayName} (it would be created)`];
    case "differs": {
      const removed = comparison.hunks.reduce((sum, h) => sum + h.removed.length, 0);
      const added = comparison.hunks.reduce((sum, h) => sum + h.added.length, 0);
      const out = [`  differs  ${displayName}: ${comparison.hunks.length} place(s), -${removed} +${added} line(s)`];
      for (const hunk of comparison.hunks.slice(0, SHOWN_HUNKS)) {
        out.push(`    at line ${hunk.actualLine} (on disk) / ${hunk.expectedLine} (generated):`);
        const column = firstDifferentColumn(hunk.removed[0] ?? "", hunk.added[0] ?? "");
        for (const line of hunk.removed.slice(0, SHOWN_LINES)) out.push(`      - ${excerpt(line, column)}`);
        if (hunk.removed.length > SHOWN_LINES) out.push(`      - … ${hunk.removed.length - SHOWN_LINES} more`);
        for (const line of hunk.added.slice(0, SHOWN_LINES)) out.push(`      + ${excerpt(line, column)}`);
        if (hunk.added.length > SHOWN_LINES) out.push(`      + … ${hunk.added.length - SHOWN_LINES} more`);
      }
      if (comparison.hunks.length > SHOWN_HUNKS) out.push(`    … ${comparison.hunks.length - SHOWN_HUNKS} more place(s)`);
      return out;
    }
  }
}
