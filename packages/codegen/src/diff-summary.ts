export type FileComparison =
  | { readonly status: "same" }
  | { readonly status: "missing" }
  | {
      readonly status: "differs";
      /** 1-based first and last line of the differing region, in the expected text. */
      readonly firstLine: number;
      readonly expectedLines: readonly string[];
      readonly actualLines: readonly string[];
      /** Lines in the differing region: expected vs on disk. */
      readonly expectedCount: number;
      readonly actualCount: number;
    };

/**
 * Compares a freshly generated text with what is on disk. The differing region is what is left
 * after trimming the common leading and trailing lines — for a one-field change that is the
 * field's lines (plus, in a pb2, the serialized descriptor line), which is what a reader wants.
 */
export function compareText(expected: string, actual: string | undefined): FileComparison {
  if (actual === undefined) return { status: "missing" };
  if (expected === actual) return { status: "same" };
  const want = expected.split("\n");
  const have = actual.split("\n");
  let head = 0;
  while (head < want.length && head < have.length && want[head] === have[head]) head++;
  let tail = 0;
  while (tail < want.length - head && tail < have.length - head && want[want.length - 1 - tail] === have[have.length - 1 - tail]) tail++;
  const expectedLines = want.slice(head, want.length - tail);
  const actualLines = have.slice(head, have.length - tail);
  return { status: "differs", firstLine: head + 1, expectedLines, actualLines, expectedCount: expectedLines.length, actualCount: actualLines.length };
}

const SHOWN_LINES = 3;
const SHOWN_WIDTH = 140;

function clip(line: string): string {
  return line.length > SHOWN_WIDTH ? `${line.slice(0, SHOWN_WIDTH)}… (${line.length} chars)` : line;
}

/** A few readable lines about one differing file, e.g. for `--check`. */
export function describeComparison(displayName: string, comparison: FileComparison): string[] {
  switch (comparison.status) {
    case "same":
      return [`  ok       ${displayName}`];
    case "missing":
      return [`  missing  ${displayName} (it would be created)`];
    case "differs": {
      const span =
        comparison.expectedCount === comparison.actualCount
          ? `${comparison.expectedCount} line${comparison.expectedCount === 1 ? "" : "s"}`
          : `${comparison.actualCount} line(s) on disk vs ${comparison.expectedCount} generated`;
      const out = [`  differs  ${displayName}: ${span} from line ${comparison.firstLine}`];
      for (const line of comparison.actualLines.slice(0, SHOWN_LINES)) out.push(`      - ${clip(line)}`);
      if (comparison.actualLines.length > SHOWN_LINES) out.push(`      - … ${comparison.actualLines.length - SHOWN_LINES} more`);
      for (const line of comparison.expectedLines.slice(0, SHOWN_LINES)) out.push(`      + ${clip(line)}`);
      if (comparison.expectedLines.length > SHOWN_LINES) out.push(`      + … ${comparison.expectedLines.length - SHOWN_LINES} more`);
      return out;
    }
  }
}
