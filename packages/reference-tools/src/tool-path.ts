import { mkdir, rename, symlink, rm } from "node:fs/promises";
import path from "node:path";
import { referenceCacheDir } from "./overrides.js";
import { tox, uv } from "./python-tools.js";
import { missing, present, type Reference } from "./reference.js";

/**
 * A directory with `uv` and `tox` (the current pins) linked into it, for tools and tests that look
 * them up on PATH: `.ci/run` puts it first on PATH. Links are replaced atomically.
 */
export async function toolBinDir(): Promise<Reference<string>> {
  const dir = path.join(referenceCacheDir(), "bin");
  await mkdir(dir, { recursive: true });
  for (const [name, get] of [["uv", uv], ["tox", tox]] as const) {
    const tool = await get();
    if (!tool.ok) return missing(tool.missing.reference, tool.missing.source, `${tool.missing.reason} (for ${dir}/${name})`);
    const temp = path.join(dir, `.${name}.${process.pid}`);
    await rm(temp, { force: true });
    await symlink(tool.value.bin, temp);
    await rename(temp, path.join(dir, name));
  }
  return present(dir);
}
