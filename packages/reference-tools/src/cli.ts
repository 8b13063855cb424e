#!/usr/bin/env node
// reference-tools warm [--all-grpcio-tools] | bin-dir | update-matrix | matrix: flag parsing only; the work is in the library.
import { GRPCIO_TOOLS_MATRIX } from "./grpcio-tools-matrix.js";
import { ReferenceToolsError } from "./reference-tools-error.js";
import { toolBinDir } from "./tool-path.js";
import { updateGrpcioToolsMatrix } from "./update-matrix.js";
import { warm } from "./warm.js";

const USAGE = "usage: reference-tools warm [--all-grpcio-tools] | bin-dir | update-matrix | matrix";

async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === "warm" && rest.every((a) => a === "--all-grpcio-tools")) {
    const results = await warm({
      allGrpcioTools: rest.includes("--all-grpcio-tools"),
      onResult: (r) => { console.log(`${r.ok ? "✓" : "✗"} ${r.name}: ${r.detail} (${(r.ms / 1000).toFixed(1)} s)`); },
    });
    return results.every((r) => r.ok) ? 0 : 1;
  }
  if (command === "bin-dir" && rest.length === 0) {
    const dir = await toolBinDir();
    if (!dir.ok) {
      console.error(dir.missing.reason);
      return 1;
    }
    console.log(dir.value);
    return 0;
  }
  if (command === "update-matrix" && rest.length === 0) {
    const entries = await updateGrpcioToolsMatrix((line) => { console.log(line); });
    console.log(`wrote ${entries.length} rows to src/grpcio-tools-matrix.ts`);
    return 0;
  }
  if (command === "matrix" && rest.length === 0) {
    console.log("grpcio-tools\tlibprotoc\tprotobuf\tpython");
    for (const row of GRPCIO_TOOLS_MATRIX) console.log(`${row.grpcioTools}\t${row.libprotoc}\t${row.protobufPython}\t${row.python}`);
    return 0;
  }
  console.error(USAGE);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (error: unknown) => {
    console.error(error instanceof ReferenceToolsError ? error.message : error);
    process.exitCode = 1;
  },
);
