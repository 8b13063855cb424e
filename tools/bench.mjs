// `pnpm bench:<name>`: runs the benchmark script that lives beside the code it measures.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const benches = { gen: "codegen", lint: "lint-python", pack: "packager", dev: "dev" };
const names = process.argv[2] ? [process.argv[2]] : Object.keys(benches);
let status = 0;
for (const name of names) {
  const dir = benches[name];
  if (!dir) {
    console.error(`bench: unknown benchmark '${name}'; known: ${Object.keys(benches).join(", ")}`);
    process.exit(2);
  }
  const manifest = JSON.parse(fs.readFileSync(path.join(root, "packages", dir, "package.json"), "utf8"));
  if (!manifest.scripts?.bench) {
    console.error(`bench:${name}: not implemented yet (packages/${dir} has no bench script).`);
    status = 2;
    continue;
  }
  const run = spawnSync("pnpm", ["--filter", manifest.name, "run", "bench", ...process.argv.slice(3)], { cwd: root, stdio: "inherit" });
  if (run.status !== 0) status = run.status ?? 1;
}
process.exit(status);
