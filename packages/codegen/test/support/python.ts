// A cached Python ≥ 3.11 venv with the real protobuf runtime from pip, for the cross-language
// tests and the benchmark. Everything here reports why it cannot provide one instead of failing.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { packageDir } from "./cli.js";

export const MIN_PYTHON: readonly [number, number] = [3, 11];
/** What fn-execution-py declares: the generated 6.31.1 code needs a 6.x runtime at least that new. */
export const PROTOBUF_REQUIREMENT = "protobuf>=6.31.1,<7";

const cacheRoot = path.join(packageDir, "node_modules", ".cache", "pyflink-devkit");

function pythonVersion(python: string): [number, number] | undefined {
  const result = spawnSync(python, ["-c", "import sys; print(sys.version_info[0], sys.version_info[1])"], { encoding: "utf8", timeout: 30_000 });
  if (result.status !== 0) return undefined;
  const [major, minor] = result.stdout.trim().split(" ").map(Number);
  return major === undefined || minor === undefined ? undefined : [major, minor];
}

/** Python interpreters ≥ 3.11: on PATH (python3.13 … python3.11, python3), then under pyenv. */
export function findPythons(): { readonly python: string; readonly version: string }[] {
  const candidates: string[] = [];
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    for (const name of ["python3.13", "python3.12", "python3.11", "python3"]) {
      const file = path.join(dir, name);
      if (dir !== "" && existsSync(file)) candidates.push(file);
    }
  }
  const pyenvRoot = process.env.PYENV_ROOT ?? path.join(os.homedir(), ".pyenv");
  const versions = existsSync(path.join(pyenvRoot, "versions")) ? readdirSync(path.join(pyenvRoot, "versions")).sort().reverse() : [];
  for (const version of versions) {
    const [major, minor] = version.split(".");
    candidates.push(path.join(pyenvRoot, "versions", version, "bin", `python${major ?? ""}.${minor ?? ""}`));
  }
  const found: { python: string; version: string }[] = [];
  for (const python of candidates) {
    if (!existsSync(python)) continue;
    const v = pythonVersion(python);
    if (v !== undefined && (v[0] > MIN_PYTHON[0] || (v[0] === MIN_PYTHON[0] && v[1] >= MIN_PYTHON[1]))) found.push({ python, version: `${v[0]}.${v[1]}` });
  }
  return found;
}

export type VenvResult = { readonly python: string; readonly protobufVersion: string } | { readonly skip: string };

/**
 * A venv with `requirement` installed, created once per (Python version, requirement) under
 * node_modules/.cache. PIP_RETRIES=0 so a missing wheel fails fast instead of retrying.
 */
export function cachedVenv(name: string, requirement: string, probeModule: string): VenvResult {
  const pythons = findPythons();
  const base = pythons.find((p) => p.version === "3.11") ?? pythons[0];
  if (base === undefined) return { skip: `no Python ≥ ${MIN_PYTHON.join(".")} found on PATH or under pyenv` };
  const dir = path.join(cacheRoot, `${name}-py${base.version}`);
  const python = path.join(dir, "bin", "python");
  const probe = (): string | undefined => {
    const result = spawnSync(python, ["-c", `import ${probeModule} as m, importlib.metadata as md; print(md.version(${JSON.stringify(requirement.split(/[<>=!~ ]/u)[0])}))`], { encoding: "utf8", timeout: 60_000 });
    return result.status === 0 ? result.stdout.trim() : undefined;
  };
  if (existsSync(python)) {
    const version = probe();
    if (version !== undefined) return { python, protobufVersion: version };
  }
  const venv = spawnSync(base.python, ["-m", "venv", "--clear", dir], { encoding: "utf8", timeout: 120_000 });
  if (venv.status !== 0) return { skip: `\`${base.python} -m venv\` failed: ${venv.stderr.trim()}` };
  const pip = spawnSync(python, ["-m", "pip", "install", "--quiet", requirement], {
    encoding: "utf8",
    timeout: 300_000,
    env: { ...process.env, PIP_RETRIES: "0", PIP_DISABLE_PIP_VERSION_CHECK: "1" },
  });
  if (pip.status !== 0) return { skip: `no installable wheel for ${requirement} on Python ${base.version}: ${pip.stderr.trim().split("\n").slice(-2).join(" ")}` };
  const version = probe();
  return version === undefined ? { skip: `${requirement} installed but \`import ${probeModule}\` fails` } : { python, protobufVersion: version };
}
