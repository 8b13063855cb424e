// `pnpm test`: every package's tests through turbo (cached when nothing changed; --continue, so one failing package does not hide the others), then one closing
// line that counts them all, read from each package's vitest JSON report, then the skip table
// (reason → count). Under CI=true a skip of something a machine of ours can install (PyPI, Maven
// Central, npm, Debian, the shared fixtures) fails the run unless .ci/allowed-skips.json lists it with why.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const turbo = path.join(root, "node_modules", ".bin", "turbo");
const result = spawnSync(turbo, ["run", "test", "--continue", ...process.argv.slice(2)], {
  cwd: root,
  stdio: "inherit",
  env: { ...process.env, TURBO_TELEMETRY_DISABLED: "1" },
});

let passed = 0;
let failed = 0;
let skipped = 0;
const reports = [];
for (const dir of fs.readdirSync(path.join(root, "packages"))) {
  const report = path.join(root, "packages", dir, ".vitest-report.json");
  if (!fs.existsSync(report)) continue;
  const data = JSON.parse(fs.readFileSync(report, "utf8"));
  passed += data.numPassedTests ?? 0;
  failed += data.numFailedTests ?? 0;
  skipped += (data.numPendingTests ?? 0) + (data.numTodoTests ?? 0);
  reports.push({ pkg: dir, report: data });
}
let status = result.status ?? 1;
console.log(`\ntests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
if (status !== 0 && failed === 0) console.error(`turbo run test exited ${status}: a package failed before or outside its tests (see above).`);

// The skip table comes from the reference package's library (built by turbo before the tests).
const allowFile = path.join(root, ".ci", "allowed-skips.json");
try {
  const skips = await import(path.join(root, "packages", "reference-tools", "dist", "skip-report.js"));
  const allowList = skips.parseAllowList(fs.readFileSync(allowFile, "utf8"), ".ci/allowed-skips.json");
  const groups = skips.collectSkips(reports);
  console.log(skips.formatSkipTable(groups, allowList));
  const refused = groups.filter((group) => !skips.allowedInCi(group, allowList));
  if (process.env.CI === "true" && refused.length > 0) {
    const count = refused.reduce((sum, group) => sum + group.count, 0);
    console.error(`CI: ${count} test(s) skipped for references this machine can install (marked above). Install them (.ci/run, @pyflink-devkit/reference-tools) or list the reference in .ci/allowed-skips.json with why.`);
    if (status === 0) status = 1;
  }
} catch (error) {
  console.error(`skip table: could not be made (${error instanceof Error ? error.message : String(error)}); run ./tools/setup to build packages/reference-tools.`);
  if (status === 0) status = 1;
}
process.exit(status);
