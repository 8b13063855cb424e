// `pnpm run bench`: how long generating Flink's _pb2.py/.pyi takes, measured
// side by side in one run with what surrounds it: buf compiling the proto,
// real protoc writing the same files (when on PATH), and importing the module.
// Prints medians and ratios; not a test. Needs `pnpm run build` first.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { create, fromBinary } from "@bufbuild/protobuf";
import { CodeGeneratorRequestSchema, FileDescriptorSetSchema } from "@bufbuild/protobuf/wkt";

const packageDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dist = path.join(packageDir, "dist", "index.js");
if (!existsSync(dist)) {
  console.error("bench: dist/ is missing; run `pnpm run build` in packages/protoc-gen-python first.");
  process.exit(2);
}
const { generatePython } = await import(dist);

const flink = path.resolve(packageDir, "../../../shared/fixtures/flink-upstream/32dd20e7");
const [root, file] = existsSync(path.join(flink, "flink-fn-execution.proto"))
  ? [flink, "flink-fn-execution.proto"]
  : [path.join(packageDir, "test", "corpus"), "pyflink/corpus/scalars3.proto"];
const buf = path.join(packageDir, "node_modules", ".bin", "buf");
const ROUNDS = 15;

function median(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}
function time(fn) {
  // Warm up first: the JIT and lazily built registries are not what a regeneration pays each time.
  for (let i = 0; i < 3; i++) fn();
  const samples = [];
  for (let i = 0; i < ROUNDS; i++) {
    const start = process.hrtime.bigint();
    fn();
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return median(samples);
}

let bytes;
const bufMs = time(() => {
  bytes = execFileSync(buf, ["build", root, "--path", path.join(root, file), "--as-file-descriptor-set", "-o", "-#format=binpb"]);
});
const request = () =>
  create(CodeGeneratorRequestSchema, { fileToGenerate: [file], protoFile: fromBinary(FileDescriptorSetSchema, bytes).file });
const gen631 = time(() => generatePython(request(), { protobufPython: "6.31.1" }));
const gen321 = time(() => generatePython(request(), { protobufPython: "3.21.12" }));
const nodeBare = time(() => spawnSync(process.execPath, ["-e", ""]));
const nodeImport = time(() => spawnSync(process.execPath, ["-e", `import(${JSON.stringify(dist)})`]));

let protocMs;
const which = spawnSync("sh", ["-c", "command -v protoc"], { encoding: "utf8" });
if (which.status === 0) {
  const out = mkdtempSync(path.join(tmpdir(), "bench-protoc-"));
  protocMs = time(() => execFileSync("protoc", [`-I${root}`, `--python_out=${out}`, `--pyi_out=${out}`, path.join(root, file)]));
  rmSync(out, { recursive: true, force: true });
}

const fmt = (ms) => `${ms.toFixed(1)} ms`;
console.log(`protoc-gen-python bench: ${file} (median of ${ROUNDS})`);
console.log(`  buf build (compile to descriptors)       ${fmt(bufMs)}`);
console.log(`  generatePython 6.31.1 (.py + .pyi)        ${fmt(gen631)}   = ${(gen631 / bufMs).toFixed(2)}× buf build`);
console.log(`  generatePython 3.21.12 (.py + .pyi)       ${fmt(gen321)}   = ${(gen321 / bufMs).toFixed(2)}× buf build`);
console.log(`  buf + generatePython 6.31.1 (full regen)  ${fmt(bufMs + gen631)}`);
if (protocMs !== undefined) {
  console.log(`  protoc --python_out --pyi_out             ${fmt(protocMs)}   buf+plugin = ${((bufMs + gen631) / protocMs).toFixed(2)}× protoc`);
}
console.log(`  node startup + import of the module       ${fmt(nodeImport)}   (bare node ${fmt(nodeBare)}; import adds ${fmt(nodeImport - nodeBare)})`);
