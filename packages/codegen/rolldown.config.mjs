// The gen-protos bin as a bundle: tsc's dist/bin/gen-protos.js made Node resolve, read and link
// about twenty modules (commander among them) before it could say "up to date", which cost more
// than the state check itself. The bundle's entry holds only what the no-op path runs (flags,
// target, state check, summary); buf's runner, the Python generator's glue and the ts-proto thread
// stay behind dynamic imports, so they become chunks loaded only when something is generated.
// The ts-proto worker is an entry of its own in the same directory, so the thread chunk finds it
// beside itself as tsc's dist/typescript-thread.js finds dist/typescript-worker.js. tsc's
// per-module dist stays for the library entry (dist/index.js), the types and the tests.
import { defineConfig } from "rolldown";

// Loaded from node_modules as they are: only ever on the generating path, and ts-proto is
// CommonJS required at run time. protoc-gen-python already ships as one bundled file.
// protobuf-es's wire modules (the TS route's request re-tagging) are bundled into their chunk:
// one file instead of about twenty.
const external = [/^@pyflink-devkit\/protoc-gen-python(\/|$)/u, /^ts-proto(-descriptors)?(\/|$)/u, /^execa(\/|$)/u];
const output = { dir: "dist/bin", format: "esm", entryFileNames: "[name].js", chunkFileNames: "[name]-[hash].js", sourcemap: true, codeSplitting: { groups: [{ name: "gen-protos-shared", test: /dist\/(codegen-error|display-path|license-header|gen-protos-cli-options)\.js$/u }] } };

// Two builds, so the worker shares no chunk with the bin: a shared chunk would be one more file
// for the no-op path to load.
export default defineConfig([
  // Cleaning first drops the chunks of earlier builds (their names carry content hashes) and tsc's
  // per-module bin files the bundle replaces; the builds run in order, so the worker survives.
  { input: { "gen-protos": "dist/bin/gen-protos.js" }, platform: "node", external, output: { ...output, cleanDir: true } },
  { input: { "typescript-worker": "dist/typescript-worker.js" }, platform: "node", external, output },
]);
