// Audits every native file in a bundle — a directory or a zip, descending into the wheels and zips
// inside it — against one target. Files are recognised by content; names only add the CPython ABI.
import { open, readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { ARCHES, ELF_MACHINE_NAMES, compareVersions, type AuditTarget } from "./audit-target.js";
import { HEAD_BYTES, describeForeignBinary, detectBinaryFormat } from "./binary-format.js";
import { ElfFormatError, readElf, type ElfInfo } from "./elf-reader.js";
import { extensionSuffixMismatch } from "./extension-suffix.js";
import { NativeAuditError } from "./native-audit-error.js";
import { formatTag, parseWheelFileTags, tagMismatch, type WheelTag } from "./wheel-tags.js";
import { withZip, ZipArchiveError, type ZipSource } from "@pyflink-devkit/zip-archive";

export type FindingKind = "elf" | "mach-o" | "pe" | "wheel" | "extension-module";

export interface NativeFinding {
  /** Path inside the bundle; `outer.zip!inner/path` inside nested archives. */
  readonly path: string;
  readonly kind: FindingKind;
  /** One line: what the file is and what it needs, e.g. `ELF64 x86_64, needs GLIBC_2.14`. */
  readonly summary: string;
  /** The highest `GLIBC_x.y` symbol version the file needs, if it is ELF and needs one. */
  readonly glibc?: string;
  /** Wheel tags, for `.dist-info/WHEEL` files and `.whl` archives. */
  readonly tags?: readonly string[];
  /** Empty when the file fits the target; otherwise one sentence per problem, each ending with the fix. */
  readonly problems: readonly string[];
}

export interface AuditReport {
  readonly target: AuditTarget;
  /** Every native file and wheel metadata file found, in path order. */
  readonly findings: readonly NativeFinding[];
  readonly filesScanned: number;
  readonly ok: boolean;
}

/** Archives whose contents are audited too; jars are skipped: the JVM picks per-platform natives itself. */
const NESTED_ARCHIVE = /\.(whl|zip|egg)$/i;
const WHEEL_METADATA = /(^|\/)[^/]+\.dist-info\/WHEEL$/;

interface Sink {
  readonly findings: NativeFinding[];
  scanned: number;
  readonly skip: ((path: string) => boolean) | undefined;
}

export interface AuditOptions {
  /** Paths (as findings name them, `outer.zip!inner/path`) the caller audited already: not read, not counted. */
  readonly skip?: (path: string) => boolean;
}

/** Audits a bundle directory or zip file. Throws `NativeAuditError` only when the bundle cannot be read at all. */
export async function auditBundle(bundle: string, target: AuditTarget, options: AuditOptions = {}): Promise<AuditReport> {
  const sink: Sink = { findings: [], scanned: 0, skip: options.skip };
  let info;
  try {
    info = await stat(bundle);
  } catch (error) {
    throw new NativeAuditError(bundle, `${bundle}: cannot read the bundle (${describe(error)}). Pass an existing bundle directory or zip.`);
  }
  if (info.isDirectory()) await auditDirectory(bundle, target, sink);
  else await auditZip(bundle, "", target, sink, bundle);
  return report(target, sink);
}

/** Audits one file's bytes (a `.so` on its own, say); `name` is used for messages and the ABI suffix. */
export function auditBytes(name: string, bytes: Uint8Array, target: AuditTarget): NativeFinding | undefined {
  return classify(name, bytes, target);
}

function report(target: AuditTarget, sink: Sink): AuditReport {
  const findings = [...sink.findings].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { target, findings, filesScanned: sink.scanned, ok: findings.every((finding) => finding.problems.length === 0) };
}

async function auditDirectory(root: string, target: AuditTarget, sink: Sink): Promise<void> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  for (const entry of entries) {
    // Symlinks are not followed: what they point at is either in the bundle already or not shipped.
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    const relative = path.relative(root, full).split(path.sep).join("/");
    await auditEntry(
      relative,
      () => readHeadOfFile(full),
      () => readFile(full),
      target,
      sink,
    );
  }
}

async function auditZip(source: ZipSource, prefix: string, target: AuditTarget, sink: Sink, label: string): Promise<void> {
  try {
    await withZip(source, async (zip) => {
      for (const entry of zip.entries) {
        if (!entry.isDirectory) await auditEntry(`${prefix}${entry.name}`, () => zip.head(entry, HEAD_BYTES), () => zip.read(entry), target, sink);
      }
    });
  } catch (error) {
    if (error instanceof NativeAuditError) throw error;
    throw new NativeAuditError(label, `${label}: cannot read it as a zip (${describe(error instanceof ZipArchiveError && error.cause !== undefined ? error.cause : error)}). Rebuild the bundle; a truncated upload or a non-zip file with a .zip/.whl name causes this.`);
  }
}

async function auditEntry(
  name: string,
  head: () => Promise<Uint8Array>,
  whole: () => Promise<Buffer>,
  target: AuditTarget,
  sink: Sink,
): Promise<void> {
  if (sink.skip?.(name) === true) return;
  sink.scanned++;
  if (WHEEL_METADATA.test(name)) {
    sink.findings.push(wheelFinding(name, parseWheelFileTags((await whole()).toString("utf8")), target));
    return;
  }
  if (NESTED_ARCHIVE.test(name)) {
    await auditZip({ buffer: await whole(), label: name }, `${name}!`, target, sink, name);
    return;
  }
  const start = await head();
  const format = detectBinaryFormat(start);
  const finding = classify(name, format === "elf" ? await whole() : start, target);
  if (finding) sink.findings.push(finding);
}

function classify(name: string, bytes: Uint8Array, target: AuditTarget): NativeFinding | undefined {
  const format = detectBinaryFormat(bytes);
  const suffixProblem = extensionSuffixMismatch(path.posix.basename(name), target);
  const suffixProblems = suffixProblem === undefined ? [] : [`${suffixProblem}. ${reinstallFix(target)}`];
  if (format === "mach-o" || format === "pe") {
    const what = describeForeignBinary(format, bytes);
    return {
      path: name,
      kind: format,
      summary: what,
      problems: [`${name} is a ${what}; the runtime is Linux ${target.arch} and cannot load it. ${reinstallFix(target)}`],
    };
  }
  if (format === "elf") return elfFinding(name, bytes, target, suffixProblems);
  if (suffixProblems.length > 0) return { path: name, kind: "extension-module", summary: "extension module (by name)", problems: suffixProblems };
  return undefined;
}

function elfFinding(name: string, bytes: Uint8Array, target: AuditTarget, extraProblems: readonly string[]): NativeFinding {
  let elf: ElfInfo;
  try {
    elf = readElf(bytes);
  } catch (error) {
    if (!(error instanceof ElfFormatError)) throw error;
    return { path: name, kind: "elf", summary: "ELF (unreadable)", problems: [`${name}: ${error.message}. Rebuild or re-download the package that ships it.`] };
  }
  const problems: string[] = [];
  const arch = ARCHES[target.arch];
  const machine = ELF_MACHINE_NAMES[elf.machine] ?? `machine ${elf.machine}`;
  if (elf.machine !== arch.elfMachine || elf.elfClass !== arch.elfClass) {
    problems.push(`${name} is ELF${elf.elfClass} ${machine}; the runtime is ${target.arch} (ELF${arch.elfClass}). ${reinstallFix(target)}`);
  }
  const glibc = highestGlibc(elf);
  if (glibc !== undefined) {
    if (compareVersions(glibc.version, target.glibc) > 0) {
      problems.push(
        `${name} needs ${glibc.symbol} (from ${glibc.library}); the runtime has glibc ${target.glibc}. ` +
          `Fix: use a wheel tagged manylinux_${target.glibc.replace(".", "_")}_${target.arch} or older for this package (pip --platform manylinux_${target.glibc.replace(".", "_")}_${target.arch} --only-binary=:all:), or pick a runtime profile with glibc ${glibc.symbol.slice("GLIBC_".length)} or newer.`,
      );
    }
  }
  problems.push(...extraProblems);
  const cxx = highestVersion(elf, "GLIBCXX_");
  const summary = `ELF${elf.elfClass} ${machine}${glibc ? `, needs ${glibc.symbol}` : ""}${cxx ? `, ${cxx.symbol}` : ""}`;
  return { path: name, kind: "elf", summary, ...(glibc ? { glibc: glibc.symbol.slice("GLIBC_".length) } : {}), problems };
}

interface GlibcNeed {
  readonly symbol: string;
  readonly version: string;
  readonly library: string;
}

/** The highest GLIBC_x.y over every glibc library the file needs versions from (libc, libm, libpthread...). */
export function highestGlibc(elf: ElfInfo): GlibcNeed | undefined {
  return highestVersion(elf, "GLIBC_");
}

/**
 * The highest `<prefix>x.y` the file needs, e.g. `GLIBCXX_` (libstdc++): shown for information,
 * since wheels usually bundle their own libstdc++ (auditwheel) and the runtime's is not in the profile.
 */
export function highestVersion(elf: ElfInfo, prefix: string): GlibcNeed | undefined {
  const pattern = new RegExp(`^${prefix}(\\d+(?:\\.\\d+)*)$`);
  let best: GlibcNeed | undefined;
  for (const need of elf.versionNeeds) {
    for (const symbol of need.versions) {
      const match = pattern.exec(symbol);
      const version = match?.[1];
      if (version === undefined) continue;
      if (best === undefined || compareVersions(version, best.version) > 0) best = { symbol, version, library: need.file };
    }
  }
  return best;
}

function wheelFinding(name: string, tags: readonly WheelTag[], target: AuditTarget): NativeFinding {
  const formatted = tags.map(formatTag);
  const reasons = tags.map((tag) => tagMismatch(tag, target));
  const fits = reasons.some((reason) => reason === undefined);
  const problems =
    fits || tags.length === 0
      ? []
      : [`${name}: no tag of ${formatted.join(", ")} fits the runtime (${reasons.filter((r) => r !== undefined).join("; ")}). ${reinstallFix(target)}`];
  return { path: name, kind: "wheel", summary: formatted.join(", ") || "no Tag lines", tags: formatted, problems };
}

function reinstallFix(target: AuditTarget): string {
  const glibc = target.glibc.replace(".", "_");
  return `Fix: install it for the target, not the build machine: pip install --only-binary=:all: --platform manylinux_${glibc}_${target.arch} --python-version ${target.python} --target <dir>.`;
}

async function readHeadOfFile(file: string): Promise<Uint8Array> {
  const handle = await open(file, "r");
  try {
    const buffer = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, HEAD_BYTES, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
