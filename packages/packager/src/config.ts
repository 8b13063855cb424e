// pyflink-pack.json: the job project's packaging config, validated by zod. Flags given on the
// command line win over the file.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { PackError } from "./pack-error.js";

export const CONFIG_FILE_NAME = "pyflink-pack.json";

const relativePath = z.string().min(1);

export const packConfigSchema = z
  .strictObject({
    $schema: z.string().optional(),
    /** Name of the bundle (MSF zip name); default: the project directory's name. */
    name: z.string().regex(/^[A-Za-z0-9._-]+$/, "use letters, digits, '.', '_' and '-' only").optional(),
    target: z.string().optional(),
    flink: z.string().optional(),
    python: z.string().optional(),
    /** vvp: engine (VVR) version. */
    engine: z.string().optional(),
    /** flink: workers' glibc (default 2.17). */
    glibc: z.string().optional(),
    machine: z.string().optional(),
    /** Entry script, relative to the project (default main.py when it exists). */
    entry: relativePath.optional(),
    /** Entry module (flink/vvp `-pym`), instead of a script. */
    module: z.string().regex(/^[A-Za-z_][\w]*(\.[A-Za-z_][\w]*)*$/, "a dotted Python module name").optional(),
    /** Directory the job's own modules are imported from (default: the project directory). */
    sourceRoot: relativePath.optional(),
    /** Globs of the job's own files; default every .py file and every file inside a package. */
    sources: z.array(z.string()).optional(),
    /** requirements.txt-style file; default requirements.txt, else pyproject [project].dependencies. */
    requirements: relativePath.optional(),
    /** Requirement lines given inline, added to the file's. */
    dependencies: z.array(z.string()).optional(),
    /** Globs of jars; default every *.jar in the project. */
    jars: z.array(z.string()).optional(),
    /** Globs of data files shipped as the data.zip archive (python.archives). */
    data: z.array(z.string()).optional(),
    /** Globs forced in despite the safe-default exclusions. */
    include: z.array(z.string()).optional(),
    /** Extra globs to leave out. */
    exclude: z.array(z.string()).optional(),
    /** Overrides of the runtime-provided package set: version, or null to ship the package yourself. */
    provided: z.record(z.string(), z.string().nullable()).optional(),
    /** msf: the existing application_properties.json to merge the run options into. */
    applicationProperties: relativePath.optional(),
    /** flink/vvp: a relocatable Python environment (conda/miniforge) shipped as venv.zip. */
    interpreterEnv: z.string().optional(),
    /** Seed-002 route: take packages from this environment's site-packages instead of pip. */
    fromEnv: z.string().optional(),
    /** Baseline environment for fromEnv (default: a fresh venv of the same Python). */
    baselineEnv: z.string().optional(),
    /** Allow building sdists (for the host!) when no wheel exists. */
    allowSdist: z.boolean().optional(),
  });

export type PackConfig = z.infer<typeof packConfigSchema>;

function describeIssues(error: z.ZodError, file: string): string {
  const lines = error.issues.map((issue) => {
    const where = issue.path.length > 0 ? issue.path.map(String).join(".") : "(top level)";
    if (issue.code === "unrecognized_keys") {
      const known = Object.keys(packConfigSchema.shape).filter((k) => k !== "$schema");
      return `unknown key${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => `"${k}"`).join(", ")}${where === "(top level)" ? "" : ` in ${where}`}. Known keys: ${known.join(", ")}.`;
    }
    return `${where}: ${issue.message}`;
  });
  return `${file}: ${lines.join("; ")}`;
}

/** Validates an object as a PackConfig; `source` names where it came from in messages. */
export function parsePackConfig(value: unknown, source: string): PackConfig {
  const result = packConfigSchema.safeParse(value);
  if (!result.success) throw new PackError("config", `${describeIssues(result.error, source)} Fix the file and run again.`);
  return result.data;
}

/** Reads `<project>/pyflink-pack.json` (or `file`); an absent default file is an empty config. */
export async function loadPackConfig(projectDir: string, file?: string): Promise<{ config: PackConfig; file: string | undefined }> {
  const configPath = file === undefined ? path.join(projectDir, CONFIG_FILE_NAME) : path.resolve(file);
  let text: string;
  try {
    text = await readFile(configPath, "utf8");
  } catch (error) {
    if (file === undefined && (error as NodeJS.ErrnoException).code === "ENOENT") return { config: {}, file: undefined };
    throw new PackError("config", `${configPath}: cannot be read (${(error as Error).message}). Pass an existing --config file.`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new PackError("config", `${configPath}: not valid JSON (${(error as Error).message}). Fix the syntax and run again.`);
  }
  return { config: parsePackConfig(json, configPath), file: configPath };
}

/** Flags win over the file; undefined flags leave the file's value. */
export function mergeConfig(file: PackConfig, flags: PackConfig): PackConfig {
  // Only defined flags count: commander leaves absent options undefined.
  const entries: [string, unknown][] = Object.entries(flags);
  const defined = Object.fromEntries(entries.filter((entry) => entry[1] !== undefined)) as PackConfig;
  return { ...file, ...defined };
}
