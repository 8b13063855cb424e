// Runs a workspace package's CLI for the root scripts (`pnpm gen:protos`, `pnpm lint:python`, ...):
// builds the package and what it depends on through turbo (served from cache when nothing changed),
// then runs the CLI in this same process so its stdout stays clean for --json.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const [pkgName, binName, ...args] = process.argv.slice(2);
if (!pkgName || !binName) {
  console.error("usage: node tools/run-bin.mjs <package> <bin> [args...]");
  process.exit(2);
}

const pkgDir = fs
  .readdirSync(path.join(root, "packages"))
  .map((dir) => path.join(root, "packages", dir))
  .find((dir) => {
    const file = path.join(dir, "package.json");
    return fs.existsSync(file) && JSON.parse(fs.readFileSync(file, "utf8")).name === pkgName;
  });
const manifest = pkgDir ? JSON.parse(fs.readFileSync(path.join(pkgDir, "package.json"), "utf8")) : undefined;
const binRel = manifest?.bin?.[binName];
const sourceOfBin = binRel && pkgDir ? path.join(pkgDir, binRel.replace(/^\.\/dist\//, "src/").replace(/\.js$/, ".ts")) : undefined;
if (!pkgDir || !binRel || !sourceOfBin || !fs.existsSync(sourceOfBin)) {
  console.error(`${binName}: this capability is not implemented yet (no ${sourceOfBin ? path.relative(root, sourceOfBin) : `bin '${binName}' in ${pkgName}`}). See the open issues.`);
  process.exit(2);
}

if (process.env.PYFLINK_DEVKIT_SKIP_BUILD !== "1") {
  const turbo = path.join(root, "node_modules", ".bin", "turbo");
  const build = spawnSync(turbo, ["run", "build", `--filter=${pkgName}...`, "--output-logs=errors-only", "--log-prefix=none"], {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, TURBO_TELEMETRY_DISABLED: "1" },
  });
  if (build.status !== 0) {
    process.stderr.write(build.stdout ?? "");
    process.stderr.write(build.stderr ?? "");
    console.error(`${binName}: building ${pkgName} failed (see above). Fix the build, or run 'pnpm build' to see every error.`);
    process.exit(build.status ?? 1);
  }
}

const binPath = path.join(pkgDir, binRel);
process.argv = [process.argv[0] ?? "node", binPath, ...args];
await import(pathToFileURL(binPath).href);
