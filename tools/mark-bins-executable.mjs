// Run after tsc in a package's build: tsc writes dist/bin/*.js without the executable bit, and
// protoc (--plugin) or a user's shell must be able to start a package's bins directly.
import fs from "node:fs";
import path from "node:path";

const manifest = JSON.parse(fs.readFileSync("package.json", "utf8"));
for (const bin of Object.values(manifest.bin ?? {})) {
  const file = path.resolve(bin);
  if (fs.existsSync(file)) fs.chmodSync(file, 0o755);
}
