// The optional interpreter archive (venv.zip + python.executable, A5/A35/C3). Only a relocatable
// environment (conda/miniforge: the interpreter is a real file inside it) works on a cluster; a
// venv's bin/python is a symlink to the build machine's Python and breaks there (E15), and an
// interpreter without its stdlib fails with "No module named 'encodings'" (E16). We check both
// before writing anything.
import { lstat, readdir, readlink, realpath, stat } from "node:fs/promises";
import path from "node:path";
import picomatch from "picomatch";
import { PackError } from "../pack-error.js";
import { minorOf } from "../runtime/flink-releases.js";
import type { Profile } from "../profiles.js";
import type { ZipInput } from "./deterministic-zip.js";

export const INTERPRETER_ARCHIVE = "venv.zip";
export const INTERPRETER_DIR = "venv";
/** python.executable for the archive: relative to the worker's archive directory (A30). */
export const INTERPRETER_EXECUTABLE = `${INTERPRETER_ARCHIVE}/${INTERPRETER_DIR}/bin/python`;

function inside(root: string, target: string): boolean {
  const rel = path.relative(root, target);
  return rel === "" || (!rel.startsWith("..") && !path.isAbsolute(rel));
}

/** Follows bin/python's symlink chain link by link; each hop must stay inside the environment. */
async function checkInterpreterLink(root: string): Promise<void> {
  let current = path.join(root, "bin", "python");
  for (let hops = 0; hops < 40; hops++) {
    const info = await lstat(current).catch(() => undefined);
    if (!info) throw new PackError("interpreter", `--interpreter-env ${root}: ${path.relative(root, current)} does not exist. Point it at a conda/miniforge environment (it has bin/python).`);
    if (!info.isSymbolicLink()) return;
    const link = await readlink(current);
    const next = path.resolve(path.dirname(current), link);
    if (!inside(root, next)) {
      throw new PackError(
        "interpreter",
        `--interpreter-env ${root}: bin/python points outside the environment (${path.relative(root, current)} → ${next}), so the archive would not run on the cluster. Build a relocatable environment instead (conda/miniforge, or \`conda create --copy\`), as the Flink FAQ and Alibaba's docs do.`,
      );
    }
    current = next;
  }
  throw new PackError("interpreter", `--interpreter-env ${root}: bin/python is a symlink loop.`);
}

/**
 * python.executable points into the archive, so the workers import PyFlink from the archive's
 * site-packages (A5): it must hold apache-flink of the runtime's line.
 */
async function checkPyflink(envDir: string, root: string, site: string, profile: Profile): Promise<void> {
  const where = path.relative(root, site);
  const fix = `Install it into the environment (\`pip install apache-flink==${profile.pyflink}\` with its Python) and pack again.`;
  if (!(await stat(path.join(site, "pyflink")).catch(() => undefined))?.isDirectory()) {
    throw new PackError("interpreter", `--interpreter-env ${envDir}: no PyFlink in ${where}; python.executable points into the archive, so every Python worker would fail with "No module named 'pyflink'" (A5). ${fix}`);
  }
  const info = (await readdir(site)).find((name) => /^apache_flink-[^-]+\.dist-info$/i.test(name));
  const version = info === undefined ? undefined : /^apache_flink-([^-]+)\.dist-info$/i.exec(info)?.[1];
  if (version !== undefined && minorOf(version) !== minorOf(profile.pyflink)) {
    throw new PackError("interpreter", `--interpreter-env ${envDir}: ${where} holds apache-flink ${version}, but ${profile.id} runs Flink ${profile.flinkVersion} (apache-flink ${profile.pyflink}); the worker's PyFlink must match the cluster's. ${fix}`);
  }
}

/** Files of pip's vendored distlib: Windows launcher executables, never run or loaded on Linux. */
export const WINDOWS_LAUNCHER = /\.exe$/i;

export async function interpreterArchiveInputs(envDir: string, profile: Profile, warnings: string[], exclude: readonly string[] = []): Promise<ZipInput[]> {
  const root = await realpath(envDir).catch(() => undefined);
  if (root === undefined || !(await stat(root)).isDirectory()) throw new PackError("interpreter", `--interpreter-env ${envDir}: not a directory. Point it at a relocatable Python environment.`);
  await checkInterpreterLink(root);
  const stdlib = path.join(root, "lib", `python${profile.pythonVersion}`);
  if (!(await stat(path.join(stdlib, "encodings")).catch(() => undefined))?.isDirectory()) {
    throw new PackError("interpreter", `--interpreter-env ${envDir}: no Python ${profile.pythonVersion} standard library (lib/python${profile.pythonVersion}/encodings), but ${profile.id} needs Python ${profile.pythonVersion}. Build the environment with Python ${profile.pythonVersion}.`);
  }
  await checkPyflink(envDir, root, path.join(stdlib, "site-packages"), profile);
  const excluded = exclude.length === 0 ? () => false : picomatch([...exclude], { dot: true });
  let excludedCount = 0;

  const inputs: ZipInput[] = [];
  const outside: string[] = [];
  async function visit(rel: string): Promise<void> {
    const abs = path.join(root ?? "", rel);
    for (const name of (await readdir(abs)).sort()) {
      const childRel = rel === "" ? name : `${rel}/${name}`;
      const childAbs = path.join(abs, name);
      // --exclude reaches the environment: globs match its paths as they are inside it or in the archive (venv/…).
      if (excluded(childRel) || excluded(`${INTERPRETER_DIR}/${childRel}`)) {
        excludedCount++;
        continue;
      }
      const info = await lstat(childAbs);
      if (info.isSymbolicLink()) {
        const target = await realpath(childAbs).catch(() => undefined);
        if (target === undefined || !inside(root ?? "", target)) {
          outside.push(`${childRel} → ${target ?? (await readlink(childAbs))}`);
          continue;
        }
        // Links inside the environment are stored as the file they point to: Flink's archive
        // extraction does not promise to recreate symlinks.
        const targetInfo = await stat(target);
        if (targetInfo.isDirectory()) continue;
        inputs.push({ name: `${INTERPRETER_DIR}/${childRel}`, source: { kind: "file", path: target }, executable: (targetInfo.mode & 0o111) !== 0 });
      } else if (info.isDirectory()) {
        if (name === "__pycache__" || (rel === "" && name === "pkgs")) continue; // conda's package cache (A35: "delete pkgs/")
        await visit(childRel);
      } else if (info.isFile()) {
        inputs.push({ name: `${INTERPRETER_DIR}/${childRel}`, source: { kind: "file", path: childAbs }, executable: (info.mode & 0o111) !== 0 });
      }
    }
  }
  await visit("");
  if (excludedCount > 0) warnings.push(`${INTERPRETER_ARCHIVE}: ${excludedCount} path(s) of ${envDir} left out by --exclude ${exclude.join(" ")}`);
  if (outside.length > 0) {
    throw new PackError("interpreter", `--interpreter-env ${envDir}: ${outside.length} symlink(s) point outside the environment (${outside.slice(0, 3).join(", ")}${outside.length > 3 ? ", …" : ""}); they would dangle on the cluster. Build the environment with copies (\`conda create --copy\`).`);
  }
  return inputs;
}
