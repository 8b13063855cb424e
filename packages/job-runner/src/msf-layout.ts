import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { JobRunnerError } from "./job-runner-error.js";
import type { BundleLayout } from "./run-request.js";

/** Where MSF serves the application's runtime properties to the job (AWS's samples read it there). */
export const MSF_PROPERTIES_PATH = "/etc/flink/application_properties.json";
const RUN_OPTIONS_GROUP = "kinesis.analytics.flink.run.options";

interface PropertyGroup {
  readonly PropertyGroupId?: unknown;
  readonly PropertyMap?: unknown;
}

/**
 * The layout MSF gives an extracted application zip (`appDir`) from the run options in
 * `application_properties.json`: `python` is the entry, `jarfile` the one jar, `pyFiles` (comma
 * separated) python.files and `pyArchives` python.archives, all relative to the zip's root. The
 * properties file itself is served where MSF serves it. A run option naming a file that is not in
 * the application is an error, as it would be on MSF.
 */
export async function msfLayout(appDir: string, propertiesFile: string): Promise<BundleLayout> {
  let groups: unknown;
  try {
    groups = JSON.parse(await readFile(propertiesFile, "utf8"));
  } catch (error) {
    throw new JobRunnerError(`${propertiesFile} is not readable JSON (${error instanceof Error ? error.message : String(error)}); MSF needs the property groups as a JSON array.`);
  }
  const runOptions = (Array.isArray(groups) ? (groups as PropertyGroup[]) : []).find((g) => g.PropertyGroupId === RUN_OPTIONS_GROUP)?.PropertyMap;
  const option = (key: string): string | undefined => {
    const value = typeof runOptions === "object" && runOptions !== null ? (runOptions as Record<string, unknown>)[key] : undefined;
    return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
  };
  const python = option("python");
  if (python === undefined) {
    throw new JobRunnerError(`${propertiesFile} has no "python" in the "${RUN_OPTIONS_GROUP}" group, so MSF would not know the job's entry; add {"python": "main.py"}.`);
  }
  const inApp = (key: string, relative: string): string => {
    const full = path.resolve(appDir, relative);
    if (!existsSync(full)) {
      throw new JobRunnerError(`"${key}": "${relative}" in ${propertiesFile} names a file that is not in the application (${appDir}); MSF would fail to start the job. Put it in the zip or fix "${key}".`);
    }
    return full;
  };
  const list = (key: string): string[] => (option(key) ?? "").split(",").map((p) => p.trim()).filter((p) => p !== "");
  const jarfile = option("jarfile");
  return {
    entry: { script: inApp("python", python) },
    pythonFiles: list("pyFiles").map((p) => inApp("pyFiles", p)),
    archives: list("pyArchives").map((p) => {
      const [file = p, alias] = p.split("#");
      return alias === undefined ? { path: inApp("pyArchives", file) } : { path: inApp("pyArchives", file), alias };
    }),
    jars: jarfile === undefined ? [] : [inApp("jarfile", jarfile)],
    providedFiles: { [MSF_PROPERTIES_PATH]: propertiesFile },
  };
}
