// Several jars → one fat jar, what maven-shade does for the AWS samples (packager/docs/packaging-facts.md B9) without
// Maven: first jar wins for every path, META-INF/services merged, signatures and the old manifests
// dropped, one fresh manifest, deterministic bytes.
import { writeZip, ZipArchiveError, type ZipWriteEntry } from "@pyflink-devkit/zip-archive";
import { FatJarError } from "./fat-jar-error.js";
import { checkFlinkArtifacts, flinkArtifactsOf, type JarWarning } from "./flink-artifacts.js";
import { openJar, type JarEntry, type OpenJar } from "./jar-reader.js";
import { renderManifest } from "./manifest.js";

export interface FatJarOptions {
  /** Input jars, in priority order: for a path in several jars the first one wins. */
  readonly jars: readonly string[];
  /** Where to write the fat jar (atomically). */
  readonly output: string;
  /** The runtime's Flink version (`1.20`); when given, Flink artifacts are checked against it. */
  readonly flinkVersion?: string | undefined;
  readonly mainClass?: string | undefined;
  /** `Created-By` of the manifest. */
  readonly createdBy?: string | undefined;
}

export interface DuplicateEntry {
  readonly path: string;
  /** The jar whose copy was kept (the first in `jars`). */
  readonly kept: string;
  /** Jars whose copies were left out. */
  readonly ignored: readonly string[];
  /** All copies have the same bytes (same CRC-32 and size): harmless. */
  readonly identical: boolean;
}

export interface MergedService {
  readonly path: string;
  readonly from: readonly string[];
  readonly lines: readonly string[];
}

export interface DroppedEntry {
  readonly jar: string;
  readonly path: string;
  readonly reason: "signature" | "manifest" | "jar-index" | "module-info";
}

export interface FatJarResult {
  readonly output: string;
  readonly sha256: string;
  readonly bytes: number;
  /** Entries written, directories included. */
  readonly entries: number;
  readonly services: readonly MergedService[];
  readonly dropped: readonly DroppedEntry[];
  /** Classes found in more than one jar, differing copies first. */
  readonly duplicateClasses: readonly DuplicateEntry[];
  /** Other resources found in more than one jar (LICENSE, NOTICE, ...). */
  readonly duplicateResources: readonly DuplicateEntry[];
  readonly warnings: readonly JarWarning[];
}

const MANIFEST = "META-INF/MANIFEST.MF";
/** Signature block and signature files of signed jars; they would not match the merged contents. */
const SIGNATURE = /^META-INF\/(?:[^/]+\.(?:SF|RSA|DSA|EC)|SIG-[^/]+)$/i;
const SERVICE = /^META-INF\/services\/[^/]+$/;
const POM_PROPERTIES = /^META-INF\/maven\/.+\/pom\.properties$/;

function dropReason(name: string): DroppedEntry["reason"] | undefined {
  if (name.toUpperCase() === MANIFEST) return "manifest";
  if (SIGNATURE.test(name)) return "signature";
  // A jar index lists the packages of one jar; in a merged jar it would hide the others' classes.
  if (name.toUpperCase() === "META-INF/INDEX.LIST") return "jar-index";
  // A module descriptor describes one module; the fat jar is a plain classpath jar.
  if (name === "module-info.class" || /^META-INF\/versions\/\d+\/module-info\.class$/.test(name)) return "module-info";
  return undefined;
}

/** ServiceLoader lines without comments and blanks, deduplicated, first occurrence first. */
export function mergeServiceLines(contents: readonly string[]): string[] {
  const seen = new Set<string>();
  const lines: string[] = [];
  for (const content of contents) {
    for (const raw of content.split(/\r?\n/)) {
      const line = (raw.split("#")[0] ?? "").trim();
      if (line === "" || seen.has(line)) continue;
      seen.add(line);
      lines.push(line);
    }
  }
  return lines;
}

function byName(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Builds the fat jar. Throws `FatJarError` for unreadable inputs or an unwritable output. */
export async function buildFatJar(options: FatJarOptions): Promise<FatJarResult> {
  if (options.jars.length === 0) throw new FatJarError(options.output, `${options.output}: no input jars. Pass at least one jar to merge.`);
  const jars: OpenJar[] = [];
  try {
    for (const file of options.jars) jars.push(await openJar(file));
    return await writeFatJar(jars, options);
  } finally {
    for (const jar of jars) jar.close();
  }
}

async function writeFatJar(jars: readonly OpenJar[], options: FatJarOptions): Promise<FatJarResult> {
  const dropped: DroppedEntry[] = [];
  const copies = new Map<string, JarEntry[]>();
  const services = new Map<string, JarEntry[]>();
  const warnings: JarWarning[] = [];

  for (const jar of jars) {
    const poms: { path: string; text: string }[] = [];
    for (const entry of jar.entries) {
      if (entry.isDirectory) continue;
      if (POM_PROPERTIES.test(entry.name)) poms.push({ path: entry.name, text: (await jar.read(entry)).toString("utf8") });
      const reason = dropReason(entry.name);
      if (reason !== undefined) {
        dropped.push({ jar: jar.fileName, path: entry.name, reason });
        continue;
      }
      const table = SERVICE.test(entry.name) ? services : copies;
      const list = table.get(entry.name);
      if (list) list.push(entry);
      else table.set(entry.name, [entry]);
    }
    if (options.flinkVersion !== undefined) warnings.push(...checkFlinkArtifacts(jar.fileName, flinkArtifactsOf(jar.fileName, poms), options.flinkVersion));
  }

  const mergedServices: MergedService[] = [];
  const serviceData = new Map<string, Buffer>();
  for (const [name, entries] of [...services].sort(([a], [b]) => byName(a, b))) {
    const lines = mergeServiceLines(await Promise.all(entries.map(async (entry) => (await entry.jar.read(entry)).toString("utf8"))));
    mergedServices.push({ path: name, from: entries.map((entry) => entry.jar.fileName), lines });
    serviceData.set(name, Buffer.from(lines.length === 0 ? "" : `${lines.join("\n")}\n`, "utf8"));
  }

  const duplicateClasses: DuplicateEntry[] = [];
  const duplicateResources: DuplicateEntry[] = [];
  for (const [name, entries] of copies) {
    const [first, ...rest] = entries;
    if (first === undefined || rest.length === 0) continue;
    const duplicate: DuplicateEntry = {
      path: name,
      kept: first.jar.fileName,
      ignored: rest.map((entry) => entry.jar.fileName),
      identical: rest.every((entry) => entry.crc32 === first.crc32 && entry.size === first.size),
    };
    (name.endsWith(".class") ? duplicateClasses : duplicateResources).push(duplicate);
  }
  const differingFirst = (a: DuplicateEntry, b: DuplicateEntry): number => Number(a.identical) - Number(b.identical) || byName(a.path, b.path);
  duplicateClasses.sort(differingFirst);
  duplicateResources.sort(differingFirst);

  // Files: the first copy of every path plus the merged services. Directories: every parent of
  // those, as `jar` writes them (some class-path scanners look directories up as resources).
  const files = new Map<string, { kind: "entry"; entry: JarEntry } | { kind: "buffer"; data: Buffer }>();
  for (const [name, entries] of copies) {
    const first = entries[0];
    if (first !== undefined) files.set(name, { kind: "entry", entry: first });
  }
  for (const [name, data] of serviceData) files.set(name, { kind: "buffer", data });
  const directories = new Set<string>(["META-INF/"]);
  for (const name of files.keys()) {
    const parts = name.split("/");
    for (let depth = 1; depth < parts.length; depth++) directories.add(`${parts.slice(0, depth).join("/")}/`);
  }

  // JarInputStream only finds the manifest when it is among the first entries: META-INF/ then MANIFEST.MF.
  const manifest = renderManifest({ createdBy: options.createdBy ?? "pyflink-devkit fat-jar", mainClass: options.mainClass });
  const entries: ZipWriteEntry[] = [{ kind: "directory", name: "META-INF/" }, { kind: "buffer", name: MANIFEST, data: manifest, executable: false }];
  const names = [...directories].filter((name) => name !== "META-INF/").concat([...files.keys()]).sort(byName);
  for (const name of names) {
    const file = files.get(name);
    if (file === undefined) entries.push({ kind: "directory", name });
    else if (file.kind === "buffer") entries.push({ kind: "buffer", name, data: file.data, executable: false });
    else entries.push({ kind: "stream", name, size: file.entry.size, open: () => file.entry.jar.openStream(file.entry) });
  }
  const written = await writeZip(options.output, entries).catch((error: unknown) => {
    // A source jar that fails while streaming reports itself; anything else is the output's fault.
    const cause = error instanceof ZipArchiveError ? error.cause : error;
    if (cause instanceof FatJarError) throw cause;
    throw new FatJarError(options.output, `${options.output}: could not write the fat jar (${cause instanceof Error ? cause.message : String(cause)}). Check that the directory is writable and the disk has space.`, { cause: error });
  });
  return {
    output: options.output,
    ...written,
    entries: names.length + 2,
    services: mergedServices,
    dropped,
    duplicateClasses,
    duplicateResources,
    warnings,
  };
}
