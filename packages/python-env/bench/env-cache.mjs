// `pnpm --filter @pyflink-devkit/python-env bench`: what the caches buy, measured side by side in
// one run against the built dist/ (run `turbo run build` first). Prints times and ratios only.
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { discoverInterpreters, ensureEnvironment, findInterpreter } from "../dist/index.js";

const cacheDir = await mkdtemp(path.join(os.tmpdir(), "pyflink-python-env-bench-"));
const time = async (fn) => {
  const started = performance.now();
  const value = await fn();
  return { ms: performance.now() - started, value };
};
try {
  const cold = await time(() => discoverInterpreters({ cacheDir }));
  const warm = await time(() => discoverInterpreters({ cacheDir }));
  console.log(`discovery: ${cold.value.length} interpreters, cold ${cold.ms.toFixed(0)} ms, cached ${warm.ms.toFixed(1)} ms (x${(cold.ms / warm.ms).toFixed(0)})`);

  const interpreter = (await findInterpreter("3.11", { cacheDir })) ?? cold.value.at(-1);
  if (!interpreter) throw new Error("no Python interpreter found");
  const request = { interpreter, requirements: ["six"], cacheDir, env: { PIP_RETRIES: "0" } };
  const build = await time(() => ensureEnvironment(request));
  const reuse = await time(() => ensureEnvironment(request));
  console.log(`venv + six (Python ${interpreter.version}): cold build ${build.ms.toFixed(0)} ms, cached reuse ${reuse.ms.toFixed(0)} ms (x${(build.ms / reuse.ms).toFixed(0)})`);
} finally {
  await rm(cacheDir, { recursive: true, force: true });
}
