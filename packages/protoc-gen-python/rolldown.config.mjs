// The package's public entry as one file, @bufbuild/protobuf included: Node resolves, reads and
// links ~80 ES modules for dist/index.js, which took longer than generating a large proto does
// (~0.1 s of CPU against ~0.03 s for this file). tsc's per-module dist stays for the bin, the
// types and the package's own tests; package.json's "exports" points importers here.
import { defineConfig } from "rolldown";

export default defineConfig({
  input: "dist/index.js",
  platform: "node",
  output: { file: "dist/index.bundle.js", format: "esm", sourcemap: true },
});
