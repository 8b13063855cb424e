// Amazon Managed Service for Apache Flink: one application zip (entry, deps/ with own modules, the
// jar, data.zip inside it) plus application_properties.json whose
// `kinesis.analytics.flink.run.options` group is the deploy config (B1, B5, B6).
import { readFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import type { ZipInput } from "../archive/deterministic-zip.js";
import { PackError } from "../pack-error.js";
import { readProjectText } from "../project/collect-project.js";
import type { ProfileRequest } from "../profiles.js";
import { checkPython, flinkRelease, minorOf, providedPackages } from "../runtime/flink-releases.js";
import { managedRuntimesOf, newestRuntimeWith, type ManagedRuntime } from "../runtime/managed-runtimes.js";
import { APP_ZIP_DEPS_DIR, asInputs, DATA_ARCHIVE, entryName, jarNames, jsonLines, parseArchiveSpec, splitList, withPrefix } from "./layout-parts.js";
import type { TargetDefinition, WorkerSpec } from "./target.js";
import { extractZipSafely } from "../verify/safe-extract.js";
import { runOptionDefaults } from "../project/run-option-defaults.js";

export const RUN_OPTIONS_GROUP = "kinesis.analytics.flink.run.options";
const PROPERTIES_FILE = "application_properties.json";

const propertyGroupsSchema = z.array(
  z.strictObject({
    PropertyGroupId: z.string().min(1),
    PropertyMap: z.record(z.string(), z.string()),
  }),
);

export type PropertyGroup = z.infer<typeof propertyGroupsSchema>[number];
/** The runtime properties: the user's groups plus the run-options group. */
export type MsfDeployConfig = readonly PropertyGroup[];

/** Amazon Managed Service for Apache Flink runtimes (runtime/managed-runtimes.ts: B11, H1). */
const MSF_RUNTIMES = managedRuntimesOf("msf");

function chooseMsfRuntime(request: ProfileRequest): { runtime: ManagedRuntime | undefined; picked: string[] } {
  if (request.flink !== undefined) {
    const flink = request.flink;
    return { runtime: MSF_RUNTIMES.find((r) => r.flink === minorOf(flink)), picked: [] };
  }
  if (request.python !== undefined) {
    const runtime = newestRuntimeWith(MSF_RUNTIMES, request.python);
    return { runtime, picked: runtime === undefined ? [] : [`--python ${request.python} alone: MSF Flink ${runtime.flink}, the newest MSF runtime that has it`] };
  }
  return { runtime: MSF_RUNTIMES[MSF_RUNTIMES.length - 1], picked: [] };
}

export function parsePropertyGroups(text: string, file: string): PropertyGroup[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new PackError("config", `${file}: not valid JSON (${(error as Error).message}). Fix it, or point "applicationProperties" elsewhere.`);
  }
  const parsed = propertyGroupsSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new PackError("config", `${file}: not an MSF property-group array (${issue ? `${issue.path.map(String).join(".") || "top level"}: ${issue.message}` : "invalid"}). Expected [{"PropertyGroupId": "...", "PropertyMap": {"key": "value"}}].`);
  }
  return parsed.data;
}

/** Sets the run-options group (in place of the user's, keeping its position), other groups untouched. */
function mergeRunOptions(existing: readonly PropertyGroup[], runOptions: Readonly<Record<string, string>>, warnings: string[]): PropertyGroup[] {
  const out: PropertyGroup[] = [];
  let placed = false;
  for (const group of existing) {
    if (group.PropertyGroupId !== RUN_OPTIONS_GROUP) {
      out.push(group);
      continue;
    }
    const merged: Record<string, string> = { ...group.PropertyMap };
    for (const [key, value] of Object.entries(runOptions)) {
      const before = merged[key];
      if (before !== undefined && before !== value) warnings.push(`${RUN_OPTIONS_GROUP}.${key}: replaced "${before}" with "${value}" to match the bundle`);
      merged[key] = value;
    }
    out.push({ PropertyGroupId: RUN_OPTIONS_GROUP, PropertyMap: merged });
    placed = true;
  }
  if (!placed) out.push({ PropertyGroupId: RUN_OPTIONS_GROUP, PropertyMap: { ...runOptions } });
  return out;
}

/** The user's application_properties.json groups, when the project has the file. */
export async function userPropertyGroups(projectDir: string, setting: string | undefined): Promise<PropertyGroup[]> {
  const rel = setting ?? PROPERTIES_FILE;
  const text = await readProjectText(projectDir, rel);
  if (text === undefined && setting !== undefined) throw new PackError("project", `applicationProperties ${rel} does not exist in ${projectDir}. Fix the path or drop the setting.`);
  return text === undefined ? [] : parsePropertyGroups(text, path.resolve(projectDir, rel));
}

/** The run options' layout over `base` (the extracted app zip): files are named relative to its root (B1). */
function runOptionsSpec(runOptions: Readonly<Record<string, string>>, base: string, over: string, propertiesFile: string): WorkerSpec {
  const entry = runOptions.python;
  return {
    base,
    pythonFiles: splitList(runOptions.pyFiles, ","),
    archives: splitList(runOptions.pyArchives, ",").map(parseArchiveSpec),
    executable: undefined,
    entry: entry === undefined ? undefined : { kind: "script", path: entry },
    jars: splitList(runOptions.jarfile, ","),
    // MSF serves the application's runtime properties here; AWS's samples read them from it.
    providedFiles: { [MSF_PROPERTIES_PATH]: propertiesFile },
    notes: [`layout from ${RUN_OPTIONS_GROUP} (python, jarfile, pyFiles, pyArchives) over ${over}`],
  };
}

const MSF_PROPERTIES_PATH = "/etc/flink/application_properties.json";

/**
 * pyFiles: the user's own entries (a directory or file of the zip, B1) kept in their order, then
 * deps/ when packages were resolved. An entry naming a build leftover pack left out (the `pip
 * install --target dep` recipe's dep/) is dropped with a warning, its packages come from the
 * requirements into deps/; any other entry the zip lacks would fail on MSF, so it fails here.
 */
function pyFilesEntries(user: readonly string[], inputs: readonly ZipInput[], hasDeps: boolean, file: string, excluded: readonly string[], warnings: string[]): string[] {
  const out: string[] = [];
  for (const entry of user) {
    const bare = entry.replace(/\/$/, "");
    if (bare === APP_ZIP_DEPS_DIR.replace(/\/$/, "")) continue;
    const present = inputs.some((item) => item.name === bare || item.name.startsWith(`${bare}/`));
    if (present) {
      out.push(entry);
      continue;
    }
    if (excluded.includes(`${bare}/`) || excluded.includes(bare)) {
      warnings.push(`${file}: pyFiles "${entry}" names ${bare}, which pack leaves out as a build leftover; dropped from pyFiles (the requirements' packages ship in ${APP_ZIP_DEPS_DIR})`);
      continue;
    }
    throw new PackError("project", `${file}: pyFiles "${entry}" names nothing in the application zip, so MSF would fail to start the job. Put ${bare} in the project (a directory pyFiles lists ships at the zip root), or drop it from pyFiles.`);
  }
  if (hasDeps) out.push(APP_ZIP_DEPS_DIR);
  return out;
}

const MIB = 1024 * 1024;

export const msfTarget: TargetDefinition<MsfDeployConfig> = {
  description: "Amazon Managed Service for Apache Flink",
  shortName: "Amazon Managed Service for Apache Flink",
  sizeLimits: [
    // B10: application code max 512 MiB; inline ZipFileContent max 50 MiB (larger must come from S3).
    { applies: "app-zip", bytes: 512 * MIB, severity: "hard", what: "MSF application code limit (B10); the app fails to start above it" },
    { applies: "app-zip", bytes: 52_428_800, severity: "advice", what: "MSF inline upload (ZipFileContent) limit (B10); upload to S3 instead" },
  ],
  // B1/B2: only these run options exist; pyModule/pyExecutable/pyRequirements are not supported.
  deployKeys: ["python", "jarfile", "pyFiles", "pyArchives"],
  moduleEntry: false,
  // B1/B9: one `jarfile`.
  maxJars: 1,

  resolve(request) {
    const { runtime, picked } = chooseMsfRuntime(request);
    if (!runtime) {
      const asked = request.flink === undefined ? `Python ${request.python ?? ""}` : `Flink ${request.flink}`;
      throw new PackError("target", `MSF has no ${asked} runtime the packager knows. Use --flink ${MSF_RUNTIMES.map((r) => `${r.flink} (Python ${r.pythons.join("/")})`).join(" | ")}.`);
    }
    const release = flinkRelease(runtime.pyflink ?? runtime.flink, "msf");
    const python = checkPython(request.python, runtime.pythons, `MSF Flink ${runtime.flink}`);
    // B7: the AWS samples fetch for manylinux2014_x86_64; the service runs x86_64.
    const glibc = runtime.glibc.x86_64 ?? "2.17";
    return { id: runtime.id, flink: runtime.flink, python, machine: "x86_64", glibc, release, provided: providedPackages(release, python, runtime.published), notes: [...picked, ...runtime.sources] };
  },

  profileRequests: () => MSF_RUNTIMES.map((runtime) => ({ target: "msf", flink: runtime.flink })),

  checkConfig(config) {
    if (config.interpreterEnv !== undefined) throw new PackError("layout", "MSF runs its own Python and has no pyExecutable run option (B2); drop --interpreter-env for --target msf.");
  },

  async layout(input) {
    if (input.module !== undefined) throw new PackError("layout", `MSF has no pyModule run option (B2); give a script entry ("entry": "main.py") instead of "module": "${input.module}".`);
    const entry = entryName(input);
    const warnings: string[] = [];
    const inputs: ZipInput[] = [];
    if (input.entry) inputs.push({ name: entry, source: { kind: "file", path: input.entry.abs }, executable: input.entry.executable });
    // The job's own modules and packages go into deps/ beside the requirements' packages: MSF puts
    // each pyFiles directory itself on the workers' path, so a module at the zip root (B6's samples
    // keep theirs there, used by main() only) would be importable on the client alone, and a UDF or
    // function defined in it fails on the workers with ModuleNotFoundError (E6). A directory the
    // project's own pyFiles already lists stays where it is.
    const defaults = await runOptionDefaults(input.projectDir, input.config.applicationProperties);
    const listed = new Set((defaults?.pyFiles ?? []).map((entry) => entry.replace(/\/$/, "").split("/")[0]));
    const own = asInputs(input.sources);
    if (own.some((f) => f.name === entry)) throw new PackError("layout", `Both the entry script and a source file land at ${entry} in the MSF zip root. Rename one, or set "sourceRoot".`);
    const atRoot = own.filter((f) => listed.has(f.name.split("/")[0] ?? ""));
    const intoDeps = withPrefix(own.filter((f) => !atRoot.includes(f)), APP_ZIP_DEPS_DIR);
    const deps = withPrefix(input.deps, APP_ZIP_DEPS_DIR);
    const clash = intoDeps.find((f) => deps.some((d) => d.name === f.name));
    if (clash !== undefined) throw new PackError("layout", `The job's own ${clash.name.slice(APP_ZIP_DEPS_DIR.length)} and a requirement's file of the same name both land at ${clash.name} in the MSF zip. Rename your module or package (a requirement already uses that name).`);
    inputs.push(...atRoot, ...intoDeps, ...deps);
    // Files the code names at run time sit where the samples' assembly puts them: the zip root, at their project path (B6).
    for (const file of input.companions ?? []) {
      if (!inputs.some((item) => item.name === file.rel)) inputs.push({ name: file.rel, source: { kind: "file", path: file.abs }, executable: file.executable });
    }
    const runOptions: Record<string, string> = { python: entry };
    // The project's own run options are the defaults: its jarfile names where the jar goes, its
    // pyFiles entries stay registered beside deps/.
    // More jars than one were merged into one fat jar before the layout (verify/pack-hooks); a
    // name clash is still caught here.
    const [onlyJar] = jarNames(input.jars);
    const [jar] = input.jars;
    if (onlyJar !== undefined && jar !== undefined) {
      const jarPath = defaults?.jarfile ?? `lib/${onlyJar}`;
      if (inputs.some((item) => item.name === jarPath)) throw new PackError("layout", `The jar and a project file both land at ${jarPath} in the MSF zip (the "jarfile" of ${defaults?.file ?? "the run options"}). Rename one or change "jarfile".`);
      inputs.push({ name: jarPath, source: { kind: "file", path: jar.abs }, executable: false });
      runOptions.jarfile = jarPath;
    } else {
      warnings.push("no jar in the project: MSF needs a jarfile run option for connectors (B4); add your connector jar under lib/ if the job uses one");
    }
    const pyFiles = pyFilesEntries(defaults?.pyFiles ?? [], inputs, deps.length + intoDeps.length > 0, defaults?.file ?? PROPERTIES_FILE, input.excluded ?? [], warnings);
    if (pyFiles.length > 0) runOptions.pyFiles = pyFiles.join(",");
    if (input.data.length > 0) {
      // Archives travel inside the app zip; the run option names them relative to its root (B1).
      runOptions.pyArchives = DATA_ARCHIVE;
    }
    const userGroups = await userPropertyGroups(input.projectDir, input.config.applicationProperties);
    const userJarfile = userGroups.find((group) => group.PropertyGroupId === RUN_OPTIONS_GROUP)?.PropertyMap.jarfile;
    if (runOptions.jarfile === undefined && userJarfile !== undefined) {
      throw new PackError(
        "project",
        `${input.config.applicationProperties ?? PROPERTIES_FILE} sets "jarfile": "${userJarfile}", but the project has no jar to put there, so MSF would fail to start the job. Declare the connectors in a pom.xml (pack builds it with Maven), put the jar in the project, or drop the jarfile run option.`,
      );
    }
    const groups = mergeRunOptions(userGroups, runOptions, warnings);
    if (input.data.length > 0) inputs.push({ name: DATA_ARCHIVE, source: { kind: "zip", inputs: asInputs(input.data) }, executable: false });
    return {
      artifacts: [
        { kind: "zip", name: `${input.name}.zip`, inputs, role: "MSF application zip (upload to S3)" },
        { kind: "json", name: PROPERTIES_FILE, value: groups, role: `runtime properties with ${RUN_OPTIONS_GROUP}` },
      ],
      warnings,
      deployConfig: groups,
    };
  },

  workerSpec: () => undefined,

  /** The app zip extracted, laid out by the run options in application_properties.json. */
  async readBundle({ root, files, scratch }) {
    const propertiesFile = files.find((file) => file.rel === PROPERTIES_FILE);
    if (propertiesFile === undefined) return undefined;
    const groups = parsePropertyGroups(await readFile(propertiesFile.abs, "utf8"), propertiesFile.abs);
    const runOptions = groups.find((group) => group.PropertyGroupId === RUN_OPTIONS_GROUP)?.PropertyMap ?? {};
    const zips = files.filter((file) => !file.rel.includes("/") && file.rel.endsWith(".zip"));
    if (zips.length > 1) {
      throw new PackError("config", `${root}: ${zips.length} zips beside application_properties.json (${zips.map((z) => z.rel).join(", ")}); an MSF bundle has one application zip. Verify that zip on its own with --target msf.`);
    }
    const [appZip] = zips;
    if (appZip === undefined) return { worker: runOptionsSpec(runOptions, root, "the bundle directory", propertiesFile.abs), deployConfig: groups };
    const base = path.join(scratch, "app");
    await extractZipSafely(appZip.abs, base);
    return { worker: runOptionsSpec(runOptions, base, appZip.rel, propertiesFile.abs), deployConfig: groups };
  },

  roleOf(rel) {
    if (rel === PROPERTIES_FILE) return "MSF runtime properties (deploy config)";
    return rel.endsWith(".zip") && !rel.includes("/") ? "MSF application zip" : undefined;
  },

  summary: (config, outDir) => [`Runtime properties (written to ${path.join(outDir, PROPERTIES_FILE)}):`, ...jsonLines(config)],

  budgetFixes: {
    "app-zip": [
      "upload the zip to S3 and point the application at it (CodeContent.S3ContentLocation): the 50 MiB cap applies only to inline ZipFileContent",
      "drop packages the runtime provides (PyFlink, apache-beam, pandas, numpy, pyarrow, ...): keep them out of requirements",
      "move data files to S3 and read them at run time instead of shipping them in the zip",
      "keep one fat jar built from the non-SQL connector artifacts; SQL connectors shade everything again",
    ],
    bundle: [],
    archive: [],
  },
  jarHint: "build one fat jar from non-SQL connector artifacts, or leave connectors the job does not use out",

  flags: {
    "--application-properties": "existing application_properties.json to merge into",
  },
};
