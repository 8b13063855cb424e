// Self-managed Apache Flink (`flink run`): the user declares what the cluster runs; the bundle is
// the entry script plus python.files / python.archives zips and jars, run from the bundle directory.
import path from "node:path";
import { z } from "zod";
import { INTERPRETER_EXECUTABLE } from "../archive/interpreter-archive.js";
import { PackError } from "../pack-error.js";
import { BUNDLE_DIR_PLACEHOLDER } from "../deploy-file.js";
import { checkPython, flinkRelease, minorOf, newestFlinkLine, providedPackages } from "../runtime/flink-releases.js";
import { flinkLines } from "../runtime/runtime-data.js";
import { compareDotted, comparePython } from "../runtime/versions.js";
import { asInputs, checkModule, dependencyZips, entryName, JOB_ARCHIVE, jarNames, parseArchiveSpec, shellWord, splitList } from "./layout-parts.js";
import type { ArtifactPlan, TargetDefinition } from "./target.js";

export interface FlinkDeployConfig {
  /** Paths are relative to the bundle directory: run `flink run <args>` from there. */
  readonly workingDirectory: string;
  readonly command: readonly string[];
  readonly args: readonly string[];
  readonly configuration: Readonly<Record<string, string>>;
}

const deployConfigSchema = z.object({ args: z.array(z.string()), configuration: z.record(z.string(), z.string()) });

const MIB = 1024 * 1024;

/** The newest release line the dataset resolved for `python`; an error naming the lines that have it otherwise. */
function newestLineWith(python: string): string {
  const lines = flinkLines().filter((line) => flinkRelease(line, "flink").pythons.includes(minorOf(python)));
  const newest = lines[lines.length - 1];
  if (newest === undefined) throw new PackError("target", `flink: no apache-flink release the packager knows runs Python ${python}. Pass --flink with one of ${flinkLines().join(", ")} and its Python.`);
  return newest;
}

export const flinkTarget: TargetDefinition<FlinkDeployConfig> = {
  description: "self-managed Apache Flink (flink run)",
  shortName: "self-managed Flink",
  // A19: archives travel through the blob server, 2 GB per file.
  sizeLimits: [{ applies: "archive", bytes: 2 * 1024 * MIB, severity: "hard", what: "Flink blob server limit per -pyarch/-pyfs file (A19); put larger files on a DFS" }],
  deployKeys: ["-py", "-pym", "-pyfs", "-pyarch", "-pyexec", "-j", "python.files", "python.archives", "python.executable", "pipeline.jars"],
  moduleEntry: true,
  maxJars: undefined,

  resolve(request, machine) {
    // Defaults are the newest release; --python alone picks the newest release that has it.
    const line = request.flink ?? (request.python === undefined ? newestFlinkLine() : newestLineWith(request.python));
    const release = flinkRelease(line, "flink");
    const python = checkPython(request.python, release.pythons, `apache-flink ${release.pyflink}`);
    const picked = request.flink === undefined && request.python !== undefined ? [`--python ${python} alone: Flink ${release.flink}, the newest release line that has it`] : [];
    const glibc = request.glibc ?? "2.17";
    if (!/^2\.\d+$/.test(glibc) || compareDotted(glibc, "2.17") < 0) {
      throw new PackError("target", `flink: glibc "${glibc}" is not supported. Give the workers' glibc as 2.<minor>, at least 2.17.`);
    }
    return {
      id: `flink-${release.flink}-py${python}-${machine}`,
      flink: release.flink,
      python,
      machine,
      glibc,
      release,
      provided: providedPackages(release, python),
      notes: [...picked, "declared by the user (self-managed cluster)"],
    };
  },

  profileRequests: () => flinkLines().flatMap((line) => flinkRelease(line, "flink").pythons.filter((python) => comparePython(python, "3.8") >= 0).map((python) => ({ target: "flink", flink: line, python }))),

  checkConfig: () => undefined,

  layout(input) {
    const artifacts: ArtifactPlan[] = [];
    const warnings: string[] = [];
    const args: string[] = [];
    const pyFiles: string[] = [];
    if (input.module !== undefined) {
      checkModule(input.module, input.sources);
      args.push("-pym", input.module);
    } else {
      const entry = entryName(input);
      if (input.entry) artifacts.push({ kind: "copy", name: entry, from: input.entry.abs, role: "entry script (-py)" });
      // The client runs the entry from the bundle directory: files its code names sit beside it.
      for (const file of input.companions ?? []) artifacts.push({ kind: "copy", name: file.rel, from: file.abs, role: "file the job's code names (beside the entry)" });
      args.push("-py", entry);
    }
    if (input.sources.length > 0) {
      // A28: a .zip in python.files is extracted and its root goes on PYTHONPATH, client and workers.
      artifacts.push({ kind: "zip", name: JOB_ARCHIVE, inputs: asInputs(input.sources), role: "job's own modules (python.files)" });
      pyFiles.push(JOB_ARCHIVE);
    }
    const zips = dependencyZips(input, { files: "python.files", archives: "python.archives", interpreter: "python.archives + python.executable" });
    artifacts.push(...zips.artifacts);
    pyFiles.push(...zips.files);
    const { archives } = zips;
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
    return Promise.resolve({ artifacts, warnings, deployConfig: { workingDirectory: input.finalOutDir, command: ["flink", "run", ...args], args, configuration } });
  },

  workerSpec(config, base) {
    const parsed = deployConfigSchema.safeParse(config);
    if (!parsed.success) return undefined;
    const { args, configuration } = parsed.data;
    const flag = (name: string): string | undefined => {
      const at = args.indexOf(name);
      return at < 0 ? undefined : args[at + 1];
    };
    const script = flag("-py");
    const module = flag("-pym");
    return {
      base,
      pythonFiles: splitList(configuration["python.files"] ?? flag("-pyfs"), ","),
      archives: splitList(configuration["python.archives"] ?? flag("-pyarch"), ",").map(parseArchiveSpec),
      executable: configuration["python.executable"] ?? flag("-pyexec"),
      entry: script !== undefined ? { kind: "script", path: script } : module !== undefined ? { kind: "module", name: module } : undefined,
      // pipeline.jars holds file:// URLs with the bundle directory (or its placeholder) in front.
      jars: splitList(configuration["pipeline.jars"] ?? flag("-j"), ";").map((jar) => {
        const file = jar.replace(/^file:\/\//, "");
        return file.startsWith(`${BUNDLE_DIR_PLACEHOLDER}/`) ? file.slice(BUNDLE_DIR_PLACEHOLDER.length + 1) : file;
      }),
      notes: ["layout from the flink deploy config (python.files, python.archives, python.executable, -py/-pym)"],
    };
  },

  readBundle: () => Promise.resolve(undefined),
  roleOf: () => undefined,

  summary(config, outDir) {
    const lines = [`Run from ${outDir}:`, `  ${config.command.map(shellWord).join(" ")}`, "", "or, as configuration:"];
    for (const [k, v] of Object.entries(config.configuration)) lines.push(`  ${k}: ${v}`);
    return lines;
  },

  budgetFixes: {
    archive: [
      "put the file on a DFS (hdfs://, s3://) and reference that path in python.archives / -pyarch; the blob server takes 2 GB per file",
      "drop packages the runtime provides (PyFlink and its pinned dependencies)",
    ],
    bundle: [],
    "app-zip": [],
  },
  jarHint: "move it out of the bundle (pipeline.classpaths / a shared lib dir on the cluster) or use the non-SQL connector artifact",

  flags: {
    "--glibc": "the workers' glibc (default 2.17)",
    "--machine": "x86_64 or aarch64",
    "--module": "entry module instead of a script",
    "--interpreter-env": "ship this relocatable environment as venv.zip",
  },
};
