// `pnpm bench:pack`: the same job bundled three ways, side by side in one run.
//   seed    — the hand recipe of seed 002 / the AWS samples (B7): pip install --target with the MSF
//             platform flags, then `zip -r` of the entry, own code, deps and lib/.
//   cold    — pyflink-pack --target msf with an empty cache.
//   warm    — pyflink-pack again into a new --out, with the caches the cold run filled (resolution,
//             install cache, bundle cache: the app zip is copied, not compressed again).
//   edited  — one source file changed, same --out: the app zip is built again from the install cache.
//   rerun   — nothing changed, same --out: the bundle there is reused ("unchanged: reused").
// Two jobs: "boto3" (both routes ship the same packages: tool overhead only) and "boto3 + pandas"
// (pandas and its numpy are what apache-flink already puts on the MSF worker: the recipe ships them
// anyway, we subtract them). Prints times, sizes and ratios; exits non-zero if a run fails.
import { spawnSync } from "node:child_process";
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const packageDir = path.resolve(here, "..");
const bin = path.join(packageDir, "dist", "bin", "pyflink-pack.js");
const env = { ...process.env, PIP_RETRIES: process.env.PIP_RETRIES ?? "0" };
const scenarios = [["boto3"], ["boto3", "pandas"]];
const warmRuns = Number(process.env.BENCH_WARM_RUNS ?? "3");

const root = mkdtempSync(path.join(os.tmpdir(), "pyflink-pack-bench-"));
let project = "";
let cacheDir = "";

function makeProject(requirements, index) {
  project = path.join(root, `job${index}`, "job");
  cacheDir = path.join(root, `job${index}`, "cache");
  cpSync(path.join(packageDir, "test", "fixtures", "job-basic"), project, { recursive: true });
  rmSync(path.join(project, "pyflink-pack.json"));
  writeFileSync(path.join(project, "requirements.txt"), `${requirements.join("\n")}\n`);
  mkdirSync(path.join(project, "lib"), { recursive: true });
  writeFileSync(path.join(project, "lib", "connector.jar"), Buffer.alloc(64 * 1024, 1));
}

// GNU time, when there, adds each run's CPU seconds (user + system, children included): on a shared,
// loaded machine they say more than wall time, which waits for other people's work.
const gnuTime = spawnSync("/usr/bin/time", ["-f", "%U %S", "true"], { encoding: "utf8" }).status === 0;
const CPU_LINE = /^BENCH-CPU (\S+) (\S+)$/m;

function timed(label, file, args, options = {}) {
  const started = performance.now();
  const [cmd, cmdArgs] = gnuTime ? ["/usr/bin/time", ["-f", "BENCH-CPU %U %S", file, ...args]] : [file, args];
  const result = spawnSync(cmd, cmdArgs, { encoding: "utf8", env, maxBuffer: 256 * 1024 * 1024, ...options });
  const ms = performance.now() - started;
  if (result.status !== 0) {
    console.error(`${label} failed: ${file} ${args.join(" ")}\n${result.stdout}\n${result.stderr}`);
    process.exit(1);
  }
  const cpu = CPU_LINE.exec(result.stderr);
  const cpuMs = cpu === null ? Number.NaN : (Number(cpu[1]) + Number(cpu[2])) * 1000;
  return { ms, cpuMs, stdout: result.stdout, stderr: result.stderr.replace(CPU_LINE, "") };
}

function python311() {
  for (const candidate of ["python3.11", "python3"]) {
    const probe = spawnSync(candidate, ["-c", "import sys; print(sys.version_info[:2] == (3, 11))"], { encoding: "utf8", env });
    if (probe.status === 0 && probe.stdout.trim() === "True") return candidate;
  }
  const pyenv = spawnSync("pyenv", ["prefix", "3.11"], { encoding: "utf8" });
  if (pyenv.status === 0) return path.join(pyenv.stdout.trim(), "bin", "python3.11");
  return "python3";
}

// --- seed recipe -------------------------------------------------------------------------
function seed() {
  const work = mkdtempSync(path.join(path.dirname(project), "seed-"));
  for (const entry of readdirSync(project)) cpSync(path.join(project, entry), path.join(work, entry), { recursive: true });
  const python = python311();
  const pip = timed("seed pip", python, [
    "-m", "pip", "install", "--quiet", "--target", path.join(work, "deps"), "-r", path.join(work, "requirements.txt"),
    "--platform", "manylinux2014_x86_64", "--python-version", "3.11", "--implementation", "cp", "--only-binary=:all:",
  ]);
  const zipFile = path.join(work, "app.zip");
  const zip = timed("seed zip", "zip", ["-q", "-r", zipFile, "main.py", "mypkg", "deps", "lib"], { cwd: work });
  return { ms: pip.ms + zip.ms, cpuMs: pip.cpuMs + zip.cpuMs, bytes: statSync(zipFile).size };
}

// --- pyflink-pack ------------------------------------------------------------------------
function packOnce(label, outName = `out-${label}`) {
  const out = path.join(path.dirname(project), outName);
  const run = timed(label, process.execPath, [bin, "--project", project, "--target", "msf", "--flink", "1.20", "--out", out, "--cache-dir", cacheDir, "--json"]);
  const json = JSON.parse(run.stdout);
  const app = json.artifacts.find((a) => a.path.endsWith("job.zip"));
  return { ms: run.ms, cpuMs: run.cpuMs, bytes: statSync(app.path).size, sha256: app.sha256, reused: /unchanged: reused/.test(run.stderr) };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

try {
  for (const [index, requirements] of scenarios.entries()) {
    makeProject(requirements, index);
    console.error(`bench:pack: job with ${requirements.join(" + ")} for MSF Flink 1.20 (Python 3.11), in ${path.dirname(project)}`);
    const seedRun = seed();
    const cold = packOnce("cold");
    const warm = Array.from({ length: warmRuns }, (_, i) => packOnce(`warm-${i}`));
    const warmMs = median(warm.map((w) => w.ms));
    const reproducible = warm.every((w) => w.sha256 === cold.sha256);
    const edited = Array.from({ length: warmRuns }, (_, i) => {
      appendFileSync(path.join(project, "main.py"), `# edit ${i}\n`);
      return packOnce(`edited-${i}`, "out-edited");
    });
    const editedMs = median(edited.map((e) => e.ms));
    const reruns = Array.from({ length: warmRuns }, (_, i) => packOnce(`rerun-${i}`, "out-edited"));
    const rerunMs = median(reruns.map((r) => r.ms));
    const allReused = reruns.every((r) => r.reused && r.sha256 === edited[edited.length - 1]?.sha256) && edited.every((e) => !e.reused);

    const mb = (bytes) => (bytes / 1024 / 1024).toFixed(1);
    const cpuOf = (runs) => median(runs.map((r) => r.cpuMs));
    const rows = [
      ["seed recipe (pip --target + zip -r)", seedRun.ms, seedRun.cpuMs, seedRun.bytes],
      ["pyflink-pack cold", cold.ms, cold.cpuMs, cold.bytes],
      [`pyflink-pack warm, new --out (median of ${warmRuns})`, warmMs, cpuOf(warm), warm[0].bytes],
      [`pyflink-pack warm, main.py edited (median of ${warmRuns})`, editedMs, cpuOf(edited), edited[0].bytes],
      [`pyflink-pack rerun, nothing changed (median of ${warmRuns})`, rerunMs, cpuOf(reruns), reruns[0].bytes],
    ];
    console.log("");
    console.log(`### requirements: ${requirements.join(", ")}`);
    console.log("| route | time | CPU (user+sys) | time / seed | CPU / seed | app zip |");
    console.log("| --- | ---: | ---: | ---: | ---: | ---: |");
    const s = (ms) => `${(ms / 1000).toFixed(2)} s`;
    for (const [label, ms, cpuMs, bytes] of rows) console.log(`| ${label} | ${s(ms)} | ${s(cpuMs)} | ${(ms / seedRun.ms).toFixed(2)}x | ${(cpuMs / seedRun.cpuMs).toFixed(2)}x | ${mb(bytes)} MiB |`);
    console.log("");
    console.log(`time  cold / seed = ${(cold.ms / seedRun.ms).toFixed(2)}x   warm / seed = ${(warmMs / seedRun.ms).toFixed(2)}x   edited / seed = ${(editedMs / seedRun.ms).toFixed(2)}x   rerun / seed = ${(rerunMs / seedRun.ms).toFixed(2)}x   warm / cold = ${(warmMs / cold.ms).toFixed(2)}x`);
    console.log(`size  pyflink-pack / seed = ${(cold.bytes / seedRun.bytes).toFixed(3)}x`);
    console.log(`same sha256 on every pyflink-pack run: ${reproducible ? "yes" : "NO"} (${cold.sha256.slice(0, 16)}…)`);
    console.log(`every rerun said "unchanged: reused" and kept the edited bundle, no edited run did: ${allReused ? "yes" : "NO"}`);
    if (!reproducible || !allReused) process.exitCode = 1;
  }
  console.log("");
  console.log(`load average while measuring: ${os.loadavg().map((l) => l.toFixed(1)).join(" ")} on ${os.cpus().length} CPUs`);
} finally {
  rmSync(root, { recursive: true, force: true });
}
