// ts-poet's last step, dprint formatting of the whole generated file, is the largest single cost
// of a TypeScript generation (~0.12–0.2 s for Flink's 250 kB file) and runs on one thread. This
// module formats the same text in two halves, split between two top-level statements, so two
// threads can share it, and gives the bytes ts-poet would: dprint formats top-level statements
// independently and keeps one blank line between them, so format(A) + "\n" + format(B) equals
// format(A + "\n\n" + B). The golden tests compare the result with ts-poet's own formatting.
import { createRequire } from "node:module";

/** ts-proto's output before formatting: what ts-poet's `Code.toString({ format: false })` returns. */
export interface UnformattedFile {
  readonly name: string;
  readonly code: string;
  /** ts-poet's `dprintOptions` for this file (from ts-proto's `getTsPoetOpts`). */
  readonly dprintOptions: Readonly<Record<string, unknown>>;
}

interface Dprint {
  format(fileName: string, text: string, options: Readonly<Record<string, unknown>>): string;
}

/**
 * ts-poet 6.12's `baseOptions` (build/Code.js), which its `maybePretty` spreads before the
 * caller's `dprintOptions`. ts-poet does not export them; a ts-poet upgrade that changes them
 * fails the golden tests, which compare with ts-poet's own formatting.
 */
const TS_POET_BASE_OPTIONS: Readonly<Record<string, unknown>> = {
  useTabs: false,
  useBraces: "always",
  singleBodyPosition: "nextLine",
  "arrowFunction.useParentheses": "force",
  "module.sortImportDeclarations": "caseSensitive",
  lineWidth: 120,
  preferSingleLine: true,
};

let dprint: Dprint | undefined;

/** The dprint-node that ts-poet itself uses (resolved from ts-proto → ts-poet, not a copy of our own). */
function loadDprint(): Dprint {
  if (dprint === undefined) {
    const fromTsProto = createRequire(createRequire(import.meta.url).resolve("ts-proto/package.json"));
    const fromTsPoet = createRequire(fromTsProto.resolve("ts-poet"));
    dprint = fromTsPoet("dprint-node") as Dprint;
  }
  return dprint;
}

/** Loads dprint-node ahead of use. */
export function warmUpDprint(): void {
  loadDprint();
}

/** dprint on one part, as ts-poet calls it (the text trimmed); throws when dprint cannot parse it. */
export function formatPart(text: string, dprintOptions: Readonly<Record<string, unknown>>): string {
  return loadDprint().format("file.ts", text.trim(), { ...TS_POET_BASE_OPTIONS, ...dprintOptions });
}

/** The whole file exactly as ts-poet's `maybePretty` does it: unformatted when dprint fails. */
export function formatWhole(file: UnformattedFile): string {
  try {
    return formatPart(file.code, file.dprintOptions);
  } catch {
    return file.code;
  }
}

// A place between two top-level statements: the previous one ends the line with `;` or `}`, a
// blank line follows, and the next line starts a declaration (or its doc comment). None of these
// words can continue the statement before, so an expression never spans the split; a split that
// lands inside a string or comment by accident leaves a half dprint cannot parse, and the file is
// then formatted whole.
const STATEMENT_BOUNDARY = /[;}]\n\n+(?=export |function |const |let |type |interface |\/\*\*|declare |class |enum |async function )/gu;

/** Where to cut `code` in two near its middle (the offset just after the `;`/`}`), or undefined. */
export function splitPoint(code: string): number | undefined {
  const middle = code.length / 2;
  let best: number | undefined;
  for (const match of code.matchAll(STATEMENT_BOUNDARY)) {
    const offset = match.index + 1;
    if (best === undefined || Math.abs(offset - middle) < Math.abs(best - middle)) best = offset;
    if (offset > middle) break;
  }
  return best;
}

/**
 * Formats `file` as ts-poet would, its first half through `formatFirstHalf` (another thread) while
 * this thread formats the second. Any failure formats the whole file here, with ts-poet's semantics.
 */
export async function formatInHalves(file: UnformattedFile, formatFirstHalf: (text: string) => Promise<string>): Promise<string> {
  const cut = splitPoint(file.code);
  if (cut === undefined) return formatWhole(file);
  let first: Promise<string>;
  try {
    // Handed over before this thread starts on its half, so the two run at the same time.
    first = formatFirstHalf(file.code.slice(0, cut));
  } catch {
    return formatWhole(file);
  }
  // Settled below whatever happens here, so a failed first half is never an unhandled rejection.
  first.catch(() => undefined);
  let second: string;
  try {
    second = formatPart(file.code.slice(cut), file.dprintOptions);
  } catch {
    return formatWhole(file);
  }
  try {
    return `${await first}\n${second}`;
  } catch {
    return formatWhole(file);
  }
}
