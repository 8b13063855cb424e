// How each target lays out the bundle and what deploy config it gets. One table entry per target;
// the orchestrator (pack.ts) only writes what these return.
import path from "node:path";
import type { ZipInput } from "../archive/deterministic-zip.js";
import { INTERPRETER_ARCHIVE, INTERPRETER_EXECUTABLE } from "../archive/interpreter-archive.js";
import { PackError } from "../pack-error.js";
import type { Profile, TargetName } from "../profiles.js";
import type { ProjectFile } from "../project/collect-project.js";
import { RUN_OPTIONS_GROUP, mergeRunOptions, type PropertyGroup } from "./msf-properties.js";

export type ArtifactPlan =
  | { readonly kind: "zip"; readonly name: string; readonly inputs: readonly ZipInput[]; readonly role: string }
  | { readonly kind: "copy"; readonly name: string; readonly from: string; readonly role: string }
  | { readonly kind: "json"; readonly name: string; readonly value: unknown; readonly role: string }
  | { readonly kind: "text"; readonly name: string; readonly text: string; readonly role: string };

export interface LayoutInput {
  readonly profile: Profile;
  readonly name: string;
  readonly entry: ProjectFile | undefined;
  readonly module: string | undefined;
  /** Own sources, `rel` relative to sourceRoot. */
  readonly sources: readonly ProjectFile[];
  /** Third-party files, names relative to the dependency root (no prefix). */
  readonly deps: readonly ZipInput[];
  readonly jars: readonly ProjectFile[];
  /** Data files, `rel` relative to the project. */
  readonly data: readonly ProjectFile[];
  /** Interpreter archive inputs (names start with venv/), or undefined. */
  readonly interpreter: readonly ZipInput[] | undefined;
  /** The user's application_properties.json groups (msf). */
  readonly propertyGroups: readonly PropertyGroup[];
  /** Absolute path the bundle will have when done (for file:// URLs). */
  readonly finalOutDir: string;
}

export interface Layout {
  readonly artifacts: readonly ArtifactPlan[];
  readonly deployConfig: unknown;
  readonly warnings: readonly string[];
}

const DEPS_ARCHIVE = "deps.zip";
const JOB_ARCHIVE = "job.zip";
const DATA_ARCHIVE = "data.zip";
/** MSF: the dependency directory inside the app zip, registered through pyFiles (B1, B6). */
export const MSF_DEPS_DIR = "deps/";

const asInputs = (files: readonly ProjectFile[], prefix = ""): ZipInput[] => files.map((f) => ({ name: `${prefix}${f.rel}`, source: { kind: "file", path: f.abs }, executable: f.executable }));
const withPrefix = (inputs: readonly ZipInput[], prefix: string): ZipInput[] => inputs.map((i) => ({ ...i, name: `${prefix}${i.name}` }));

function jarNames(jars: readonly ProjectFile[]): string[] {
  const names = jars.map((j) => path.posix.basename(j.rel));
  const dupe = names.find((n, i) => names.indexOf(n) !== i);
  if (dupe !== undefined) throw new PackError("layout", `Two jars are both named ${dupe} (${jars.filter((j) => j.rel.endsWith(`/${dupe}`) || j.rel === dupe).map((j) => j.rel).join(", ")}). Rename one or narrow "jars" in pyflink-pack.json.`);
  return names;
}

/** -pym needs the module in what -pyfs ships (A11): pkg.job → pkg/job.py or pkg/job/__init__.py. */
function checkModule(module: string, sources: readonly ProjectFile[]): void {
  const base = module.replace(/\./g, "/");
  const rels = new Set(sources.map((s) => s.rel));
  if (!rels.has(`${base}.py`) && !rels.has(`${base}/__main__.py`) && !rels.has(`${base}/__init__.py`)) {
    throw new PackError("project", `Entry module ${module} is not among the job's sources (looked for ${base}.py or ${base}/__main__.py under sourceRoot). Fix "module" or "sourceRoot" in pyflink-pack.json.`);
  }
}

function entryName(input: LayoutInput): string {
  if (!input.entry) throw new PackError("project", "No entry script. Set \"entry\" (or --entry) to the job's main script, or \"module\" for a module entry.");
  return path.posix.basename(input.entry.rel);
}

function flinkLayout(input: LayoutInput): Layout {
  const artifacts: ArtifactPlan[] = [];
  const warnings: string[] = [];
  const args: string[] = [];
  const pyFiles: string[] = [];
  const archives: string[] = [];
  if (input.module !== undefined) {
    checkModule(input.module, input.sources);
    args.push("-pym", input.module);
  } else {
    const entry = entryName(input);
    if (input.entry) artifacts.push({ kind: "copy", name: entry, from: input.entry.abs, role: "entry script (-py)" });
    args.push("-py", entry);
  }
  if (input.sources.length > 0) {
    // A28: a .zip in python.files is extracted and its root goes on PYTHONPATH, client and workers.
    artifacts.push({ kind: "zip", name: JOB_ARCHIVE, inputs: asInputs(input.sources), role: "job's own modules (python.files)" });
    pyFiles.push(JOB_ARCHIVE);
  }
  if (input.deps.length > 0) {
    artifacts.push({ kind: "zip", name: DEPS_ARCHIVE, inputs: input.deps, role: "third-party packages (python.files)" });
    pyFiles.push(DEPS_ARCHIVE);
  }
  if (input.interpreter) {
    artifacts.push({ kind: "zip", name: INTERPRETER_ARCHIVE, inputs: input.interpreter, role: "Python interpreter (python.archives + python.executable)" });
    archives.push(INTERPRETER_ARCHIVE);
  }
  if (input.data.length > 0) {
    // A2/A30: extracted into the worker's working directory as data.zip/<path>.
    artifacts.push({ kind: "zip", name: DATA_ARCHIVE, inputs: asInputs(input.data), role: "data files (python.archives; open as data.zip/<path>)" });
    archives.push(DATA_ARCHIVE);
  }
  if (pyFiles.length > 0) args.push("-pyfs", pyFiles.join(","));
  if (archives.length > 0) args.push("-pyarch", archives.join(","));
  if (input.interpreter) args.push("-pyexec", INTERPRETER_EXECUTABLE);
  const jars = jarNames(input.jars);
  input.jars.forEach((jar, i) => artifacts.push({ kind: "copy", name: `lib/${jars[i] ?? ""}`, from: jar.abs, role: "jar" }));
  const jarUrls = jars.map((j) => `file://${path.join(input.finalOutDir, "lib", j)}`);
  const [onlyJar] = jars;
  if (jars.length === 1 && onlyJar !== undefined) args.push("-j", `lib/${onlyJar}`);
  else if (jars.length > 1) {
    // A17: -j takes one jar; pipeline.jars (A8) takes several, as absolute file:// URLs.
    args.push(`-Dpipeline.jars=${jarUrls.join(";")}`);
    warnings.push(`${jars.length} jars: flink run -j takes one, so they go through pipeline.jars; a single fat jar is the documented way (A17)`);
  }
  const configuration: Record<string, string> = {};
  if (pyFiles.length > 0) configuration["python.files"] = pyFiles.join(",");
  if (archives.length > 0) configuration["python.archives"] = archives.join(",");
  if (input.interpreter) configuration["python.executable"] = INTERPRETER_EXECUTABLE;
  if (jarUrls.length > 0) configuration["pipeline.jars"] = jarUrls.join(";");
  return {
    artifacts,
    warnings,
    deployConfig: {
      // Paths are relative to the bundle directory: run `flink run <args>` from there.
      workingDirectory: input.finalOutDir,
      command: ["flink", "run", ...args],
      args,
      configuration,
    },
  };
}

function msfLayout(input: LayoutInput): Layout {
  if (input.module !== undefined) throw new PackError("layout", `MSF has no pyModule run option (B2); give a script entry ("entry": "main.py") instead of "module": "${input.module}".`);
  if (input.interpreter) throw new PackError("layout", "MSF runs its own Python and has no pyExecutable run option (B2); drop --interpreter-env for --target msf.");
  const entry = entryName(input);
  const warnings: string[] = [];
  const inputs: ZipInput[] = [];
  if (input.entry) inputs.push({ name: entry, source: { kind: "file", path: input.entry.abs }, executable: input.entry.executable });
  // B6: the maintained samples keep the job's own .py files at the zip root beside the entry.
  const own = asInputs(input.sources);
  const clash = own.find((f) => f.name === entry);
  if (clash) throw new PackError("layout", `Both the entry script and a source file land at ${entry} in the MSF zip root. Rename one, or set "sourceRoot".`);
  inputs.push(...own, ...withPrefix(input.deps, MSF_DEPS_DIR));
  const runOptions: Record<string, string> = { python: entry };
  const jars = jarNames(input.jars);
  if (input.profile.maxJars !== undefined && jars.length > input.profile.maxJars) {
    throw new PackError("layout", `MSF takes exactly one jarfile (B1, B9) but the project has ${jars.length}: ${input.jars.map((j) => j.rel).join(", ")}. Merge the connectors into one fat jar, or narrow "jars" in pyflink-pack.json.`);
  }
  const [onlyJar] = input.jars;
  if (onlyJar !== undefined) {
    inputs.push({ name: `lib/${path.posix.basename(onlyJar.rel)}`, source: { kind: "file", path: onlyJar.abs }, executable: false });
    runOptions.jarfile = `lib/${path.posix.basename(onlyJar.rel)}`;
  } else {
    warnings.push("no jar in the project: MSF needs a jarfile run option for connectors (B4); add your connector jar under lib/ if the job uses one");
  }
  if (input.deps.length > 0) runOptions.pyFiles = MSF_DEPS_DIR;
  if (input.data.length > 0) {
    // Archives travel inside the app zip; the run option names them relative to its root (B1).
    const data = asInputs(input.data);
    runOptions.pyArchives = DATA_ARCHIVE;
    return finishMsf(input, inputs, runOptions, warnings, data);
  }
  return finishMsf(input, inputs, runOptions, warnings, undefined);
}

function finishMsf(input: LayoutInput, inputs: ZipInput[], runOptions: Record<string, string>, warnings: string[], data: ZipInput[] | undefined): Layout {
  const groups = mergeRunOptions(input.propertyGroups, runOptions, warnings);
  const artifacts: ArtifactPlan[] = [];
  if (data) inputs.push({ name: DATA_ARCHIVE, source: { kind: "zip", inputs: data }, executable: false });
  artifacts.push({ kind: "zip", name: `${input.name}.zip`, inputs, role: "MSF application zip (upload to S3)" });
  artifacts.push({ kind: "json", name: "application_properties.json", value: groups, role: `runtime properties with ${RUN_OPTIONS_GROUP}` });
  return { artifacts, warnings, deployConfig: groups };
}

function vvpLayout(input: LayoutInput): Layout {
  const artifacts: ArtifactPlan[] = [];
  const warnings: string[] = [];
  const libraries: string[] = [];
  const archives: string[] = [];
  let artifactUri: string;
  let entryModule: string | undefined;
  if (input.sources.length > 0) {
    artifacts.push({ kind: "zip", name: JOB_ARCHIVE, inputs: asInputs(input.sources), role: "job's own modules (Python Libraries)" });
  }
  if (input.module !== undefined) {
    checkModule(input.module, input.sources);
    // C7: a module entry is a zip artifact plus entryModule.
    artifactUri = JOB_ARCHIVE;
    entryModule = input.module;
  } else {
    artifactUri = entryName(input);
    if (input.entry) artifacts.push({ kind: "copy", name: artifactUri, from: input.entry.abs, role: "entry script (Python artifact)" });
    if (input.sources.length > 0) libraries.push(JOB_ARCHIVE);
  }
  if (input.deps.length > 0) {
    artifacts.push({ kind: "zip", name: DEPS_ARCHIVE, inputs: input.deps, role: "third-party packages (Python Libraries)" });
    libraries.push(DEPS_ARCHIVE);
  }
  if (input.interpreter) {
    artifacts.push({ kind: "zip", name: INTERPRETER_ARCHIVE, inputs: input.interpreter, role: "Python interpreter (Python Archives)" });
    archives.push(INTERPRETER_ARCHIVE);
  }
  if (input.data.length > 0) {
    artifacts.push({ kind: "zip", name: DATA_ARCHIVE, inputs: asInputs(input.data), role: "data files (Python Archives; open as data.zip/<path>)" });
    archives.push(DATA_ARCHIVE);
  }
  const jars = jarNames(input.jars);
  input.jars.forEach((jar, i) => artifacts.push({ kind: "copy", name: `lib/${jars[i] ?? ""}`, from: jar.abs, role: "jar (Additional Dependencies)" }));
  // C6: additional dependency files land in /flink/usrlib/ on the cluster.
  const usrlib = (name: string): string => `file:///flink/usrlib/${name}`;
  const flinkConfiguration: Record<string, string> = {};
  if (input.interpreter) flinkConfiguration["python.executable"] = INTERPRETER_EXECUTABLE;
  if (archives.length > 0) flinkConfiguration["python.archives"] = archives.map(usrlib).join(",");
  if (jars.length > 0) flinkConfiguration["pipeline.classpaths"] = jars.map(usrlib).join(";");
  const configLines = Object.entries(flinkConfiguration).map(([k, v]) => (k === "pipeline.classpaths" ? `${k}: '${v}'` : `${k}: ${v}`));
  return {
    artifacts,
    warnings,
    deployConfig: {
      // C7: PythonArtifact fields; upload each file (OSS) and replace the names by their URIs.
      pythonArtifact: {
        pythonArtifactUri: artifactUri,
        ...(entryModule === undefined ? {} : { entryModule }),
        additionalPythonLibraries: libraries,
        additionalPythonArchives: archives,
        additionalDependencies: jars.map((j) => `lib/${j}`),
      },
      flinkConfiguration,
      configLines,
    },
  };
}

export const LAYOUTS: Readonly<Record<TargetName, (input: LayoutInput) => Layout>> = {
  flink: flinkLayout,
  msf: msfLayout,
  vvp: vvpLayout,
};
