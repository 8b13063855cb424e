// A project with a pom.xml declares its connector jars there (AWS's MSF samples): Maven builds the
// shaded jar, which is shipped like a jar the project holds. Maven's leftovers never are.
import { existsSync } from "node:fs";
import path from "node:path";
import { buildPomJars, PomBuildError } from "@pyflink-devkit/pom-build";
import { PackError } from "../pack-error.js";
import type { ProjectFile } from "./collect-project.js";

export async function pomJars(projectDir: string, cacheDir: string | undefined, log: (line: string) => void, warnings: string[]): Promise<ProjectFile[]> {
  if (!existsSync(path.join(projectDir, "pom.xml"))) return [];
  log("pom.xml: building its jar with Maven (mvn -q package on a temp copy)");
  try {
    const built = await buildPomJars({ projectDir, ...(cacheDir === undefined ? {} : { cacheDir }) });
    log(`pom.xml: ${path.basename(built.jar)} (${built.coordinates.join(", ")})${built.reused ? ", from the cache" : ""}`);
    for (const left of built.leftOut) warnings.push(`pom.xml: Maven also produced ${left.name}, not shipped (${left.why})`);
    return [{ rel: path.basename(built.jar), abs: built.jar, executable: false }];
  } catch (error) {
    if (error instanceof PomBuildError) throw new PackError("project", error.message, { cause: error });
    throw error;
  }
}
