// The project's own application_properties.json (AWS's MSF samples keep one) already says how the
// job runs: `python` (the entry), `jarfile` (where the one jar sits in the zip) and `pyFiles` (the
// Python resources on the path) in the kinesis.analytics.flink.run.options group (B1). Those are
// the defaults; pyflink-pack.json and flags win over them.
import path from "node:path";
import { PackError } from "../pack-error.js";
import { RUN_OPTIONS_GROUP, userPropertyGroups } from "../targets/msf.js";

export interface RunOptionDefaults {
  /** The file they came from, relative to the project (for messages). */
  readonly file: string;
  /** `python`: the entry script, relative to the project. */
  readonly entry: string | undefined;
  /** `jarfile`: where the one jar goes inside the application zip. */
  readonly jarfile: string | undefined;
  /** `pyFiles`: comma-separated entries, relative to the zip root. */
  readonly pyFiles: readonly string[];
}

const APPLICATION_PROPERTIES = "application_properties.json";

/** A path inside the zip, as MSF reads run options: relative, `/`-separated, not leaving the root. */
function zipPath(value: string, key: string, file: string): string {
  const normalized = path.posix.normalize(value.trim().replace(/\\/g, "/")).replace(/^\.\//, "");
  if (path.posix.isAbsolute(normalized) || normalized === ".." || normalized.startsWith("../")) {
    throw new PackError("config", `${file}: "${key}": "${value}" leaves the application zip; MSF names files relative to the zip root (B1). Give a relative path such as lib/pyflink-dependencies.jar.`);
  }
  return normalized;
}

/** The run options of the project's application_properties.json (or `setting`), when it has them. */
export async function runOptionDefaults(projectDir: string, setting: string | undefined): Promise<RunOptionDefaults | undefined> {
  const groups = await userPropertyGroups(projectDir, setting);
  const options = groups.find((group) => group.PropertyGroupId === RUN_OPTIONS_GROUP)?.PropertyMap;
  if (options === undefined) return undefined;
  const file = setting ?? APPLICATION_PROPERTIES;
  const option = (key: string): string | undefined => {
    const value = options[key]?.trim();
    return value === undefined || value === "" ? undefined : zipPath(value, key, file);
  };
  const jarfile = option("jarfile");
  if (jarfile !== undefined && !jarfile.endsWith(".jar")) {
    throw new PackError("config", `${file}: "jarfile": "${jarfile}" is not a .jar; MSF takes one jar file there (B1). Name the jar, e.g. lib/pyflink-dependencies.jar.`);
  }
  const pyFiles = (options.pyFiles ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter((entry) => entry !== "")
    .map((entry) => zipPath(entry, "pyFiles", file));
  return { file, entry: option("python"), jarfile, pyFiles };
}
