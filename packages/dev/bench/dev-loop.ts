// pnpm bench:dev [--flink]: how fast the dev loop answers a save, warm, under every save style —
// on a temp copy of this repository, or with --flink on a temp copy of a real Flink checkout — and,
// side by side in the same run, what a contributor runs by hand without the loop (a lint:python
// run over the same edit; on Flink also gen_protos.py plus the bindings' test).
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { installEnvironments, lintPython } from "@pyflink-devkit/lint-python";
import { run } from "@pyflink-devkit/runner";
import { DevProcess, SAVE_STYLES, copyProject, repositoryRoot } from "./dev-harness.js";

const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? "3");
const PY_TARGET_MS = 2000;
const PROTO_TARGET_MS = 3000;
const flink = process.argv.includes("--flink");
const pythonFlag = process.argv.indexOf("--python");
const python = pythonFlag >= 0 ? (process.argv[pythonFlag + 1] ?? "3.11") : "3.11";

interface Target {
  readonly name: string;
  /** Where the loop runs (the project given to --project). */
  readonly dir: string;
  /** The Python project lint:python checks. */
  readonly pythonProject: string;
  readonly pyFile: string;
  readonly protoFile: string;
  /** How the view names the .py file and the bindings' test. */
  readonly pyShown: string;
  readonly testsShown: RegExp;
  readonly cleanup: () => void;
}

function flinkTarget(): Target {
  const checkout = path.resolve(repositoryRoot, "..", "shared", "fixtures", "flink-checkout", "flink-python");
  const dir = path.join(mkdtempSync(path.join(tmpdir(), "bench-dev-flink-")), "flink-python");
  cpSync(checkout, dir, { recursive: true });
  return {
    name: `a copy of Flink's flink-python (${checkout})`,
    dir,
    pythonProject: dir,
    pyFile: path.join(dir, "pyflink/common/configuration.py"),
    protoFile: path.join(dir, "pyflink/proto/flink-fn-execution.proto"),
    pyShown: "pyflink/common/configuration.py",
    testsShown: /^[✓✗] tests +1 test file/,
    cleanup: () => { rmSync(path.dirname(dir), { recursive: true, force: true }); },
  };
}

function repositoryTarget(): Target {
  const dir = copyProject();
  return {
    name: "a copy of this repository",
    dir,
    pythonProject: path.join(dir, "packages/fn-execution-py"),
    pyFile: path.join(dir, "packages/fn-execution-py/tests/test_round_trip.py"),
    protoFile: path.join(dir, "proto/flink-fn-execution.proto"),
    pyShown: "tests/test_round_trip.py",
    testsShown: /^[✓✗] tests +1 test file/,
    cleanup: () => { rmSync(dir, { recursive: true, force: true }); },
  };
}

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const median = (values: readonly number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;
const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;

const target = flink ? flinkTarget() : repositoryTarget();
const dev = new DevProcess(target.dir, ["--project", target.dir, "--python", python]);
try {
  const started = performance.now();
  await dev.waitFor(/^pyflink-dev: ready/, 0, 1_200_000);
  console.log(`dev loop on ${target.name}, Python ${python}: ready in ${seconds(performance.now() - started)} (environments built or reused)`);

  const pySource = readFileSync(target.pyFile, "utf8");
  const protoSource = readFileSync(target.protoFile, "utf8");
  const rows: { style: string; flake8: number; both: number; bindings: number; tested: number }[] = [];
  let edit = 0;
  // One warm-up save of each kind (mypy's cache, pytest's imports); not counted.
  for (const [style, save] of [["warm-up", SAVE_STYLES["in place"]] as const, ...Object.entries(SAVE_STYLES)]) {
    if (save === undefined) continue;
    const samples = { flake8: [] as number[], both: [] as number[], bindings: [] as number[], tested: [] as number[] };
    for (let i = 0; i < (style === "warm-up" ? 1 : ITERATIONS); i++) {
      edit++;
      let from = dev.lines.length;
      let at = performance.now();
      save(target.pyFile, `${pySource}# bench edit ${edit}\n`);
      const flake8 = await dev.waitFor(new RegExp(`^[✓✗] flake8 +${escape(target.pyShown)}`), from, 300_000);
      const mypy = await dev.waitFor(new RegExp(`^[✓✗] mypy +${escape(target.pyShown)}`), from, 300_000);
      samples.flake8.push(flake8.at - at);
      samples.both.push(Math.max(flake8.at, mypy.at) - at);
      await dev.waitFor(/^[✓✗] tests /, from, 300_000);

      from = dev.lines.length;
      at = performance.now();
      save(target.protoFile, `${protoSource}\nmessage BenchProbe${edit} {\n  int64 id = 1;\n}\n`);
      const gen = await dev.waitFor(/^✓ gen:protos +wrote/, from, 300_000);
      const tests = await dev.waitFor(target.testsShown, gen.index, 300_000);
      samples.bindings.push(gen.at - at);
      samples.tested.push(tests.at - at);
      if (!flink) await dev.waitFor(/^✓ gen:ts +wrote/, gen.index, 300_000);
    }
    if (style !== "warm-up") rows.push({ style, flake8: median(samples.flake8), both: median(samples.both), bindings: median(samples.bindings), tested: median(samples.tested) });
  }
  writeFileSync(target.protoFile, protoSource);
  writeFileSync(target.pyFile, pySource);
  await new Promise((resolve) => setTimeout(resolve, 1000));
  await dev.interrupt();

  // Without the loop, the same .py edit is checked by a lint:python run (flake8 + mypy over the
  // project, warm environments; its result cache misses because the file changed).
  const oneShot: number[] = [];
  for (let i = 0; i < ITERATIONS; i++) {
    writeFileSync(target.pyFile, `${pySource}# one-shot edit ${i}\n`);
    const at = performance.now();
    await lintPython({ projectDir: target.pythonProject, pythons: [python], checks: ["flake8", "mypy"] });
    oneShot.push(performance.now() - at);
  }
  writeFileSync(target.pyFile, pySource);

  // On Flink, the proto route without the loop: gen_protos.py (grpcio-tools, in the tests env), then the bindings' test.
  const protoByHand: number[] = [];
  if (flink) {
    const installed = await installEnvironments({ projectDir: target.pythonProject, pythons: [python], checks: ["tests"] });
    const envDir = installed.environments.find((env) => env.purpose === "tests")?.dir;
    if (envDir !== undefined) {
      const envPython = path.join(envDir, "bin", "python");
      for (let i = 0; i < ITERATIONS; i++) {
        writeFileSync(target.protoFile, `${protoSource}\nmessage ByHand${i} {\n  int64 id = 1;\n}\n`);
        const at = performance.now();
        await run(envPython, ["pyflink/gen_protos.py"], { cwd: target.dir, prefix: "", reject: false });
        await run(envPython, ["-m", "pytest", "-p", "no:cacheprovider", "-q", "pyflink/fn_execution/tests/test_flink_fn_execution_pb2.py"], { cwd: target.dir, prefix: "", reject: false });
        protoByHand.push(performance.now() - at);
      }
      writeFileSync(target.protoFile, protoSource);
    }
  }

  console.log(`\nsave → result on screen, median of ${ITERATIONS} saves per style (debounce included)`);
  console.log(`  ${"save style".padEnd(20)} ${".py → flake8".padEnd(14)} ${".py → flake8+mypy".padEnd(18)} ${".proto → bindings".padEnd(18)} .proto → bindings+test`);
  for (const row of rows) console.log(`  ${row.style.padEnd(20)} ${seconds(row.flake8).padEnd(14)} ${seconds(row.both).padEnd(18)} ${seconds(row.bindings).padEnd(18)} ${seconds(row.tested)}`);
  const pyAll = median(rows.map((row) => row.both));
  const protoAll = median(rows.map((row) => row.tested));
  console.log(`\nwithout the loop, same edits:`);
  console.log(`  lint:python -i flake8,mypy (whole project)   ${seconds(median(oneShot))}   ratio to the loop's .py result: ${(median(oneShot) / pyAll).toFixed(2)}×`);
  if (protoByHand.length > 0) console.log(`  gen_protos.py + the bindings' test           ${seconds(median(protoByHand))}   ratio to the loop's .proto result: ${(median(protoByHand) / protoAll).toFixed(2)}×`);
  console.log(`\ntargets: .py → flake8+mypy ${seconds(pyAll)} (≤ ${PY_TARGET_MS / 1000} s), .proto → bindings+test ${seconds(protoAll)} (≤ ${PROTO_TARGET_MS / 1000} s), medians over the styles`);
} finally {
  if (dev.child.exitCode === null) await dev.interrupt();
  target.cleanup();
}
