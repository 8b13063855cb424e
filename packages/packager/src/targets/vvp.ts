// Alibaba Realtime Compute for Apache Flink / Ververica Platform: a Python artifact (entry script,
// or job.zip with an entry module), Python Libraries and Archives, jars as Additional
// Dependencies; the deploy config is the PythonArtifact fields plus flinkConfiguration (C6, C7).
import path from "node:path";
import { z } from "zod";
import { INTERPRETER_EXECUTABLE } from "../archive/interpreter-archive.js";
import { PackError } from "../pack-error.js";
import type { ProfileRequest } from "../profiles.js";
import { checkPython, flinkRelease, minorOf, providedPackages } from "../runtime/flink-releases.js";
import { managedRuntimesOf, newestRuntimeWith, type ManagedRuntime } from "../runtime/managed-runtimes.js";
import { compareDotted } from "../runtime/versions.js";
import { asInputs, checkModule, dependencyZips, entryName, JOB_ARCHIVE, jarNames, jsonLines, parseArchiveSpec } from "./layout-parts.js";
import type { ArtifactPlan, TargetDefinition } from "./target.js";

export interface VvpDeployConfig {
  /** C7: PythonArtifact fields; upload each file (OSS) and replace the names by their URIs. */
  readonly pythonArtifact: {
    readonly pythonArtifactUri: string;
    readonly entryModule?: string;
    readonly additionalPythonLibraries: readonly string[];
    readonly additionalPythonArchives: readonly string[];
    readonly additionalDependencies: readonly string[];
  };
  readonly flinkConfiguration: Readonly<Record<string, string>>;
  readonly configLines: readonly string[];
}

const deployConfigSchema = z.object({
  pythonArtifact: z.object({
    pythonArtifactUri: z.string(),
    entryModule: z.string().optional(),
    additionalPythonLibraries: z.array(z.string()),
    additionalPythonArchives: z.array(z.string()),
    additionalDependencies: z.array(z.string()).default([]),
  }),
  flinkConfiguration: z.record(z.string(), z.string()),
});

/** Alibaba Realtime Compute / Ververica engine (VVR) lines (runtime/managed-runtimes.ts: C1, C2, H3, H4, H5). */
const VVR_ENGINES = managedRuntimesOf("vvr");

function engineRange(engine: ManagedRuntime): { from: string; until: string | undefined } {
  return engine.engines ?? { from: "0.0.0", until: undefined };
}

function chooseEngine(request: ProfileRequest): { engine: ManagedRuntime; picked: string[] } {
  const { engine, flink, python } = request;
  if (engine !== undefined) {
    const version = /(\d+\.\d+(?:\.\d+)?)/.exec(engine)?.[1];
    const found = version === undefined ? undefined : VVR_ENGINES.find((e) => compareDotted(version, engineRange(e).from) >= 0 && (engineRange(e).until === undefined || compareDotted(version, engineRange(e).until ?? "") < 0));
    if (!found) throw new PackError("target", `vvp: engine "${engine}" is not one the packager knows. Use a VVR version such as 8.0.11 or 11.1.0.`);
    return { engine: found, picked: [] };
  }
  const candidates = flink === undefined ? VVR_ENGINES : VVR_ENGINES.filter((e) => e.flink === minorOf(flink));
  if (candidates.length === 0) throw new PackError("target", `vvp: no engine line built on Flink ${flink ?? ""} is known. Use --engine <VVR version> or --flink ${[...new Set(VVR_ENGINES.map((e) => e.flink))].join(" | ")}.`);
  if (python !== undefined) {
    const found = newestRuntimeWith(candidates, python);
    if (!found) throw new PackError("target", `vvp: no engine line${flink === undefined ? "" : ` built on Flink ${flink}`} runs Python ${python}. Engines run ${VVR_ENGINES.map((e) => `${e.id}: ${e.pythons.join("/")}`).join(", ")}.`);
    const range = engineRange(found);
    return { engine: found, picked: [`--python ${python}: engine line ${found.id} (VVR ${range.from}${range.until === undefined ? " and later" : ` up to ${range.until}, exclusive`}, Flink ${found.pyflink ?? found.flink}), the newest that has it`] };
  }
  const newest = candidates[candidates.length - 1];
  if (!newest) throw new PackError("target", "vvp: no engine table.");
  return { engine: newest, picked: [] };
}

/** file:///flink/usrlib/x.zip and friends → the bundle-relative name (VVP additional files land in usrlib, C6). */
function bundleName(value: string): string {
  return value.startsWith("file://") ? path.posix.basename(value) : value;
}

const usrlib = (name: string): string => `file:///flink/usrlib/${name}`;

export const vvpTarget: TargetDefinition<VvpDeployConfig> = {
  description: "Alibaba Realtime Compute for Apache Flink / Ververica",
  shortName: "Alibaba Realtime Compute / Ververica",
  sizeLimits: [
    // C8: 200 MB max upload per file, recommended under 100 MB.
    { applies: "bundle", bytes: 200 * 1000 * 1000, severity: "hard", what: "Ververica/Alibaba upload limit per file (C8); upload through OSS instead" },
    { applies: "bundle", bytes: 100 * 1000 * 1000, severity: "advice", what: "Ververica recommended upload size (C8)" },
  ],
  deployKeys: ["python.executable", "python.archives", "python.files", "pipeline.classpaths"],
  moduleEntry: true,
  maxJars: undefined,

  resolve(request, machine) {
    const { engine, picked } = chooseEngine(request);
    const release = flinkRelease(engine.pyflink ?? engine.flink, "vvp");
    const python = checkPython(request.python, engine.pythons, `Ververica engine ${engine.id}`);
    const glibc = engine.glibc[machine];
    if (glibc === undefined) throw new PackError("target", `vvp: engine line ${engine.id} does not run on ${machine}. Use --machine ${Object.keys(engine.glibc).join(" or ")}.`);
    // C8: the runtime pre-installs pandas, NumPy and PyArrow next to PyFlink: in the dataset's set, with H4's versions for VVR 11.
    return { id: `vvp-${engine.id}-py${python}`, flink: engine.flink, python, machine, glibc, release, provided: providedPackages(release, python, engine.published), notes: [...picked, ...engine.sources] };
  },

  profileRequests: () => VVR_ENGINES.flatMap((engine) => engine.pythons.map((python) => ({ target: "vvp", engine: engineRange(engine).from, python }))),

  checkConfig: () => undefined,

  layout(input) {
    const artifacts: ArtifactPlan[] = [];
    const libraries: string[] = [];
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
    const zips = dependencyZips(input, { files: "Python Libraries", archives: "Python Archives", interpreter: "Python Archives" });
    artifacts.push(...zips.artifacts);
    libraries.push(...zips.files);
    const { archives } = zips;
    const jars = jarNames(input.jars);
    input.jars.forEach((jar, i) => artifacts.push({ kind: "copy", name: `lib/${jars[i] ?? ""}`, from: jar.abs, role: "jar (Additional Dependencies)" }));
    // C6: additional dependency files land in /flink/usrlib/ on the cluster.
    const flinkConfiguration: Record<string, string> = {};
    if (input.interpreter) flinkConfiguration["python.executable"] = INTERPRETER_EXECUTABLE;
    if (archives.length > 0) flinkConfiguration["python.archives"] = archives.map(usrlib).join(",");
    if (jars.length > 0) flinkConfiguration["pipeline.classpaths"] = jars.map(usrlib).join(";");
    const configLines = Object.entries(flinkConfiguration).map(([k, v]) => (k === "pipeline.classpaths" ? `${k}: '${v}'` : `${k}: ${v}`));
    const pythonArtifact = {
      pythonArtifactUri: artifactUri,
      ...(entryModule === undefined ? {} : { entryModule }),
      additionalPythonLibraries: libraries,
      additionalPythonArchives: archives,
      additionalDependencies: jars.map((j) => `lib/${j}`),
    };
    return Promise.resolve({ artifacts, warnings: [], deployConfig: { pythonArtifact, flinkConfiguration, configLines } });
  },

  workerSpec(config, base) {
    const parsed = deployConfigSchema.safeParse(config);
    if (!parsed.success) return undefined;
    const { pythonArtifact: artifact, flinkConfiguration } = parsed.data;
    const artifactName = bundleName(artifact.pythonArtifactUri);
    const libraries = artifact.additionalPythonLibraries.map(bundleName);
    return {
      base,
      // C7: a module entry ships its zip as the artifact, which goes on the path like -pyfs; a
      // script artifact is the client's entry and reaches the path through layOutWorker.
      pythonFiles: artifact.entryModule === undefined ? libraries : [artifactName, ...libraries],
      archives: artifact.additionalPythonArchives.map((archive) => parseArchiveSpec(bundleName(archive))),
      executable: flinkConfiguration["python.executable"],
      entry: artifact.entryModule === undefined ? { kind: "script", path: artifactName } : { kind: "module", name: artifact.entryModule },
      jars: artifact.additionalDependencies,
      notes: ["layout from the vvp deploy config (PythonArtifact, flinkConfiguration)"],
    };
  },

  readBundle: () => Promise.resolve(undefined),
  roleOf: () => undefined,

  summary(config) {
    const lines = ["Deployment (upload each file, then fill in):", ...jsonLines(config.pythonArtifact)];
    if (config.configLines.length > 0) lines.push("", "Other configuration:", ...config.configLines.map((l) => `  ${l}`));
    return lines;
  },

  budgetFixes: {
    bundle: [
      "upload the file through OSS instead of the Ververica upload dialog, and reference its oss:// URI",
      "split it into several Python Libraries / Additional Dependencies, each under the limit",
      "drop packages the runtime provides (PyFlink, pandas, NumPy, PyArrow are pre-installed)",
    ],
    archive: [],
    "app-zip": [],
  },
  jarHint: "move it out of the bundle (pipeline.classpaths / a shared lib dir on the cluster) or use the non-SQL connector artifact",

  flags: {
    "--engine": "engine (VVR) version, e.g. 11.1.0",
    "--machine": "x86_64 or aarch64",
    "--module": "entry module instead of a script",
    "--interpreter-env": "ship this relocatable environment as venv.zip",
  },
};
