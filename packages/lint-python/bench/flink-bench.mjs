// `pnpm bench:lint --flink`: Flink's real dev/lint-python.sh against lint:python, side by side in
// one run, on a copy of the shared Flink checkout (../shared/fixtures/flink-checkout).
//
//   (a) Flink's own dev/lint-python.sh, unchanged. Its step 1 downloads uv's installer from GitHub
//       with curl, which this network cannot reach, so step 1 is done here the way the script does
//       it, with uv taken from PyPI instead: `pip install --target <tmp> uv==<its UV_VERSION>`, then
//       `uv venv dev/.uv --seed --python 3.12`, `dev/.uv/bin/pip install --upgrade pip setuptools`,
//       the uv binary moved to dev/.uv/bin/uv, and `install:1` written to dev/.stage.txt, its
//       checkpoint file, so the script starts at step 2 (py_env: uv venv per version; then the
//       tox, flake8, sphinx and mypy groups) and runs its checks. The pyenv interpreters are put on
//       PATH and UV_PYTHON_DOWNLOADS=never, since uv cannot download Pythons here either.
//   (b) lint:python cold: empty cache (uv bootstrapped from PyPI into it).
//   (c) lint:python warm: envs cached, results invalidated.
//   (d) lint:python no-change rerun, with (a)'s dev/.uv and a 400 MB jar in target/ present.
//   (e) lint:python --changed after a one-file change.
import { access, cp, mkdir, mkdtemp, readFile, rename, rm, truncate, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { run } from "@pyflink-devkit/runner";
import { discoverInterpreters, pickInterpreter } from "@pyflink-devkit/python-env";
import { readProject } from "../dist/index.js";

const packageDir = fileURLToPath(new URL("..", import.meta.url));
const cli = path.join(packageDir, "dist", "bin", "lint-python.js");
const checkout = path.resolve(packageDir, "..", "..", "..", "shared", "fixtures", "flink-checkout");
if (!(await access(checkout).then(() => true, () => false))) {
  console.error(`bench:lint --flink needs the shared Flink checkout at ${checkout}.`);
  process.exit(2);
}

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
    await run(python312.executable, ["-m", "pip", "install", "-q", "--target", download, `uv==${uvVersion}`]);
    await run(path.join(download, "bin", "uv"), ["venv", path.join(dev, ".uv"), "--seed", "--python", python312.executable]);
    await run(path.join(dev, ".uv", "bin", "pip"), ["install", "-q", "--upgrade", "pip", "setuptools"]);
    await rename(path.join(download, "bin", "uv"), path.join(dev, ".uv", "bin", "uv"));
    await rm(download, { recursive: true, force: true });
    await writeFile(path.join(dev, ".stage.txt"), "install:1\n");
    const result = await run("bash", ["dev/lint-python.sh"], {
      cwd: project,
      env: { PATH: [...pythonDirs, process.env.PATH ?? ""].join(path.delimiter), UV_PYTHON_DOWNLOADS: "never" },
      reject: false,
      onLine: (line) => {
        if (/checks\.\.\. \[(SUCCESS|FAILED)\]|install .* \[SUCCESS\]/.test(line)) console.log(`    ${line.trim()}`);
      },
    });
    return `exit ${result.exitCode}`;
  });

  const lint = async (...args) => {
    const json = path.join(work, "report.json");
    const result = await run(process.execPath, [cli, "--project", project, "--cache-dir", cacheDir, "--json", json, ...args], { env: { CI: "true" }, reject: false });
    const report = JSON.parse(await readFile(json, "utf8"));
    const count = (predicate) => report.results.filter(predicate).length;
    const failed = report.results.filter((r) => r.status === "failed").map((r) => (r.python === null ? r.check : `${r.check} ${r.python}`));
    const inside = /in ([\d.]+)s\. /.exec(result.stdout)?.[1] ?? "?";
    return `exit ${result.exitCode}; ${count((r) => !r.cached && r.status !== "skipped")} ran, ${count((r) => r.cached)} cached${failed.length > 0 ? `, failed: ${failed.join(", ")}` : ""}; ${inside} s inside the CLI`;
  };

  await measure("(b) lint:python cold (empty cache)", () => lint());
  await rm(path.join(cacheDir, "lint-python"), { recursive: true, force: true });
  await measure("(c) lint:python warm (envs cached, results invalidated)", () => lint());
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
