import { createHash } from "node:crypto";
import { stripVTControlCharacters } from "node:util";
import { existsSync } from "node:fs";
import { copyFile, cp, mkdir, mkdtemp, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { findExecutable, run } from "@pyflink-devkit/runner";
import { PomBuildError } from "./pom-build-error.js";
import { readPomCoordinates, shippedCoordinates } from "./pom-coordinates.js";

/** Jars Maven leaves next to the one it means: never shipped. */
const BUILD_LEFTOVERS: readonly { readonly test: RegExp; readonly why: string }[] = [
  { test: /^original-.*\.jar$/, why: "maven-shade-plugin's copy of the jar before shading" },
  { test: /-sources\.jar$/, why: "a sources jar" },
  { test: /-javadoc\.jar$/, why: "a javadoc jar" },
  { test: /-tests?\.jar$/, why: "a test jar" },
];

/** Project entries never copied into the build's temp directory (outputs, environments, VCS). */
const NOT_COPIED = new Set(["target", ".git", "node_modules", "venv", ".venv", "dep", "build", "__pycache__"]);

export interface PomBuildOptions {
  /** The project directory holding pom.xml. */
  readonly projectDir: string;
  /** `mvn` to run (default: the one on PATH). */
  readonly mvn?: string;
  /** Built jars are kept under `<cacheDir>/pom-build/<key>/`, keyed by the pom and `src/`; omit to always build. */
  readonly cacheDir?: string;
  readonly timeoutMs?: number;
  readonly onLine?: (line: string) => void;
  readonly signal?: AbortSignal;
}

export interface PomBuildResult {
  /** The jar to ship (the shaded one). */
  readonly jar: string;
  /** `group:artifact:version` the pom declares for shipping. */
  readonly coordinates: readonly string[];
  /** Jars Maven also produced and why they are not shipped. */
  readonly leftOut: readonly { readonly name: string; readonly why: string }[];
  readonly reused: boolean;
  readonly logFile: string | undefined;
}

async function listJars(dir: string, depth: number): Promise<string[]> {
  if (!existsSync(dir)) return [];
  const found: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory() && depth > 0) found.push(...(await listJars(full, depth - 1)));
    else if (entry.isFile() && entry.name.endsWith(".jar")) found.push(full);
  }
  return found;
}

async function sourceKey(projectDir: string, pomXml: string): Promise<string> {
  const hash = createHash("sha256").update(pomXml);
  for (const file of (await listFiles(path.join(projectDir, "src"))).sort()) {
    hash.update(`\0${path.relative(projectDir, file)}\0`).update(await readFile(file));
  }
  return hash.digest("hex").slice(0, 20);
}

async function listFiles(dir: string): Promise<string[]> {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listFiles(full)));
    else if (entry.isFile()) out.push(full);
  }
  return out;
}

/** The jar Maven meant (the shaded one: the biggest that is not a leftover) and what else it left. */
async function pickJar(buildDir: string, pomPath: string, logFile: string): Promise<{ jar: string; leftOut: { name: string; why: string }[] }> {
  const leftOut: { name: string; why: string }[] = [];
  const candidates: { file: string; size: number }[] = [];
  for (const file of await listJars(buildDir, 1)) {
    const name = path.basename(file);
    const leftover = BUILD_LEFTOVERS.find((rule) => rule.test.test(name));
    if (leftover !== undefined) leftOut.push({ name: path.relative(buildDir, file), why: leftover.why });
    else candidates.push({ file, size: (await stat(file)).size });
  }
  candidates.sort((a, b) => b.size - a.size);
  const [chosen, ...others] = candidates;
  if (chosen === undefined) {
    throw new PomBuildError(`\`mvn package\` of ${pomPath} succeeded but left no jar in target/; add the maven-shade-plugin (as AWS's samples do) so the connectors end up in one jar. Maven's output: ${logFile}.`, { logFile });
  }
  for (const other of others) leftOut.push({ name: path.relative(buildDir, other.file), why: `smaller than ${path.basename(chosen.file)}, which is the shaded jar` });
  return { jar: chosen.file, leftOut };
}

/**
 * Builds the project's pom.xml with `mvn -q -B package` on a temp copy (so the project gets no
 * target/; Maven reads the user's ~/.m2/settings.xml as always) and returns the shaded jar.
 * Without Maven, or when the build fails, throws a `PomBuildError` naming the pom's connector
 * coordinates and the command to run.
 */
export async function buildPomJars(options: PomBuildOptions): Promise<PomBuildResult> {
  const pomPath = path.join(options.projectDir, "pom.xml");
  const pomXml = await readFile(pomPath, "utf8");
  const coordinates = shippedCoordinates(readPomCoordinates(pomXml, pomPath));
  const declared = coordinates.length === 0 ? "no dependencies" : coordinates.join(", ");
  const key = await sourceKey(options.projectDir, pomXml);
  const cached = options.cacheDir === undefined ? undefined : path.join(options.cacheDir, "pom-build", key);
  if (cached !== undefined && existsSync(path.join(cached, "result.json"))) {
    const saved = JSON.parse(await readFile(path.join(cached, "result.json"), "utf8")) as { jar: string; leftOut: { name: string; why: string }[] };
    const jar = path.join(cached, saved.jar);
    if (existsSync(jar)) return { jar, coordinates, leftOut: saved.leftOut, reused: true, logFile: undefined };
  }

  const mvn = findExecutable(options.mvn ?? "mvn");
  if (mvn === undefined) {
    throw new PomBuildError(
      `${pomPath} declares the job's jars (${declared}) but Maven (${options.mvn ?? "mvn on PATH"}) is not there, so they cannot be built. Install Maven (Debian: \`apt-get install maven\`) and run again, or build the jar yourself with \`mvn -q package\` in ${options.projectDir} and name target/<name>.jar in "jars".`,
    );
  }
  const work = await mkdtemp(path.join(os.tmpdir(), "pyflink-pom-build-"));
  const logFile = path.join(work, "mvn.log");
  try {
    const copy = path.join(work, "project");
    await cp(options.projectDir, copy, { recursive: true, filter: (source) => source === options.projectDir || !NOT_COPIED.has(path.basename(source)) });
    const result = await run(mvn, ["-q", "-B", "package", "-DskipTests"], {
      cwd: copy,
      reject: false,
      logFile,
      timeoutMs: options.timeoutMs ?? 20 * 60 * 1000,
      ...(options.onLine === undefined ? {} : { onLine: options.onLine }),
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });
    if (result.exitCode !== 0) {
      const firstError = `${result.stdout}\n${result.stderr}`.split("\n").map((l) => stripVTControlCharacters(l).trim()).find((l) => l.startsWith("[ERROR]")) ?? `exit code ${result.exitCode}`;
      const kept = path.join(os.tmpdir(), `pyflink-pom-build-${key}.log`);
      await copyFile(logFile, kept).catch(() => undefined);
      throw new PomBuildError(
        `\`mvn -q package\` of ${pomPath} failed: ${firstError.replace(/^\[ERROR\]\s*/, "")}. The pom declares ${declared}; check that these coordinates exist in your repositories (~/.m2/settings.xml mirrors included), fix the pom, and run \`mvn -q package\` in ${options.projectDir} to see the whole error. Maven's output: ${kept}.`,
        { logFile: kept },
      );
    }
    const picked = await pickJar(path.join(copy, "target"), pomPath, logFile);
    if (cached === undefined) {
      const keptDir = await mkdtemp(path.join(os.tmpdir(), "pyflink-pom-jar-"));
      const jar = path.join(keptDir, path.basename(picked.jar));
      await rename(picked.jar, jar);
      return { jar, coordinates, leftOut: picked.leftOut, reused: false, logFile: undefined };
    }
    // Fill a sibling directory and rename it into place, so a cache entry is whole or absent.
    const staging = `${cached}.tmp-${process.pid}`;
    await rm(staging, { recursive: true, force: true });
    await mkdir(staging, { recursive: true });
    await rename(picked.jar, path.join(staging, path.basename(picked.jar)));
    await writeFile(path.join(staging, "result.json"), JSON.stringify({ jar: path.basename(picked.jar), leftOut: picked.leftOut }));
    await rm(cached, { recursive: true, force: true });
    await mkdir(path.dirname(cached), { recursive: true });
    await rename(staging, cached);
    return { jar: path.join(cached, path.basename(picked.jar)), coordinates, leftOut: picked.leftOut, reused: false, logFile: undefined };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
