// `pnpm test`: every package's tests through turbo (cached when nothing changed), then one closing
// line that counts them all, read from each package's vitest JSON report.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const turbo = path.join(root, "node_modules", ".bin", "turbo");
const result = spawnSync(turbo, ["run", "test", ...process.argv.slice(2)], {
  cwd: root,
  stdio: "inherit",
  env: { ...process.env, TURBO_TELEMETRY_DISABLED: "1" },
});

let passed = 0;
let failed = 0;
let skipped = 0;
for (const dir of fs.readdirSync(path.join(root, "packages"))) {
  const report = path.join(root, "packages", dir, ".vitest-report.json");
  if (!fs.existsSync(report)) continue;
  const data = JSON.parse(fs.readFileSync(report, "utf8"));
  passed += data.numPassedTests ?? 0;
  failed += data.numFailedTests ?? 0;
  skipped += (data.numPendingTests ?? 0) + (data.numTodoTests ?? 0);
}
const status = result.status ?? 1;
console.log(`\ntests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
if (status !== 0 && failed === 0) console.error(`turbo run test exited ${status}: a package failed before or outside its tests (see above).`);
process.exit(status);
