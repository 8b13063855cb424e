import { ReferenceToolsError } from "./reference-tools-error.js";
import { SKIP_META_KEY } from "./skip.js";
import { SOURCES, isSourceKind, type SourceKind } from "./sources.js";

/** The parts of vitest's JSON report (reporters: "json") the skip table reads. */
export interface VitestJsonReport {
  readonly numPassedTests?: number;
  readonly numFailedTests?: number;
  readonly numPendingTests?: number;
  readonly numTodoTests?: number;
  readonly testResults?: readonly {
    readonly name: string;
    readonly assertionResults?: readonly { readonly status: string; readonly fullName: string; readonly meta?: Readonly<Record<string, unknown>> }[];
  }[];
}

/** One line of the table: every skipped test with the same reference and reason. */
export interface SkipGroup {
  readonly reference: string;
  readonly source: SourceKind | "unrecorded";
  readonly reason: string;
  readonly count: number;
  /** Up to three examples: "<package>: <test's full name>". */
  readonly examples: readonly string[];
}

/** An allow-list entry: a reference whose skip CI accepts, and why. */
export interface AllowedSkip {
  readonly reference: string;
  readonly why: string;
}

const UNRECORDED_REASON = "no reason recorded: skip through skipUnless / skipNowUnless from @pyflink-devkit/reference-tools";

interface Recorded {
  readonly reference: string;
  readonly source: SourceKind;
  readonly reason: string;
}

function recorded(meta: Readonly<Record<string, unknown>> | undefined): Recorded | undefined {
  const value = meta?.[SKIP_META_KEY];
  if (typeof value !== "object" || value === null) return undefined;
  const { reference, source, reason } = value as Record<string, unknown>;
  if (typeof reference !== "string" || typeof reason !== "string" || !isSourceKind(source)) return undefined;
  return { reference, source, reason };
}

/** Groups the skipped tests of several packages' reports by reference and reason, most frequent first. */
export function collectSkips(reports: readonly { readonly pkg: string; readonly report: VitestJsonReport }[]): SkipGroup[] {
  const groups = new Map<string, { reference: string; source: SourceKind | "unrecorded"; reason: string; count: number; examples: string[] }>();
  for (const { pkg, report } of reports) {
    for (const file of report.testResults ?? []) {
      for (const test of file.assertionResults ?? []) {
        if (test.status !== "skipped" && test.status !== "pending" && test.status !== "todo") continue;
        const why = recorded(test.meta);
        const reference = why?.reference ?? `unrecorded:${pkg}`;
        const reason = why?.reason ?? (test.status === "todo" ? "a todo test" : UNRECORDED_REASON);
        const key = `${reference}\n${reason}`;
        const group = groups.get(key) ?? { reference, source: why?.source ?? "unrecorded", reason, count: 0, examples: [] };
        group.count++;
        if (group.examples.length < 3) group.examples.push(`${pkg}: ${test.fullName}`);
        groups.set(key, group);
      }
    }
  }
  return [...groups.values()].sort((a, b) => b.count - a.count || a.reference.localeCompare(b.reference));
}

/** Whether CI accepts a group: a source no machine here can have, or a reference on the allow-list. */
export function allowedInCi(group: SkipGroup, allowList: readonly AllowedSkip[]): boolean {
  if (group.source !== "unrecorded" && !SOURCES[group.source].installableHere) return true;
  return allowList.some((entry) => entry.reference === group.reference);
}

/** The table `pnpm test` prints after its closing line: count, reference, reason, and whether CI accepts it. */
export function formatSkipTable(groups: readonly SkipGroup[], allowList: readonly AllowedSkip[]): string {
  if (groups.length === 0) return "skipped: none";
  const lines = ["skipped (count, reference, reason):"];
  for (const group of groups) {
    const ci = allowedInCi(group, allowList) ? "" : "  [not allowed under CI=true]";
    lines.push(`${String(group.count).padStart(6)}  ${group.reference}: ${group.reason}${ci}`);
    if (group.source === "unrecorded") for (const example of group.examples) lines.push(`          e.g. ${example}`);
  }
  return lines.join("\n");
}

/** The allow-list file's entries, checked: every entry names a reference and says why. */
export function parseAllowList(text: string, file: string): AllowedSkip[] {
  const data: unknown = JSON.parse(text);
  const list = (typeof data === "object" && data !== null && "allowed" in data ? data.allowed : undefined);
  if (!Array.isArray(list)) throw new ReferenceToolsError(`${file}: expected {"allowed": [{"reference": …, "why": …}]}; fix the file's shape`);
  return list.map((entry: unknown, index) => {
    const { reference, why } = (entry ?? {}) as Record<string, unknown>;
    if (typeof reference !== "string" || typeof why !== "string" || why.trim() === "") {
      throw new ReferenceToolsError(`${file}: entry ${index} needs a "reference" and a non-empty "why"; add the missing field`);
    }
    return { reference, why };
  });
}
