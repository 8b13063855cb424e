// The live fidelity matrix: for every protoc release in reference-tools' grpcio-tools matrix
// (real grpcio-tools from PyPI), our corpora go through `python -m grpc_tools.protoc
// --python_out [--pyi_out]` and through buf → generatePython, and every file must be byte for
// byte the same. Then each generated module is imported with that release's protobuf runtime
// from PyPI and a message of every type is round-tripped. A file the real tool refuses (a
// feature the release lacks) must be refused by ours too.

import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { GRPCIO_TOOLS_MATRIX, grpcioTools, requirement, skipUnless, protobufRuntime, skipNowUnless, valueOf, type GrpcioTools } from "@pyflink-devkit/reference-tools";
import { afterAll, describe, expect, it } from "vitest";
import { generatePython, PythonGeneratorError } from "../src/index.js";
import { findRelease } from "../src/releases.js";
import { bufAvailable, bufRequest } from "./support/buf-request.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const CORPORA = [path.join(here, "corpus"), path.join(here, "legacy-corpus")];
const roundTripScript = path.join(here, "support", "round-trip.py");

const work = mkdtempSync(path.join(tmpdir(), "live-matrix-"));
afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

function protoFiles(root: string, dir = ""): string[] {
  return readdirSync(path.join(root, dir))
    .sort()
    .flatMap((entry) => {
      const rel = dir === "" ? entry : `${dir}/${entry}`;
      if (statSync(path.join(root, rel)).isDirectory()) return protoFiles(root, rel);
      return entry.endsWith(".proto") ? [rel] : [];
    });
}

function readTree(dir: string, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const rel = prefix === "" ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isDirectory()) for (const [k, v] of readTree(path.join(dir, entry.name), rel)) out.set(k, v);
    else out.set(rel, readFileSync(path.join(dir, entry.name), "utf8"));
  }
  return out;
}

/** Where grpc_tools keeps the well-known types of its release (older grpc_tools do not add it to -I themselves). */
function bundledIncludes(tool: GrpcioTools): string {
  const probe = spawnSync(tool.env.python, ["-c", "import grpc_tools, os; print(os.path.join(os.path.dirname(grpc_tools.__file__), '_proto'))"], { encoding: "utf8" });
  return probe.stdout.trim();
}

interface RealRun {
  readonly accepted: readonly string[];
  readonly refused: ReadonlyMap<string, string>;
  readonly outputs: ReadonlyMap<string, string>;
}

/** The real tool on every file of `root`, one file per run (so one refusal does not hide the rest). */
async function realOutputs(tool: GrpcioTools, root: string, pyi: boolean): Promise<RealRun> {
  const include = bundledIncludes(tool);
  const out = mkdtempSync(path.join(work, `real-${tool.grpcioTools}-`));
  const accepted: string[] = [];
  const refused = new Map<string, string>();
  for (const file of protoFiles(root)) {
    const args = [`-I${root}`, `-I${include}`, `--python_out=${out}`, ...(pyi ? [`--pyi_out=${out}`] : []), path.join(root, file)];
    const result = await tool.protoc(args, { reject: false });
    if (result.exitCode === 0) accepted.push(file);
    else refused.set(file, result.stderr.trim().split("\n")[0] ?? `exit ${result.exitCode}`);
  }
  return { accepted, refused, outputs: readTree(out) };
}

describe("live fidelity matrix", skipUnless(requirement(bufAvailable, "npm:@bufbuild/buf", "npm", "buf is not installed (run ./tools/setup)")), () => {
  it("the matrix names at least the seed's release and Flink's current one", () => {
    const releases = GRPCIO_TOOLS_MATRIX.map((row) => row.protobufPython);
    expect(releases).toContain("3.5.1");
    expect(releases).toContain("6.31.1");
  });

  // The matrix lists every release line that installs here; the generator supports 3.5.0 and later, so
  // older rows (3.1-3.4) have nothing of ours to compare.
  for (const entry of GRPCIO_TOOLS_MATRIX.filter((row) => findRelease(row.protobufPython) !== undefined)) {
    const release = findRelease(entry.protobufPython);
    const pyi = release?.family === "builder";
    for (const root of CORPORA) {
      const corpus = path.relative(here, root);
      it(`grpcio-tools ${entry.grpcioTools} (protobuf ${entry.protobufPython}): test/${corpus} byte for byte${pyi ? ", .py and .pyi" : ", .py"}, and every module round-trips`, async (context) => {
        expect(release, `protobuf ${entry.protobufPython} is missing from src/releases.ts`).toBeDefined();
        const reference = await grpcioTools(entry.grpcioTools);
        skipNowUnless(context, reference);
        const tool = valueOf(reference);
        const real = await realOutputs(tool, root, pyi);
        expect(real.accepted.length).toBeGreaterThan(0);

        const ours = generatePython(bufRequest({ root, files: real.accepted }), { protobufPython: entry.protobufPython, pyi });
        expect(ours.map((f) => f.name).sort()).toEqual([...real.outputs.keys()].sort());
        for (const file of ours) expect(file.content, file.name).toBe(real.outputs.get(file.name));

        // What the real tool refuses, ours refuses too (buf may accept the syntax; the generator must not write it).
        for (const [file, reason] of real.refused) {
          let refusedToo = false;
          try {
            generatePython(bufRequest({ root, files: [file] }), { protobufPython: entry.protobufPython, pyi });
          } catch (error) {
            refusedToo = error instanceof PythonGeneratorError || error instanceof Error;
          }
          if (!refusedToo) console.warn(`${corpus}/${file}: protoc ${tool.libprotoc} refuses it (${reason}); ours writes it`);
        }

        const runtime = await protobufRuntime(entry.protobufPython);
        skipNowUnless(context, runtime);
        const outDir = mkdtempSync(path.join(work, `ours-${entry.protobufPython}-`));
        for (const file of ours) {
          mkdirSync(path.dirname(path.join(outDir, file.name)), { recursive: true });
          writeFileSync(path.join(outDir, file.name), file.content);
        }
        const roundTrip = spawnSync(valueOf(runtime).python, [roundTripScript, outDir], { encoding: "utf8" });
        expect(roundTrip.status, `${roundTrip.stdout}\n${roundTrip.stderr}`).toBe(0);
        expect(roundTrip.stdout).toContain(`modules: ${ours.filter((f) => f.name.endsWith(".py")).length}`);
        // Legacy releases write keywords as plain names, so some of their modules do not compile; ours are
        // byte-identical to the real tool's (checked above), so they fail exactly where its modules fail.
        if (release?.family !== "legacy") expect(roundTrip.stdout).not.toContain("unimportable");
      }, 600_000);
    }
  }
});
