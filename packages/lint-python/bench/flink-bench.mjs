// `pnpm bench:lint --flink`: Flink's real dev/lint-python.sh against lint:python, side by side in
// one run, on a copy of the shared Flink checkout (../shared/fixtures/flink-checkout).
//
//   (a) Flink's own dev/lint-python.sh, unchanged. Its step 1 downloads uv's installer from GitHub
//       with curl, which this network cannot reach, so step 1 is done here the way the script does
//       it, with uv taken from PyPI instead: `pip install --target <tmp> uv==<its UV_VERSION>`, then
//       `uv venv dev/.uv --seed --python 3.12`, `dev/.uv/bin/pip install --upgrade pip setuptools`,
//       the uv binary moved to dev/.uv/bin/uv, and `install:1` written to dev/.stage.txt, its
//       checkpoint file. Then `lint-python.sh -s all` (steps 2-7: a uv venv per Python version, the
//       tox, flake8, sphinx and mypy groups) and `lint-python.sh -e tox` (its checks: flake8, mypy,
//       sphinx), timed together. Two things differ from a developer's laptop, both because of this
//       network: Flink's docs map pandas' site through intersphinx and -W makes its unreachable
//       inventory an error, so dev/.uv/bin/sphinx-build is pointed at the same sphinx-build wrapper
//       lint:python uses (Debian's copy of that inventory as the fallback; Sphinx itself unchanged, and
//       the Makefile's `-j auto` left as it is: the wrapper gives auto a process per core only when
//       lint:python asks it to);
//       and its tox check is left out (-e tox), since it runs PyFlink's whole suite, which needs
//       Flink's Java build (absent here) — lint:python's tests check runs only what can run without
//       it, so (b)-(c) do more than (a), not less. The pyenv interpreters are put on PATH and
//       UV_PYTHON_DOWNLOADS=never, since uv cannot download Pythons here either.
//   (b) lint:python cold: empty cache (uv bootstrapped from PyPI into it).
//   (c) lint:python warm: envs cached; a one-line edit to a module every check reads invalidates
//       every result, and each tool keeps its own state (mypy's cache, Sphinx's doctrees).
//   (d) lint:python no-change rerun, with (a)'s dev/.uv and a 400 MB jar in target/ present.
//   (e) lint:python --changed after a one-file change.
// (a) and (b) start with empty download caches of their own (uv's and pip's), so neither reuses
// the other's downloads.
import { access, cp, mkdir, mkdtemp, readFile, rename, rm, truncate, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { run } from "@pyflink-devkit/runner";
import { discoverInterpreters, pickInterpreter } from "@pyflink-devkit/python-env";
import { readProject } from "../dist/index.js";
import { INVENTORIES_VARIABLE, installedInventories } from "../dist/intersphinx-inventories.js";

const packageDir = fileURLToPath(new URL("..", import.meta.url));
const cli = path.join(packageDir, "dist", "bin", "lint-python.js");
const checkout = path.resolve(packageDir, "..", "..", "..", "shared", "fixtures", "flink-checkout");
if (!(await access(checkout).then(() => true, () => false))) {
  console.error(`bench:lint --flink needs the shared Flink checkout at ${checkout}.`);
  process.exit(2);
}

const SPHINX_WRAPPER = path.join(packageDir, "assets", "sphinx-build");

const work = await mkdtemp(path.join(os.tmpdir(), "lint-python-flink-bench-"));
const root = path.join(work, "flink");
const project = path.join(root, "flink-python");
const cacheDir = path.join(work, "cache");
try {
  await cp(checkout, root, { recursive: true });
  await run("chmod", ["-R", "u+w", root]);
  const git = (...args) => run("git", ["-c", "user.email=bench@example.com", "-c", "user.name=bench", ...args], { cwd: root });
  await git("init", "-q");
  await git("add", ".");
  await git("commit", "-qm", "bench baseline");

  const info = await readProject(project);
  const interpreters = await discoverInterpreters();
  const python312 = pickInterpreter(interpreters, "3.12");
  if (python312 === undefined) throw new Error("Python 3.12 is needed (lint-python.sh's base env); pyenv install 3.12");
  const versions = ["3.9", "3.10", "3.11", "3.12"];
  const pythonDirs = versions.map((minor) => pickInterpreter(interpreters, minor)).filter(Boolean).map((interpreter) => path.dirname(interpreter.executable));
  console.log(`bench:lint --flink on a copy of the Flink checkout, ${os.availableParallelism()} cores, load ${os.loadavg()[0].toFixed(1)}`);

  /** Empty download caches of a run's own, so neither side reuses the other's downloads. */
  const cachesOf = (who) => ({ UV_CACHE_DIR: path.join(work, "downloads", who, "uv"), PIP_CACHE_DIR: path.join(work, "downloads", who, "pip") });
  const timings = [];
  const measure = async (label, action) => {
    const started = performance.now();
    const outcome = await action();
    const ms = performance.now() - started;
    timings.push({ label, ms, outcome });
    console.log(`  ${label}: ${(ms / 1000).toFixed(1)} s (${outcome}; load ${os.loadavg()[0].toFixed(1)})`);
  };

  await measure("(a) Flink's dev/lint-python.sh (uv from PyPI in place of its GitHub download)", async () => {
    const uvVersion = info.flink?.uvVersion ?? "0.7.20";
    const dev = path.join(project, "dev");
    const download = path.join(dev, "download-pypi");
    await run(python312.executable, ["-m", "pip", "install", "-q", "--target", download, `uv==${uvVersion}`], { env: cachesOf("lint-python-sh") });
    await run(path.join(download, "bin", "uv"), ["venv", path.join(dev, ".uv"), "--seed", "--python", python312.executable], { env: cachesOf("lint-python-sh") });
    await run(path.join(dev, ".uv", "bin", "pip"), ["install", "-q", "--upgrade", "pip", "setuptools"], { env: cachesOf("lint-python-sh") });
    await rename(path.join(download, "bin", "uv"), path.join(dev, ".uv", "bin", "uv"));
    await rm(download, { recursive: true, force: true });
    await writeFile(path.join(dev, ".stage.txt"), "install:1\n");
    const script = (...args) =>
      run("bash", ["dev/lint-python.sh", ...args], {
        cwd: project,
        env: { ...cachesOf("lint-python-sh"), PATH: [...pythonDirs, process.env.PATH ?? ""].join(path.delimiter), UV_PYTHON_DOWNLOADS: "never", [INVENTORIES_VARIABLE]: installedInventories() },
        reject: false,
        onLine: (line) => {
          if (/checks\.\.\. \[(SUCCESS|FAILED)\]|install .* \[SUCCESS\]/.test(line)) console.log(`    ${line.trim()}`);
        },
      });
    const install = await script("-s", "all");
    if (install.exitCode !== 0) return `exit ${install.exitCode} installing (-s all)`;
    const envPython = path.join(dev, ".uv", "bin", "python");
    await writeFile(path.join(dev, ".uv", "bin", "sphinx-build"), `#!/bin/sh\nexec "${envPython}" "${SPHINX_WRAPPER}" "$@"\n`);
    const checks = await script("-e", "tox");
    return `exit ${checks.exitCode}`;
  });

  const lint = async (...args) => {
    const json = path.join(work, "report.json");
    const result = await run(process.execPath, [cli, "--project", project, "--cache-dir", cacheDir, "--json", json, ...args], { env: { ...cachesOf("lint-python"), CI: "true" }, reject: false });
    const report = JSON.parse(await readFile(json, "utf8"));
    const count = (predicate) => report.results.filter(predicate).length;
    const failed = report.results.filter((r) => r.status === "failed").map((r) => (r.python === null ? r.check : `${r.check} ${r.python}`));
    const inside = /in ([\d.]+)s\. /.exec(result.stdout)?.[1] ?? "?";
    return `exit ${result.exitCode}; ${count((r) => !r.cached && r.status !== "skipped")} ran, ${count((r) => r.cached)} cached${failed.length > 0 ? `, failed: ${failed.join(", ")}` : ""}; ${inside} s inside the CLI`;
  };

  await measure("(b) lint:python cold (empty cache)", () => lint());
  const edited = path.join(project, "pyflink", "common", "configuration.py");
  await writeFile(edited, `${await readFile(edited, "utf8")}\n# bench: an edit every check reads\n`);
  await measure("(c) lint:python warm (envs cached; an edit to pyflink/common/configuration.py invalidates every result)", () => lint());
  await mkdir(path.join(project, "target"), { recursive: true });
  await writeFile(path.join(project, "target", "flink-python.jar"), "");
  await truncate(path.join(project, "target", "flink-python.jar"), 400 * 1024 * 1024);
  const uvSize = (await run("du", ["-sm", path.join(project, "dev", ".uv")], { reject: false })).stdout.split("\t")[0];
  await measure(`(d) lint:python no-change rerun (dev/.uv ${uvSize} MB, target/ 400 MB jar present)`, () => lint());
  const changed = path.join(project, "pyflink", "common", "types.py");
  await writeFile(changed, `${await readFile(changed, "utf8")}\n# bench: a one-file change\n`);
  await measure("(e) lint:python --changed after a one-file change", () => lint("--changed", "HEAD", "-i", "flake8,mypy"));

  const baseline = timings[0].ms;
  console.log("\n| run | time | vs (a) | outcome |\n| --- | ---: | ---: | --- |");
  for (const { label, ms, outcome } of timings) console.log(`| ${label} | ${(ms / 1000).toFixed(2)} s | ${(ms / baseline).toFixed(3)} (1/${(baseline / ms).toFixed(1)}) | ${outcome} |`);
  const [, cold, warm, noChange, oneFile] = timings.map((timing) => timing.ms);
  console.log(
    `\ntargets: cold ≤ 1/2 of (a): ${cold <= baseline / 2 ? "met" : "MISSED"}; warm ≤ 1/10: ${warm <= baseline / 10 ? "met" : "MISSED"}; no-change ≤ 1 s: ${noChange <= 1000 ? "met" : "MISSED"}; one-file ≤ 2 s: ${oneFile <= 2000 ? "met" : "MISSED"}`,
  );
} finally {
  await rm(work, { recursive: true, force: true });
}
