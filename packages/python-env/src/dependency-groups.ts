import { readFile } from "node:fs/promises";
import { parse, TomlError } from "smol-toml";
import { PythonEnvError } from "./python-env-error.js";

/** PEP 735 / PEP 503 name normalization: case-insensitive, runs of `-_.` are one `-`. */
export function normalizeGroupName(name: string): string {
  return name.replace(/[-_.]+/g, "-").toLowerCase();
}

/**
 * PEP 735 `[dependency-groups]` of a pyproject.toml, every `{include-group = "..."}` expanded in
 * place (recursively, cycles rejected), keyed by the group names as written. This is what
 * lint-python.sh handed to `pip install --group pyproject.toml:<group>` in its uv era.
 */
export async function readDependencyGroups(pyprojectFile: string): Promise<Record<string, string[]>> {
  let text: string;
  try {
    text = await readFile(pyprojectFile, "utf8");
  } catch (error) {
    throw new PythonEnvError(`Cannot read ${pyprojectFile} (${(error as Error).message}); pass the path of an existing pyproject.toml.`, { cause: error });
  }
  let document: Record<string, unknown>;
  try {
    document = parse(text);
  } catch (error) {
    const where = error instanceof TomlError ? ` at line ${error.line}, column ${error.column}` : "";
    throw new PythonEnvError(`${pyprojectFile} is not valid TOML${where}: ${(error as Error).message.split("\n")[0] ?? ""}. Fix the syntax there.`, { cause: error });
  }
  return resolveDependencyGroups(document["dependency-groups"], pyprojectFile);
}

/** The resolution step on an already parsed `[dependency-groups]` table. */
export function resolveDependencyGroups(table: unknown, source = "pyproject.toml"): Record<string, string[]> {
  if (table === undefined) return {};
  if (!isRecord(table)) throw new PythonEnvError(`${source}: [dependency-groups] must be a table of lists; fix it per PEP 735.`);

  const byNormalized = new Map<string, { name: string; entries: unknown }>();
  for (const [name, entries] of Object.entries(table)) {
    const normalized = normalizeGroupName(name);
    const clash = byNormalized.get(normalized);
    if (clash) throw new PythonEnvError(`${source}: dependency groups "${clash.name}" and "${name}" have the same normalized name "${normalized}"; rename or merge one of them.`);
    byNormalized.set(normalized, { name, entries });
  }

  const resolved = new Map<string, string[]>();
  const resolve = (normalized: string, chain: readonly string[]): string[] => {
    const done = resolved.get(normalized);
    if (done) return done;
    const group = byNormalized.get(normalized);
    if (!group) throw new Error("unreachable: caller checked the group exists");
    if (chain.includes(normalized)) {
      throw new PythonEnvError(`${source}: dependency groups include each other in a cycle (${[...chain, normalized].join(" -> ")}); remove one include-group.`);
    }
    if (!Array.isArray(group.entries)) throw new PythonEnvError(`${source}: dependency group "${group.name}" must be a list; write it as ${group.name} = ["..."].`);
    const requirements: string[] = [];
    for (const entry of group.entries as unknown[]) {
      if (typeof entry === "string") {
        requirements.push(entry);
      } else if (isRecord(entry) && typeof entry["include-group"] === "string" && Object.keys(entry).length === 1) {
        const included = normalizeGroupName(entry["include-group"]);
        if (!byNormalized.has(included)) {
          throw new PythonEnvError(`${source}: dependency group "${group.name}" includes "${entry["include-group"]}", which is not defined; add it to [dependency-groups] or fix the name.`);
        }
        requirements.push(...resolve(included, [...chain, normalized]));
      } else {
        throw new PythonEnvError(`${source}: dependency group "${group.name}" has an entry that is neither a requirement string nor {include-group = "..."}: ${JSON.stringify(entry)}; fix it per PEP 735.`);
      }
    }
    resolved.set(normalized, requirements);
    return requirements;
  };

  const result: Record<string, string[]> = {};
  for (const [normalized, { name }] of byNormalized) result[name] = resolve(normalized, []);
  return result;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Date);
}
