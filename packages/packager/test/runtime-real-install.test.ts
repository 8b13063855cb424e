// The generated dataset against a real install: for MSF Flink 1.20 and 2.2, `pip install
// --prefer-binary apache-flink==<release>` into a fresh venv of the runtime's Python, then `pip
// list`. This install is independent of the generator: the venv's own pip, no --platform,
// --only-binary or --report, sdist-only packages built for real. glibc is pinned to the runtime's
// 2.17 through PEP 600's `_manylinux` hook (this machine's glibc is newer), so pip accepts exactly
// the wheels a manylinux2014 machine would. --prefer-binary is the dataset's rule (a version with a
// wheel wins; an sdist only where no wheel fits): without it pip on glibc 2.17 takes the newest
// numpy as an sdist and compiles it.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { defaultCacheDir, ensureEnvironment, findInterpreter, pip } from "@pyflink-devkit/python-env";
import { run } from "@pyflink-devkit/runner";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { normalizeName } from "../src/runtime/flink-releases.js";
import { MANAGED_RUNTIMES } from "../src/runtime/managed-runtimes.js";
import { findRelease } from "../src/runtime/runtime-data.js";

const GLIBC_217 = `# PEP 600 hook: this interpreter accepts manylinux wheels up to glibc 2.17 only.
def manylinux_compatible(tag_major, tag_minor, tag_arch):
    return tag_arch == "x86_64" and tag_major == 2 and tag_minor <= 17
`;

const CASES = ["msf-flink-1.20", "msf-flink-2.2"] as const;
// The install builds apache-flink-libraries (a ~300 MB sdist before 2.2) on a shared 2-core machine.
const INSTALL_TIMEOUT_MS = 30 * 60 * 1000;

let hookDir = "";
beforeAll(async () => {
  hookDir = await mkdtemp(path.join(os.tmpdir(), "pf-manylinux-hook-"));
  await writeFile(path.join(hookDir, "_manylinux.py"), GLIBC_217);
});
afterAll(async () => {
  if (hookDir !== "") await rm(hookDir, { recursive: true, force: true });
});

describe.each(CASES)("%s: the generated installed set equals a real pip install", (id) => {
  const runtime = MANAGED_RUNTIMES.find((row) => row.id === id);
  const python = runtime?.pythons[0] ?? "";
  const release = runtime === undefined ? undefined : findRelease(runtime.pyflink ?? runtime.flink);

  it(
    `pip install apache-flink for Python ${python} installs exactly the dataset's distributions`,
    async (context) => {
      if (release === undefined) throw new Error(`${id} has no release in the dataset`);
      const interpreter = await findInterpreter(python);
      if (interpreter === undefined) {
        context.skip(`needs CPython ${python} (the ${id} runtime's Python): install it (pyenv install ${python})`);
        return;
      }
      const env = await ensureEnvironment({
        interpreter,
        requirements: [`apache-flink==${release.pyflink}`],
        // Its own cache: the key does not see the glibc hook, so no other env may be served for it.
        cacheDir: path.join(defaultCacheDir(), "packager-runtime-installs"),
        env: { PYTHONPATH: hookDir, PIP_PREFER_BINARY: "1" },
      });
      // The hook is in force for this interpreter: no manylinux tag above 2.17 is acceptable.
      const tags = await run(env.python, ["-c", "from pip._vendor.packaging import tags; print(sorted({str(t).split('-')[2] for t in tags.sys_tags() if 'manylinux_2_' in str(t)})[-1])"], {
        env: { PYTHONPATH: hookDir },
      });
      expect(tags.stdout.trim()).toMatch(/^manylinux_2_(1[0-7]|[0-9])_x86_64$/);

      const listed = await pip(env.python, ["list", "--format", "json"]);
      const real = (JSON.parse(listed.stdout) as { name: string; version: string }[])
        // pip is the venv's installer, not something apache-flink installs.
        .filter((dist) => normalizeName(dist.name) !== "pip")
        .map((dist) => `${normalizeName(dist.name)}==${dist.version}`)
        .sort();
      const dataset = release.environments.find((row) => row.python === python);
      expect(dataset, `dataset row for apache-flink ${release.pyflink} on Python ${python}`).toBeDefined();
      const generated = (dataset?.installed ?? []).map((dist) => `${normalizeName(dist.name)}==${dist.version}`).sort();
      expect(generated).toEqual(real);
    },
    INSTALL_TIMEOUT_MS,
  );
});
