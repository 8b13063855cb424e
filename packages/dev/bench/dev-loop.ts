// pnpm --filter @pyflink-devkit/dev bench: how fast the dev loop answers a save, warm, on a temp
// copy of this repository — and, side by side in the same run, a lint:python run over the same
// edit (what a contributor would run by hand without the loop).
import { readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { lintPython } from "@pyflink-devkit/lint-python";
import { DevProcess, copyProject, save } from "./dev-harness.js";

const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? "5");
const PY_TARGET_MS = 2000;
const PROTO_TARGET_MS = 3000;

interface Sample {
  readonly [what: string]: number;
}

function stats(values: readonly number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
  return `median ${(median / 1000).toFixed(2)} s  (min ${((sorted[0] ?? Number.NaN) / 1000).toFixed(2)}, max ${((sorted.at(-1) ?? Number.NaN) / 1000).toFixed(2)})`;
}

function median(values: readonly number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;
}

const project = copyProject();
const dev = new DevProcess(project);
try {
  const started = performance.now();
  await dev.waitFor(/^pyflink-dev: ready/, 0, 600_000);
  console.log(`dev loop ready in ${((performance.now() - started) / 1000).toFixed(2)} s (environments built or reused)`);

  const testFile = path.join(project, "packages/fn-execution-py/tests/test_round_trip.py");
  const testSource = readFileSync(testFile, "utf8");
  const pySamples: Sample[] = [];
  // Iteration 0 warms mypy's cache and pytest's imports; it is not counted.
  for (let i = 0; i <= ITERATIONS; i++) {
    const from = dev.lines.length;
    const at = save(testFile, `${testSource}# bench edit ${i}\n`);
    const flake8 = await dev.waitFor(/^[✓✗] flake8 +tests\/test_round_trip\.py/, from, 120_000);
    const mypy = await dev.waitFor(/^[✓✗] mypy +tests\/test_round_trip\.py/, from, 120_000);
    const tests = await dev.waitFor(/^[✓✗] tests +1 test file/, from, 120_000);
    if (i > 0) pySamples.push({ flake8: flake8.at - at, mypy: mypy.at - at, tests: tests.at - at, all: Math.max(flake8.at, mypy.at, tests.at) - at });
  }

  const proto = path.join(project, "proto/flink-fn-execution.proto");
  let protoSource = readFileSync(proto, "utf8");
  const protoSamples: Sample[] = [];
  for (let i = 0; i <= ITERATIONS; i++) {
    const from = dev.lines.length;
    protoSource += `\nmessage BenchProbe${i} {\n  int64 id = 1;\n}\n`;
    const at = save(proto, protoSource);
    const gen = await dev.waitFor(/^✓ gen:protos +wrote/, from, 120_000);
    const tests = await dev.waitFor(/^[✓✗] tests +1 test file/, gen.index, 120_000);
    const ts = await dev.waitFor(/^✓ gen:ts +wrote/, gen.index, 120_000);
    if (i > 0) protoSamples.push({ "Python bindings": gen.at - at, "bindings + tests": tests.at - at, "TS bindings": ts.at - at });
  }

  // The same .py edit checked by a lint:python run (flake8, mypy, tests on the same Python),
  // through the library, warm environments, its result cache missing because the file changed.
  const oneShot: number[] = [];
  const projectDir = path.join(project, "packages/fn-execution-py");
  for (let i = 0; i <= Math.min(ITERATIONS, 3); i++) {
    save(testFile, `${testSource}# one-shot edit ${i}\n`);
    const at = performance.now();
    await lintPython({ projectDir, pythons: ["3.11"], checks: ["flake8", "mypy", "tests"] });
    if (i > 0) oneShot.push(performance.now() - at);
  }

  console.log(`\n.py save → result on screen (warm, ${ITERATIONS} saves of tests/test_round_trip.py, debounce included)`);
  for (const what of ["flake8", "mypy", "tests", "all"]) console.log(`  ${what.padEnd(18)} ${stats(pySamples.map((s) => s[what] ?? Number.NaN))}`);
  console.log(`.proto save → regenerated bindings, then their tests (${ITERATIONS} saves adding a message)`);
  for (const what of ["Python bindings", "bindings + tests", "TS bindings"]) console.log(`  ${what.padEnd(18)} ${stats(protoSamples.map((s) => s[what] ?? Number.NaN))}`);
  console.log(`lint:python over the same .py edit (flake8+mypy+tests, one version)`);
  console.log(`  ${"lintPython".padEnd(18)} ${stats(oneShot)}`);

  const pyAll = median(pySamples.map((s) => s.all ?? Number.NaN));
  const pyFirst = median(pySamples.map((s) => Math.min(s.flake8 ?? Number.NaN, s.mypy ?? Number.NaN)));
  const protoAll = median(protoSamples.map((s) => s["bindings + tests"] ?? Number.NaN));
  console.log(`\nratio lint:python / dev loop (all three results): ${(median(oneShot) / pyAll).toFixed(2)}×`);
  console.log(`targets: .py first result ${(pyFirst / 1000).toFixed(2)} s, all results ${(pyAll / 1000).toFixed(2)} s (target ≤ ${PY_TARGET_MS / 1000} s); proto ${(protoAll / 1000).toFixed(2)} s (target ≤ ${PROTO_TARGET_MS / 1000} s)`);
} finally {
  if (dev.child.exitCode === null) await dev.interrupt();
  rmSync(project, { recursive: true, force: true });
}
