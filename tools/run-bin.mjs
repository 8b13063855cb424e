// Runs a workspace package's CLI for the root scripts (`pnpm gen:protos`, `pnpm lint:python`, ...):
// builds the package and what it depends on through turbo when any of their sources is newer than
// their build (turbo's own cache check costs about a second, so an up-to-date build skips it), then
// runs the CLI in this same process so its stdout stays clean for --json.
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

if (process.env.PYFLINK_DEVKIT_SKIP_BUILD !== "1" && !isBuildCurrent(pkgDir)) {
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
  // turbo leaves outputs it restored from its cache untouched; mark them current for the fast path.
  const now = new Date();
  for (const dir of closureOf(pkgDir)) {
    const stamp = path.join(dir, "dist", "index.js");
    if (fs.existsSync(stamp)) fs.utimesSync(stamp, now, now);
  }
}

const binPath = path.join(pkgDir, binRel);
process.argv = [process.argv[0] ?? "node", binPath, ...args];
await import(pathToFileURL(binPath).href);

/** True when the package and every workspace package it depends on has a build newer than its sources. */
function isBuildCurrent(dir, seen = new Set()) {
  if (seen.has(dir)) return true;
  seen.add(dir);
  const pkg = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8"));
  const built = mtimeOf(path.join(dir, "dist", "index.js"));
  if (built === undefined) return false;
  const inputs = ["package.json", "tsconfig.json", "tsconfig.build.json"].map((name) => path.join(dir, name));
  if (Math.max(newestMtime(path.join(dir, "src")), ...inputs.map((file) => mtimeOf(file) ?? 0)) > built) return false;
  for (const [name, spec] of Object.entries({ ...pkg.dependencies, ...pkg.devDependencies })) {
    if (!String(spec).startsWith("workspace:")) continue;
    const depDir = workspaceDir(name);
    if (depDir && !isBuildCurrent(depDir, seen)) return false;
  }
  return true;
}

function workspaceDir(name) {
  for (const dir of fs.readdirSync(path.join(root, "packages"))) {
    const file = path.join(root, "packages", dir, "package.json");
    if (fs.existsSync(file) && JSON.parse(fs.readFileSync(file, "utf8")).name === name) return path.join(root, "packages", dir);
  }
  return undefined;
}

function mtimeOf(file) {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return undefined;
  }
}

function newestMtime(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) newest = Math.max(newest, mtimeOf(path.join(entry.parentPath, entry.name)) ?? 0);
  }
  return newest;
}

function closureOf(dir, seen = new Set()) {
  if (seen.has(dir)) return seen;
  seen.add(dir);
  const pkg = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8"));
  for (const [name, spec] of Object.entries({ ...pkg.dependencies, ...pkg.devDependencies })) {
    const depDir = String(spec).startsWith("workspace:") ? workspaceDir(name) : undefined;
    if (depDir) closureOf(depDir, seen);
  }
  return seen;
}
