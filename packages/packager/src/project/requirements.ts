// The job's Python requirements: a requirements.txt (passed to pip as is, so its options and
// nested -r files keep working) or pyproject.toml [project].dependencies, plus inline lines.
import path from "node:path";
import { parse as parseToml } from "smol-toml";
import { PackError } from "../pack-error.js";
import { readProjectText } from "./collect-project.js";

export interface Requirements {
  /** Where the requirements came from, for messages and the lock file. */
  readonly source: string | undefined;
  /** A requirements file pip should read with -r (absolute), when the source is one. */
  readonly file: string | undefined;
  /** Lines given to pip besides the file (pyproject dependencies, inline dependencies). */
  readonly lines: readonly string[];
  /** The requirement lines the job declares at the top level (file and inline), for the conflict rule. */
  readonly declared: readonly string[];
  /** Everything that decides the resolution, for the cache key. */
  readonly fingerprint: string;
}

function pyprojectDependencies(text: string, file: string): string[] {
  let doc: Record<string, unknown>;
  try {
    doc = parseToml(text);
  } catch (error) {
    throw new PackError("project", `${file}: not valid TOML (${(error as Error).message}). Fix it or point "requirements" at a requirements.txt.`);
  }
  const project = doc.project;
  if (project === undefined || typeof project !== "object") return [];
  const deps = (project as Record<string, unknown>).dependencies;
  if (deps === undefined) return [];
  if (!Array.isArray(deps) || !deps.every((d) => typeof d === "string")) {
    throw new PackError("project", `${file}: [project].dependencies must be a list of strings.`);
  }
  return deps;
}

export async function readRequirements(projectDir: string, configured: string | undefined, inline: readonly string[]): Promise<Requirements> {
  const candidates = configured === undefined ? ["requirements.txt", "pyproject.toml"] : [configured];
  for (const rel of candidates) {
    const text = await readProjectText(projectDir, rel);
    if (text === undefined) {
      if (configured !== undefined) throw new PackError("project", `Requirements file ${rel} does not exist in ${projectDir}. Create it or fix "requirements" in pyflink-pack.json.`);
      continue;
    }
    const abs = path.resolve(projectDir, rel);
    if (rel.endsWith(".toml")) {
      const lines = [...pyprojectDependencies(text, abs), ...inline];
      return { source: rel, file: undefined, lines, declared: lines, fingerprint: lines.join("\n") };
    }
    return { source: rel, file: abs, lines: [...inline], declared: [...text.split("\n"), ...inline], fingerprint: `${text}\n--\n${inline.join("\n")}` };
  }
  return { source: inline.length > 0 ? "pyflink-pack.json dependencies" : undefined, file: undefined, lines: [...inline], declared: [...inline], fingerprint: inline.join("\n") };
}

export function hasRequirements(requirements: Requirements): boolean {
  if (requirements.lines.some((l) => l.trim() !== "" && !l.trim().startsWith("#"))) return true;
  return requirements.file !== undefined && requirements.fingerprint.split("\n").some((l) => l.trim() !== "" && !l.trim().startsWith("#") && l.trim() !== "--");
}
