// Pieces every target's layout and bundle reader share: the file names pack gives its archives,
// the project files turned into zip inputs, and the checks on jars and entries.
import path from "node:path";
import type { ZipInput } from "../archive/deterministic-zip.js";
import { PackError } from "../pack-error.js";
import type { ProjectFile } from "../project/collect-project.js";
import { INTERPRETER_ARCHIVE } from "../archive/interpreter-archive.js";
import type { ArtifactPlan, LayoutInput } from "./target.js";

export const DEPS_ARCHIVE = "deps.zip";
export const JOB_ARCHIVE = "job.zip";
export const DATA_ARCHIVE = "data.zip";
/** The dependency directory inside an application zip (MSF, registered through pyFiles; B1, B6). */
export const APP_ZIP_DEPS_DIR = "deps/";

export const asInputs = (files: readonly ProjectFile[], prefix = ""): ZipInput[] => files.map((f) => ({ name: `${prefix}${f.rel}`, source: { kind: "file", path: f.abs }, executable: f.executable }));
export const withPrefix = (inputs: readonly ZipInput[], prefix: string): ZipInput[] => inputs.map((i) => ({ ...i, name: `${prefix}${i.name}` }));

/** The jars' file names, which must differ: they all land in lib/. */
export function jarNames(jars: readonly ProjectFile[]): string[] {
  const names = jars.map((j) => path.posix.basename(j.rel));
  const dupe = names.find((n, i) => names.indexOf(n) !== i);
  if (dupe !== undefined) throw new PackError("layout", `Two jars are both named ${dupe} (${jars.filter((j) => j.rel.endsWith(`/${dupe}`) || j.rel === dupe).map((j) => j.rel).join(", ")}). Rename one or narrow "jars" in pyflink-pack.json.`);
  return names;
}

/** -pym needs the module in what -pyfs ships (A11): pkg.job → pkg/job.py or pkg/job/__init__.py. */
export function checkModule(module: string, sources: readonly ProjectFile[]): void {
  const base = module.replace(/\./g, "/");
  const rels = new Set(sources.map((s) => s.rel));
  if (!rels.has(`${base}.py`) && !rels.has(`${base}/__main__.py`) && !rels.has(`${base}/__init__.py`)) {
    throw new PackError("project", `Entry module ${module} is not among the job's sources (looked for ${base}.py or ${base}/__main__.py under sourceRoot). Fix "module" or "sourceRoot" in pyflink-pack.json.`);
  }
}

export function entryName(input: LayoutInput): string {
  if (!input.entry) throw new PackError("project", "No entry script. Set \"entry\" (or --entry) to the job's main script, or \"module\" for a module entry.");
  return path.posix.basename(input.entry.rel);
}

/**
 * deps.zip (on the Python path, A1/A28) and venv.zip, data.zip (unpacked into the working
 * directory, A2/A30) as a target ships them; `words` names the target's two lists in the roles.
 */
export function dependencyZips(input: LayoutInput, words: { readonly files: string; readonly archives: string; readonly interpreter: string }): { artifacts: ArtifactPlan[]; files: string[]; archives: string[] } {
  const artifacts: ArtifactPlan[] = [];
  const files: string[] = [];
  const archives: string[] = [];
  if (input.deps.length > 0) {
    artifacts.push({ kind: "zip", name: DEPS_ARCHIVE, inputs: input.deps, role: `third-party packages (${words.files})` });
    files.push(DEPS_ARCHIVE);
  }
  if (input.interpreter) {
    artifacts.push({ kind: "zip", name: INTERPRETER_ARCHIVE, inputs: input.interpreter, role: `Python interpreter (${words.interpreter})` });
    archives.push(INTERPRETER_ARCHIVE);
  }
  if (input.data.length > 0) {
    artifacts.push({ kind: "zip", name: DATA_ARCHIVE, inputs: asInputs(input.data), role: `data files (${words.archives}; open as data.zip/<path>)` });
    archives.push(DATA_ARCHIVE);
  }
  return { artifacts, files, archives };
}

export const splitList = (value: string | undefined, separator: string | RegExp): string[] =>
  value === undefined ? [] : value.split(separator).map((part) => part.trim()).filter((part) => part !== "");

/** `data.zip#data` → { path: data.zip, target: data }; without `#` the target is the file name (A2). */
export function parseArchiveSpec(spec: string): { path: string; target: string } {
  const at = spec.indexOf("#");
  const file = at < 0 ? spec : spec.slice(0, at);
  return { path: file, target: at < 0 ? path.posix.basename(file) : spec.slice(at + 1) };
}

/** A deploy config as pack returns it, or a whole `pack --json` report holding one. */
export function unwrapDeployConfig(config: unknown): unknown {
  if (config === null || typeof config !== "object" || Array.isArray(config)) return undefined;
  return "deployConfig" in config ? config.deployConfig : config;
}

/** Quotes an argument for a shell command line when it needs it. */
export const shellWord = (arg: string): string => (/[\s;#'"]/.test(arg) ? `'${arg}'` : arg);

/** A JSON value as indented summary lines. */
export const jsonLines = (value: unknown): string[] => JSON.stringify(value, null, 2).split("\n").map((l) => `  ${l}`);
