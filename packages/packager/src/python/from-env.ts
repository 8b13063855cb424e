// Seed 002's route: take the packages a user installed into an environment, i.e. the
// site-packages difference between that environment and a baseline (a fresh venv of the same
// Python, or one the user names). Files come from each distribution's RECORD, so nothing outside
// the distribution (and nothing in bin/) is copied.
import { createHash } from "node:crypto";
import { mkdtemp, readdir, readFile, rm, stat } from "node:fs/promises";
import path from "node:path";
import { satisfies, validRange } from "@renovatebot/pep440";
import { run } from "@pyflink-devkit/runner";
import { isBytecode, type ZipInput } from "../archive/deterministic-zip.js";
import { PackError } from "../pack-error.js";
import type { Profile } from "../profiles.js";
import { normalizeName } from "../runtime/flink-releases.js";
import { zipSafety, type InstalledDistribution } from "./install-wheels.js";

interface EnvDistribution {
  readonly name: string;
  readonly version: string;
  readonly requiresPython: string | undefined;
  readonly infoDir: string;
  readonly files: readonly string[];
  readonly tags: readonly string[];
}

async function siteTree(env: string): Promise<string> {
  const lib = path.join(env, "lib");
  const candidates: string[] = [];
  for (const entry of await readdir(lib).catch(() => [] as string[])) {
    if (/^python3\.\d+$/.test(entry)) candidates.push(path.join(lib, entry, "site-packages"));
  }
  candidates.push(path.join(env, "Lib", "site-packages"));
  for (const candidate of candidates) if ((await stat(candidate).catch(() => undefined))?.isDirectory() === true) return candidate;
  throw new PackError("project", `--from-env ${env}: no site-packages (looked for lib/python3.*/site-packages). Point --from-env at a virtualenv or conda environment.`);
}

function header(metadata: string, field: string): string | undefined {
  return new RegExp(`^${field}: *(.+)$`, "m").exec(metadata)?.[1]?.trim();
}

async function listDistributions(site: string): Promise<EnvDistribution[]> {
  const out: EnvDistribution[] = [];
  for (const entry of (await readdir(site)).sort()) {
    if (!entry.endsWith(".dist-info")) continue;
    const infoDir = path.join(site, entry);
    const metadata = await readFile(path.join(infoDir, "METADATA"), "utf8").catch(() => "");
    const name = header(metadata, "Name");
    const version = header(metadata, "Version");
    if (name === undefined || version === undefined) continue;
    const record = await readFile(path.join(infoDir, "RECORD"), "utf8").catch(() => "");
    const files = record
      .split("\n")
      .map((line) => line.split(",")[0]?.trim() ?? "")
      // RECORD paths leaving site-packages (../../bin/foo) belong to the environment, not to PYTHONPATH.
      .filter((file) => file !== "" && !file.startsWith("..") && !path.isAbsolute(file) && !isBytecode(file));
    const wheel = await readFile(path.join(infoDir, "WHEEL"), "utf8").catch(() => "");
    const tags = [...wheel.matchAll(/^Tag: *(.+)$/gm)].flatMap((m) => (m[1] === undefined ? [] : [m[1].trim()]));
    out.push({ name, version, requiresPython: header(metadata, "Requires-Python"), infoDir, files, tags });
  }
  return out;
}

async function baselineDistributions(env: string, baselineEnv: string | undefined, warnings: string[]): Promise<EnvDistribution[]> {
  if (baselineEnv !== undefined) return listDistributions(await siteTree(baselineEnv));
  // Seed 002 step 2: "take note of the initial list of packages" — we make that fresh environment.
  const python = path.join(env, "bin", "python");
  const temp = await mkdtemp(path.join(path.dirname(path.resolve(env)), ".pyflink-pack-baseline-"));
  try {
    await run(python, ["-m", "venv", temp], { timeoutMs: 120_000 });
    return await listDistributions(await siteTree(temp));
  } catch {
    warnings.push(`--from-env: could not create a fresh baseline venv with ${python}; treating pip, setuptools and wheel as the baseline. Pass --baseline-env to be exact.`);
    return ["pip", "setuptools", "wheel"].map((name) => ({ name, version: "*", requiresPython: undefined, infoDir: "", files: [], tags: [] }));
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
}

function tagFits(tag: string, profile: Profile): boolean {
  const [, , plat] = tag.split("-");
  if (plat === undefined || plat === "any") return true;
  return plat.split(".").some((p) => profile.platforms.includes(p));
}

export interface FromEnvResult {
  readonly distributions: readonly (InstalledDistribution & { sha256: string; tag: string })[];
  readonly provided: readonly { name: string; version: string; exact: boolean }[];
  readonly warnings: readonly string[];
}

/** The environment's Python `major.minor`: its lib/python3.X directory, else pyvenv.cfg's version. */
async function envPython(env: string, site: string): Promise<string | undefined> {
  const fromSite = /python(\d+\.\d+)[\\/]site-packages$/.exec(site)?.[1];
  if (fromSite !== undefined) return fromSite;
  const cfg = await readFile(path.join(env, "pyvenv.cfg"), "utf8").catch(() => "");
  return /^version(?:_info)?\s*=\s*(\d+\.\d+)/m.exec(cfg)?.[1];
}

/** Whether some patch release of CPython `minor` satisfies a Requires-Python specifier (unparseable ones count as satisfied). */
export function pythonSatisfies(requiresPython: string, minor: string): boolean {
  const spec = requiresPython.replace(/\s+/g, "");
  if (!validRange(spec)) return true;
  return [0, 1, 5, 10, 20, 99].some((patch) => satisfies(`${minor}.${patch}`, spec));
}

/** The environment must be of the runtime's Python, and so must what it holds (Requires-Python, cpXY tags). */
function checkEnvPython(env: string, python: string | undefined, dists: readonly EnvDistribution[], profile: Profile): void {
  if (python !== undefined && python !== profile.pythonVersion) {
    throw new PackError(
      "interpreter",
      `--from-env ${env} is a Python ${python} environment, but ${profile.id} runs Python ${profile.pythonVersion}: its compiled packages (cp${python.replace(".", "")}) do not load there and pure ones may need ${python}. Build the environment with Python ${profile.pythonVersion} (python${profile.pythonVersion} -m venv …, then pip install), or pack for a runtime with Python ${python}.`,
    );
  }
  const wrong: string[] = [];
  for (const dist of dists) {
    if (dist.requiresPython !== undefined && !pythonSatisfies(dist.requiresPython, profile.pythonVersion)) wrong.push(`${dist.name} ${dist.version} (Requires-Python ${dist.requiresPython})`);
    const abis = dist.tags.map((tag) => tag.split("-")[1] ?? "").filter((abi) => /^cp\d+$/.test(abi));
    if (abis.length > 0 && !abis.includes(profile.abi)) wrong.push(`${dist.name} ${dist.version} (built for ${[...new Set(abis)].join("/")})`);
  }
  if (wrong.length > 0) {
    throw new PackError("interpreter", `--from-env ${env} holds packages that do not run on ${profile.id}'s Python ${profile.pythonVersion}: ${wrong.join(", ")}. Install versions for Python ${profile.pythonVersion} (pip install with python${profile.pythonVersion}), or pack for a runtime they fit.`);
  }
}

export async function collectFromEnv(env: string, baselineEnv: string | undefined, profile: Profile, prefix: string): Promise<FromEnvResult> {
  const warnings: string[] = [];
  const site = await siteTree(env);
  const dists = await listDistributions(site);
  const python = await envPython(env, site);
  const baseline = new Map((await baselineDistributions(env, baselineEnv, warnings)).map((d) => [normalizeName(d.name), d.version]));
  const providedByName = new Map(profile.provided.map((p) => [normalizeName(p.name), p]));
  // Only what would ship is held to the runtime's Python; the environment itself always is.
  checkEnvPython(env, python, dists.filter((dist) => {
    const base = baseline.get(normalizeName(dist.name));
    return !(base !== undefined && (base === "*" || base === dist.version)) && !providedByName.has(normalizeName(dist.name));
  }), profile);
  const result: (InstalledDistribution & { sha256: string; tag: string })[] = [];
  const provided: FromEnvResult["provided"][number][] = [];
  for (const dist of dists) {
    const key = normalizeName(dist.name);
    const base = baseline.get(key);
    if (base !== undefined && (base === "*" || base === dist.version)) continue;
    const runtime = providedByName.get(key);
    if (runtime) {
      provided.push({ name: runtime.name, version: runtime.version, exact: runtime.exact });
      if (runtime.version !== dist.version) warnings.push(`${dist.name} ${dist.version} in ${env} is provided by ${profile.id} as ${runtime.version}; not shipped — test against the runtime's version`);
      continue;
    }
    const files: ZipInput[] = [];
    const forSafety: { name: string; data: Buffer }[] = [];
    const hash = createHash("sha256");
    for (const rel of [...dist.files].sort()) {
      const abs = path.join(site, rel);
      const data = await readFile(abs).catch(() => undefined);
      if (data === undefined) continue;
      const mode = (await stat(abs)).mode;
      files.push({ name: `${prefix}${rel}`, source: { kind: "buffer", data }, executable: (mode & 0o111) !== 0 });
      forSafety.push({ name: rel, data });
      hash.update(`${rel}\0`).update(data);
    }
    const tag = dist.tags.join(".") || "unknown";
    const distWarnings: string[] = [];
    if (dist.tags.length > 0 && !dist.tags.some((t) => tagFits(t, profile))) distWarnings.push(`${dist.name} ${dist.version} from ${env} was built for ${tag}, which does not fit ${profile.id} (${profile.platforms[0] ?? ""})`);
    result.push({ name: dist.name, version: dist.version, files, safety: zipSafety(forSafety), warnings: distWarnings, sha256: hash.digest("hex"), tag });
  }
  return { distributions: result, provided, warnings };
}
