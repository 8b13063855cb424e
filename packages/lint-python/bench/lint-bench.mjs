// `pnpm bench:lint`: the lint-python.sh way against lint:python, side by side in one run, on a
// private copy of the repo's own Python package (packages/fn-execution-py) and a fresh cache.
//
//   (a) lint-python.sh's way: strictly sequential, everything recreated — a fresh venv with the
//       tools (flake8, mypy, sphinx; pins from pyproject's dependency groups), a fresh venv per
//       Python version (its py_env step), flake8, mypy, sphinx, then tox over every env with
//       --recreate (the conda era's full run).
//   (b) lint:python cold: empty cache.
//   (c) lint:python warm: envs cached, results invalidated.
//   (d) lint:python no-change rerun.
//   (e) lint:python --changed after a one-file change.
//
// Needs the package built (the root script builds it through turbo) and Python 3.11-3.13.
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { findExecutable, run } from "@pyflink-devkit/runner";
import { discoverInterpreters, pickInterpreter } from "@pyflink-devkit/python-env";
import { readProject, checkRequirements, CHECKS } from "../dist/index.js";

if (process.argv.includes("--flink")) {
  // The same comparison on Flink's own checkout, against its real lint-python.sh.
  await import("./flink-bench.mjs");
  process.exit(process.exitCode ?? 0);
}

const packageDir = fileURLToPath(new URL("..", import.meta.url));
const cli = path.join(packageDir, "dist", "bin", "lint-python.js");
const source = path.resolve(packageDir, "..", "fn-execution-py");
const env = { PIP_RETRIES: "0", PIP_DEFAULT_TIMEOUT: "5", CI: "true", PYTHONDONTWRITEBYTECODE: "1" };

const work = await mkdtemp(path.join(os.tmpdir(), "lint-python-bench-"));
const project = path.join(work, "fn-execution-py");
const cacheDir = path.join(work, "cache");
try {
  await cp(source, project, { recursive: true, filter: (file) => !/(__pycache__|\.tox|\.mypy_cache|\.pytest_cache)/.test(file) });
  const git = (...args) => run("git", ["-c", "user.email=bench@example.com", "-c", "user.name=bench", ...args], { cwd: project });
  await git("init", "-q");
  await git("add", ".");
  await git("commit", "-qm", "bench baseline");

  const info = await readProject(project);
  const versions = [...new Set(info.toxEnvs.map((toxEnv) => toxEnv.python).filter((minor) => minor !== undefined))];
  const interpreters = await discoverInterpreters();
  const found = versions.map((minor) => ({ minor, interpreter: pickInterpreter(interpreters, minor) })).filter((entry) => entry.interpreter !== undefined);
  if (found.length === 0) throw new Error(`none of ${versions.join(", ")} is installed; install them with pyenv`);
  console.log(`bench:lint on a copy of packages/fn-execution-py, Python ${found.map((entry) => entry.minor).join(", ")}, ${os.availableParallelism()} cores, load ${os.loadavg()[0].toFixed(1)}`);

  const timings = [];
  const measure = async (label, action) => {
    const started = performance.now();
    const outcome = await action();
    const ms = performance.now() - started;
    timings.push({ label, ms, outcome });
    console.log(`  ${label}: ${(ms / 1000).toFixed(1)} s (${outcome})`);
  };

  // (a) The lint-python.sh way.
  await measure("(a) lint-python.sh way (sequential, recreated)", async () => {
    const shDir = path.join(work, "lint-python-sh");
    // One pip install per tool component, into one base env, as its install steps 4-7 did.
    const base = path.join(shDir, "base");
    await run(found[0].interpreter.executable, ["-m", "venv", base], { env });
    await run(path.join(base, "bin", "python"), ["-m", "pip", "install", "-q", ...info.dependencies], { env });
    for (const check of CHECKS.filter((candidate) => candidate.scope === "project")) {
      await run(path.join(base, "bin", "python"), ["-m", "pip", "install", "-q", ...checkRequirements(check, info)], { env });
    }
    for (const { minor, interpreter } of found) {
      await run(interpreter.executable, ["-m", "venv", path.join(shDir, "envs", minor)], { env });
    }
    const python = path.join(base, "bin", "python");
    const failures = [];
    const check = async (name, file, args, extraEnv = {}) => {
      const result = await run(file, args, { cwd: project, env: { ...env, ...extraEnv }, reject: false });
      if (result.exitCode !== 0) {
        failures.push(name);
        console.log(`    ${name} exited ${result.exitCode}:\n${`${result.stdout}\n${result.stderr}`.trim().split("\n").slice(-15).join("\n")}`);
      }
    };
    await check("flake8", python, ["-m", "flake8", "--config=tox.ini", "."]);
    await check("mypy", python, ["-m", "mypy"]);
    await check("sphinx", python, ["-m", "sphinx", "-a", "-W", "-q", "-b", "html", "docs", path.join(shDir, "html")]);
    const tox = findExecutable("tox");
    if (tox === undefined) failures.push("tox (not installed)");
    else {
      const pathVar = [...found.map((entry) => path.dirname(entry.interpreter.executable)), process.env.PATH ?? ""].join(path.delimiter);
      const envs = info.toxEnvs.filter((toxEnv) => found.some((entry) => entry.minor === toxEnv.python)).map((toxEnv) => toxEnv.name);
      // lint-python.sh put every env's bin first on PATH so tox finds python3.X.
      await check("tox", tox, ["-c", "tox.ini", "-e", envs.join(","), "--recreate", "--workdir", path.join(shDir, "tox")], { PATH: pathVar });
    }
    return failures.length === 0 ? "all passed" : `failed: ${failures.join(", ")}`;
  });

  const lint = async (...args) => {
    const json = path.join(work, "report.json");
    const result = await run(process.execPath, [cli, "--project", project, "--cache-dir", cacheDir, "--json", json, ...args], { env, reject: false });
    const report = JSON.parse(await readFile(json, "utf8"));
    const cached = report.results.filter((r) => r.cached).length;
    const ran = report.results.filter((r) => !r.cached && r.status !== "skipped").length;
    const skipped = report.results.filter((r) => r.status === "skipped").length;
    // The summary's own figure: the library's time, without node's start-up.
    const inside = /in ([\d.]+)s\. /.exec(result.stdout)?.[1] ?? "?";
    return `exit ${result.exitCode}; ${ran} ran, ${cached} cached, ${skipped} skipped; ${inside} s inside the CLI`;
  };

  await measure("(b) lint:python cold (empty cache)", () => lint());
  await rm(path.join(cacheDir, "lint-python"), { recursive: true, force: true });
  await measure("(c) lint:python warm (envs cached, results invalidated)", () => lint());
  await measure("(d) lint:python no-change rerun", () => lint());
  const changed = path.join(project, "tests", "test_round_trip.py");
  await writeFile(changed, `${await readFile(changed, "utf8")}\n\ndef test_bench_one_file_change() -> None:\n    assert pb.JobParameter(key="x").key == "x"\n`);
  await measure("(e) lint:python --changed after a one-file change", () => lint("--changed", "HEAD"));

  const baseline = timings[0].ms;
  console.log("\n| run | time | vs (a) |\n| --- | ---: | ---: |");
  for (const { label, ms } of timings) console.log(`| ${label} | ${(ms / 1000).toFixed(2)} s | ${(ms / baseline).toFixed(3)} (1/${(baseline / ms).toFixed(1)}) |`);
  const warm = timings[2].ms;
  const noChange = timings[3].ms;
  console.log(`\ntargets: warm ≤ 1/3 of (a): ${warm <= baseline / 3 ? "met" : "MISSED"} (aim 1/10: ${warm <= baseline / 10 ? "met" : "not met"}); no-change rerun ≤ 1 s: ${noChange <= 1000 ? "met" : "MISSED"} (${(noChange / 1000).toFixed(2)} s, including node start-up)`);
} finally {
  await rm(work, { recursive: true, force: true });
}
