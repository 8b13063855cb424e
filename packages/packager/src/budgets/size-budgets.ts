// Size budgets per target (A19, B10, C8 — the limits and what to do about them live in targets/*.ts)
// with a per-package breakdown of every artifact, biggest first, and what to do about it.
import path from "node:path";
import { DEPLOY_FILE_NAME } from "../deploy-file.js";
import { LOCK_FILE_NAME } from "../lock-file.js";
import type { BundleRuntime } from "../inspect/read-bundle.js";
import { listZip } from "../inspect/list-zip.js";
import { normalizeName } from "../runtime/flink-releases.js";
import { APP_ZIP_DEPS_DIR } from "../targets/layout-parts.js";
import { targetTraits, type TargetName } from "../targets/registry.js";
import type { BundleFile, SizeLimit } from "../targets/target.js";

export type BudgetItemKind = "distribution" | "jar" | "archive" | "sources" | "files";

export interface BudgetItem {
  /** A distribution name, a jar or archive file name, `job sources`, or a top-level directory. */
  readonly name: string;
  readonly kind: BudgetItemKind;
  /** Bytes this item takes in the artifact (compressed size inside a zip). */
  readonly bytes: number;
  readonly uncompressedBytes: number;
  /** What to do about this item when the artifact is over a limit. */
  readonly hint: string | undefined;
}

export interface ArtifactBudget {
  /** Path relative to the bundle root. */
  readonly artifact: string;
  readonly bytes: number;
  /** Biggest first. */
  readonly items: readonly BudgetItem[];
}

export interface BudgetFinding {
  readonly artifact: string;
  readonly bytes: number;
  readonly limit: SizeLimit;
  readonly over: number;
  readonly message: string;
  /** The biggest items of the artifact. */
  readonly top: readonly BudgetItem[];
  readonly fixes: readonly string[];
}

export interface BudgetReport {
  readonly target: TargetName;
  readonly artifacts: readonly ArtifactBudget[];
  readonly findings: readonly BudgetFinding[];
  /** No hard limit exceeded (advice findings are warnings). */
  readonly ok: boolean;
}

export interface BudgetInput {
  readonly files: readonly BundleFile[];
  readonly runtime: Pick<BundleRuntime, "target" | "sizeLimits" | "provided">;
}

function appliesTo(limit: SizeLimit, file: BundleFile): boolean {
  if (file.rel === LOCK_FILE_NAME || file.rel === DEPLOY_FILE_NAME || file.rel === "application_properties.json") return false;
  if (limit.applies === "bundle") return true;
  // Only targets that upload one application zip have app-zip limits: the zip at the bundle root.
  if (limit.applies === "app-zip") return !file.rel.includes("/") && file.rel.endsWith(".zip");
  return file.rel.endsWith(".zip");
}

/** `requests-2.31.0.dist-info/RECORD` → every path the distribution installed, relative to the zip. */
function ownersFromRecords(texts: ReadonlyMap<string, string>): Map<string, string> {
  const owners = new Map<string, string>();
  for (const [recordPath, text] of texts) {
    const distInfo = path.posix.dirname(recordPath);
    const prefix = path.posix.dirname(distInfo) === "." ? "" : `${path.posix.dirname(distInfo)}/`;
    const name = (/^(.+?)-[^-]+\.dist-info$/.exec(path.posix.basename(distInfo))?.[1] ?? path.posix.basename(distInfo)).replace(/_/g, "-");
    for (const line of text.split(/\r?\n/)) {
      const file = line.split(",")[0];
      if (file === undefined || file === "") continue;
      owners.set(path.posix.normalize(`${prefix}${file}`), name);
    }
    owners.set(recordPath, name);
  }
  return owners;
}

function hintFor(kind: BudgetItemKind, name: string, provided: ReadonlySet<string>, target: TargetName): string | undefined {
  if (kind === "distribution" && provided.has(normalizeName(name))) return `the ${target} runtime already provides ${name}; remove it from the requirements (or pin the runtime's version so it resolves as provided)`;
  if (kind === "jar") return targetTraits(target).jarHint;
  if (kind === "archive" || kind === "files") return "move data files to object storage (S3/OSS/DFS) and read them at run time";
  if (kind === "distribution") return "check the job needs it at import time; UDF-only packages can also come from python.requirements on self-managed Flink";
  return undefined;
}

async function breakdown(file: BundleFile, runtime: BudgetInput["runtime"]): Promise<BudgetItem[]> {
  const provided = new Set(runtime.provided.map(normalizeName));
  if (!file.rel.endsWith(".zip")) {
    const kind: BudgetItemKind = file.rel.endsWith(".jar") ? "jar" : file.rel.endsWith(".py") ? "sources" : "files";
    const name = path.posix.basename(file.rel);
    return [{ name, kind, bytes: file.bytes, uncompressedBytes: file.bytes, hint: hintFor(kind, name, provided, runtime.target) }];
  }
  const { entries, texts } = await listZip(file.abs, (name) => /(^|\/)[^/]+\.dist-info\/RECORD$/.test(name));
  const owners = ownersFromRecords(texts);
  const items = new Map<string, { kind: BudgetItemKind; bytes: number; uncompressedBytes: number }>();
  for (const entry of entries) {
    let key: string;
    let kind: BudgetItemKind;
    const owner = owners.get(entry.name);
    const rel = entry.name.startsWith(APP_ZIP_DEPS_DIR) ? entry.name.slice(APP_ZIP_DEPS_DIR.length) : entry.name;
    if (owner !== undefined) [key, kind] = [owner, "distribution"];
    else if (entry.name.endsWith(".jar")) [key, kind] = [path.posix.basename(entry.name), "jar"];
    else if (/\.(zip|tar|tgz|tar\.gz)$/.test(entry.name)) [key, kind] = [path.posix.basename(entry.name), "archive"];
    else if (!rel.includes("/")) [key, kind] = rel.endsWith(".py") ? ["job sources", "sources"] : ["top-level files", "files"];
    else [key, kind] = [`${rel.split("/")[0] ?? rel}/`, entry.name.startsWith(APP_ZIP_DEPS_DIR) ? "distribution" : "files"];
    const item = items.get(key) ?? { kind, bytes: 0, uncompressedBytes: 0 };
    items.set(key, { kind: item.kind, bytes: item.bytes + entry.compressedSize, uncompressedBytes: item.uncompressedBytes + entry.uncompressedSize });
  }
  return [...items]
    .map(([name, item]) => ({ name, ...item, hint: hintFor(item.kind, name, provided, runtime.target) }))
    .sort((a, b) => b.bytes - a.bytes || (a.name < b.name ? -1 : 1));
}

const MIB = 1024 * 1024;
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * MIB) return `${(bytes / (1024 * MIB)).toFixed(2)} GiB`;
  if (bytes >= MIB) return `${(bytes / MIB).toFixed(1)} MiB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${bytes} B`;
}

/** Checks every artifact of a bundle against the target's size limits. */
export async function checkBudgets(input: BudgetInput, options: { readonly top?: number } = {}): Promise<BudgetReport> {
  const top = options.top ?? 5;
  const { runtime } = input;
  const artifacts: ArtifactBudget[] = [];
  const findings: BudgetFinding[] = [];
  const candidates = input.files.filter((file) => runtime.sizeLimits.some((limit) => appliesTo(limit, file)));
  for (const file of candidates) {
    const items = await breakdown(file, runtime);
    artifacts.push({ artifact: file.rel, bytes: file.bytes, items });
    for (const limit of runtime.sizeLimits) {
      if (!appliesTo(limit, file) || file.bytes <= limit.bytes) continue;
      const over = file.bytes - limit.bytes;
      findings.push({
        artifact: file.rel,
        bytes: file.bytes,
        limit,
        over,
        message: `${file.rel} is ${formatBytes(file.bytes)} (${file.bytes} bytes), ${formatBytes(over)} over the ${formatBytes(limit.bytes)} ${limit.severity === "hard" ? "limit" : "advice"}: ${limit.what}`,
        top: items.slice(0, top),
        fixes: targetTraits(runtime.target).budgetFixes[limit.applies],
      });
    }
  }
  return { target: runtime.target, artifacts, findings, ok: findings.every((finding) => finding.limit.severity !== "hard") };
}

/** Findings as lines: the message, the biggest items with their hints, then the fixes. */
export function formatBudgetReport(report: BudgetReport): string {
  if (report.findings.length === 0) {
    return `size budgets (${report.target}): every artifact is within its limits (${report.artifacts.map((a) => `${a.artifact} ${formatBytes(a.bytes)}`).join(", ") || "nothing to check"})`;
  }
  const lines = [`size budgets (${report.target}):`];
  for (const finding of report.findings) {
    lines.push(`  ${finding.limit.severity === "hard" ? "FAIL" : "warn"} ${finding.message}`);
    lines.push("       biggest items:");
    for (const item of finding.top) lines.push(`         ${formatBytes(item.bytes).padStart(10)}  ${item.name} (${item.kind})${item.hint === undefined ? "" : ` — ${item.hint}`}`);
    if (finding.fixes.length > 0) lines.push("       what to do:", ...finding.fixes.map((fix) => `         - ${fix}`));
  }
  return lines.join("\n");
}

/** One line per finding, for pack's warnings list. */
export function budgetWarnings(report: BudgetReport): string[] {
  return report.findings.map((finding) => `${finding.message}; biggest: ${finding.top.slice(0, 3).map((item) => `${item.name} ${formatBytes(item.bytes)}`).join(", ")}; ${finding.fixes[0] ?? ""}`);
}
