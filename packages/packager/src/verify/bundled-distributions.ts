// The distributions a worker's PYTHONPATH carries, and their top-level modules: from
// `*.dist-info/top_level.txt` when present, else from RECORD (wheels built by modern backends
// often have no top_level.txt). Entries are directories or, for .whl/.egg on the path, zips.
import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { listZip } from "../inspect/list-zip.js";

export interface BundledDistribution {
  readonly name: string;
  readonly version: string | undefined;
  /** The PYTHONPATH entry it was found in. */
  readonly pathEntry: string;
  readonly topLevel: readonly string[];
}

const INFO_DIR = /^([^/]+?)-([^-/]+)\.(dist-info|egg-info)$/;
/** Top-level names that are not the distribution's API: importing test suites drags in pytest. */
const NOT_IMPORTED = new Set(["test", "tests", "testing"]);
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Top-level module names from a top_level.txt or RECORD text. */
export function topLevelNames(topLevel: string | undefined, record: string | undefined): string[] {
  const names = new Set<string>();
  if (topLevel !== undefined) {
    for (const line of topLevel.split(/\r?\n/)) {
      const first = line.trim().replace(/\//g, ".").split(".")[0];
      if (first) names.add(first);
    }
  } else if (record !== undefined) {
    for (const line of record.split(/\r?\n/)) {
      const file = line.split(",")[0] ?? "";
      const [first = ""] = file.split("/");
      if (first === "" || first === ".." || first === "__pycache__" || first === "bin" || /\.(dist-info|data|egg-info)$/.test(first)) continue;
      if (file.includes("/")) names.add(first);
      else if (first.endsWith(".py")) names.add(first.slice(0, -3));
      else if (/\.(so|pyd)$/.test(first)) names.add(first.split(".")[0] ?? first);
    }
  }
  return [...names].filter((name) => IDENTIFIER.test(name) && !NOT_IMPORTED.has(name)).sort();
}

async function fromDirectory(entry: string): Promise<BundledDistribution[]> {
  const out: BundledDistribution[] = [];
  for (const name of (await readdir(entry)).sort()) {
    const match = INFO_DIR.exec(name);
    if (!match?.[1]) continue;
    const infoDir = path.join(entry, name);
    const topLevel = await readFile(path.join(infoDir, "top_level.txt"), "utf8").catch(() => undefined);
    const record = await readFile(path.join(infoDir, "RECORD"), "utf8").catch(() => undefined);
    out.push({ name: match[1], version: match[2], pathEntry: entry, topLevel: topLevelNames(topLevel, record) });
  }
  return out;
}

async function fromZip(entry: string): Promise<BundledDistribution[]> {
  const { texts } = await listZip(entry, (name) => /^[^/]+\.(dist-info|egg-info)\/(top_level\.txt|RECORD)$/.test(name) || /^EGG-INFO\/top_level\.txt$/.test(name));
  const byInfo = new Map<string, { topLevel?: string; record?: string }>();
  for (const [name, text] of texts) {
    const [info = "", file] = name.split("/");
    const slot = byInfo.get(info) ?? {};
    if (file === "top_level.txt") slot.topLevel = text;
    else slot.record = text;
    byInfo.set(info, slot);
  }
  const out: BundledDistribution[] = [];
  for (const [info, slot] of byInfo) {
    const match = INFO_DIR.exec(info);
    const fallback = /^([^-]+)-([^-]+)/.exec(path.basename(entry));
    out.push({ name: match?.[1] ?? fallback?.[1] ?? path.basename(entry), version: match?.[2] ?? fallback?.[2], pathEntry: entry, topLevel: topLevelNames(slot.topLevel, slot.record) });
  }
  return out;
}

/** Every distribution on the given PYTHONPATH entries, in path order. */
export async function bundledDistributions(pythonPath: readonly string[]): Promise<BundledDistribution[]> {
  const out: BundledDistribution[] = [];
  for (const entry of pythonPath) {
    const info = await stat(entry).catch(() => undefined);
    if (info?.isDirectory()) out.push(...(await fromDirectory(entry)));
    else if (info?.isFile() && /\.(whl|egg)$/i.test(entry)) out.push(...(await fromZip(entry)));
  }
  return out;
}
