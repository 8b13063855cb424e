// The sphinx check's wrapper (assets/sphinx-build) with real Sphinx from PyPI: an intersphinx
// inventory whose site cannot be reached fails a -W build, and the same build passes once the
// wrapper is handed a local copy, with the links still pointing at the public site. The local
// copy is itself built by Sphinx from a second small project, so nothing here is hand-written.
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pythonToolEnv, skipNowUnless } from "@pyflink-devkit/reference-tools";
import { run } from "@pyflink-devkit/runner";
import { INVENTORIES_VARIABLE, OFFLINE_INVENTORIES, offlineInventoryFor } from "../src/intersphinx-inventories.js";
import { makeTempDir } from "./support/cli.js";

const wrapper = fileURLToPath(new URL("../assets/sphinx-build", import.meta.url));
const SITE = "https://docs.unreachable.invalid/mylib/";

let work = "";
beforeAll(async () => {
  work = await makeTempDir("lint-python-intersphinx-");
});
afterAll(async () => {
  if (work !== "") await rm(work, { recursive: true, force: true });
});

async function docsProject(dir: string, conf: string, index: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, "conf.py"), conf);
  await writeFile(path.join(dir, "index.rst"), index);
  return dir;
}

describe("sphinx-build wrapper: local inventories as intersphinx fallbacks", { timeout: 600_000 }, () => {
  // Flink's pin (flink-python/pyproject.toml's sphinx group) and a newer major.
  for (const sphinx of ["7.4.7", "8.2.3"]) {
    it(`Sphinx ${sphinx}: fails with -W while the site is unreachable, passes with the local copy, links unchanged`, async (ctx) => {
      const env = await pythonToolEnv({ python: "3.12", requirements: [`Sphinx==${sphinx}`], reference: `pypi:Sphinx==${sphinx}` });
      skipNowUnless(ctx, env);
      if (!env.ok) return;
      const python = env.value.python;
      const base = path.join(work, sphinx);

      // The library's docs, built by Sphinx: their objects.inv is the local copy.
      const library = await docsProject(path.join(base, "mylib"), 'project = "mylib"\n', "mylib\n=====\n\n.. py:function:: mylib.hello()\n\n   Says hello.\n");
      await run(python, ["-m", "sphinx", "-q", "-b", "html", library, path.join(library, "_build")]);
      const inventory = path.join(library, "_build", "objects.inv");

      const docs = await docsProject(
        path.join(base, "docs"),
        `project = "docs"\nextensions = ["sphinx.ext.intersphinx"]\nintersphinx_mapping = {"mylib": ("${SITE}", None)}\nintersphinx_timeout = 5\nnitpicky = True\n`,
        "Docs\n====\n\nSee :py:func:`mylib.hello`.\n",
      );
      const out = path.join(base, "out");
      const args = [wrapper, "-W", "-E", "-b", "html", "-j", "2", docs, out];

      const offline = await run(python, args, { reject: false, env: { [INVENTORIES_VARIABLE]: "{}" } });
      expect(offline.exitCode).not.toBe(0);
      expect(offline.stdout + offline.stderr).toMatch(/intersphinx inventory '[^']*docs\.unreachable\.invalid[^']*' not fetchable/);

      const withCopy = await run(python, args, { reject: false, env: { [INVENTORIES_VARIABLE]: JSON.stringify({ [SITE]: inventory }) } });
      expect(withCopy.exitCode, withCopy.stdout + withCopy.stderr).toBe(0);
      const html = await readFile(path.join(out, "index.html"), "utf8");
      expect(html).toContain(`href="${SITE}index.html#mylib.hello"`);
    });
  }
});

describe("the table of local inventories", () => {
  it("maps the URL Sphinx reports as not fetchable back to its row, with or without a trailing slash", () => {
    const pandas = OFFLINE_INVENTORIES.find((row) => row.url === "https://pandas.pydata.org/docs/");
    expect(pandas?.debianPackage).toBe("python-pandas-doc");
    expect(offlineInventoryFor("https://pandas.pydata.org/docs/objects.inv")).toBe(pandas);
    expect(offlineInventoryFor("https://pandas.pydata.org/docs")).toBe(pandas);
    expect(offlineInventoryFor("https://example.org/docs/objects.inv")).toBeUndefined();
  });
});
