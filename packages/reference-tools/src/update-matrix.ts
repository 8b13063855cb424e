import { mkdtemp, rm, writeFile, rename } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { compareVersions, discoverInterpreters, pip } from "@pyflink-devkit/python-env";
import { run } from "@pyflink-devkit/runner";
import type { GrpcioToolsEntry } from "./grpcio-tools-entry.js";
import { parseLibprotocVersion, protobufPythonForLibprotoc } from "./protobuf-release.js";
import { pythonToolEnv } from "./python-tools.js";
import { ReferenceToolsError } from "./reference-tools-error.js";

/** The generated data file, in src/ (this module runs from dist/). */
export const MATRIX_FILE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "src", "grpcio-tools-matrix.ts");

/** "Available versions: 1.80.0, 1.79.0, …" from `pip index versions` → stable releases only. */
export function parsePipIndexVersions(output: string): string[] {
  const line = output.split("\n").find((l) => l.startsWith("Available versions:"));
  if (line === undefined) throw new ReferenceToolsError(`pip index versions printed no "Available versions:" line:\n${output}`);
  return line
    .slice("Available versions:".length)
    .split(",")
    .map((v) => v.trim())
    .filter((v) => /^\d+\.\d+\.\d+$/.test(v));
}

/** The newest patch of each minor line, newest line first. */
export function newestPerMinor(versions: readonly string[]): string[] {
  const best = new Map<string, string>();
  for (const v of versions) {
    const line = v.split(".").slice(0, 2).join(".");
    const held = best.get(line);
    if (held === undefined || compareVersions(v, held) > 0) best.set(line, v);
  }
  return [...best.values()].sort((a, b) => compareVersions(b, a));
}

/** Unpacks the one wheel in argv[1] beside it and runs its bundled protoc's --version. */
const PROBE_SNIPPET = [
  "import glob, os, sys, zipfile",
  "d = sys.argv[1]",
  "zipfile.ZipFile(glob.glob(os.path.join(d, '*.whl'))[0]).extractall(d)",
  "sys.path.insert(0, d)",
  "from grpc_tools import _protoc_compiler",
  "sys.exit(_protoc_compiler.run_main([b'protoc', b'--version']))",
].join("\n");

/** The protobuf Python release line ("6.31") an entry belongs to. */
function releaseLine(protobufPython: string): string {
  return protobufPython.split(".").slice(0, 2).join(".");
}

/**
 * Builds the matrix: for each grpcio-tools minor line (newest first), the newest Python with a wheel
 * (`pip download --no-deps --only-binary :all:`), then a real install through the reference cache and
 * the libprotoc the installed tool prints; keeps the newest grpcio-tools of each protobuf release line.
 */
export async function buildGrpcioToolsMatrix(log: (line: string) => void): Promise<GrpcioToolsEntry[]> {
  const pythons = (await discoverInterpreters())
    .filter((i) => i.implementation === "cpython" && i.minor.startsWith("3."))
    .sort((a, b) => compareVersions(b.version, a.version));
  const newestPython = pythons[0];
  if (newestPython === undefined) throw new ReferenceToolsError("no CPython 3 found; install one (pyenv install 3.12) and rerun update-matrix.");
  const minors = [...new Set(pythons.map((p) => p.minor))];
  const listed = await pip(newestPython.executable, ["index", "versions", "grpcio-tools"]);
  const candidates = newestPerMinor(parsePipIndexVersions(listed.stdout));
  const scratch = await mkdtemp(path.join(os.tmpdir(), "reference-matrix-"));
  const entries: GrpcioToolsEntry[] = [];
  const lines = new Set<string>();
  try {
    for (const version of candidates) {
      let python: string | undefined;
      let probeLibprotoc: string | undefined;
      for (const minor of minors) {
        const interpreter = pythons.find((p) => p.minor === minor);
        if (interpreter === undefined) continue;
        const dir = path.join(scratch, `${version}-${minor}`);
        const probe = await pip(interpreter.executable, ["download", "--quiet", "--no-deps", "--only-binary", ":all:", "-d", dir, `grpcio-tools==${version}`], { reject: false });
        if (probe.exitCode !== 0) continue;
        python = minor;
        // The wheel's own protoc, run from the unpacked wheel: which release line it is, before paying for an install.
        const printed = await run(interpreter.executable, ["-c", PROBE_SNIPPET, dir], { reject: false });
        probeLibprotoc = printed.exitCode === 0 ? parseLibprotocVersion(printed.stdout) : undefined;
        break;
      }
      if (python === undefined) {
        log(`grpcio-tools ${version}: no wheel for any Python here`);
        continue;
      }
      if (probeLibprotoc !== undefined && lines.has(releaseLine(protobufPythonForLibprotoc(probeLibprotoc)))) {
        log(`grpcio-tools ${version} on Python ${python}: libprotoc ${probeLibprotoc} (from its wheel), a line already covered by a newer grpcio-tools`);
        continue;
      }
      const env = await pythonToolEnv({ python, requirements: [`grpcio-tools==${version}`, `grpcio==${version}`], reference: `pypi:grpcio-tools==${version}` });
      if (!env.ok) {
        log(`grpcio-tools ${version} on Python ${python}: ${env.missing.reason}`);
        continue;
      }
      const printed = await run(env.value.python, ["-m", "grpc_tools.protoc", "--version"], { reject: false });
      if (printed.exitCode !== 0) {
        log(`grpcio-tools ${version} on Python ${python}: installed, but grpc_tools.protoc --version failed: ${printed.stderr.trim().split("\n").pop() ?? ""}`);
        continue;
      }
      const libprotoc = parseLibprotocVersion(printed.stdout);
      const protobufPython = protobufPythonForLibprotoc(libprotoc);
      const line = releaseLine(protobufPython);
      log(`grpcio-tools ${version} on Python ${python}: libprotoc ${libprotoc} → protobuf ${protobufPython}${lines.has(line) ? " (line already covered by a newer grpcio-tools)" : ""}`);
      if (lines.has(line)) continue;
      lines.add(line);
      entries.push({ grpcioTools: version, libprotoc, protobufPython, python });
    }
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
  return entries;
}

/** The matrix as the generated TypeScript module. */
export function renderMatrix(entries: readonly GrpcioToolsEntry[]): string {
  const rows = entries.map((e) => `  { grpcioTools: "${e.grpcioTools}", libprotoc: "${e.libprotoc}", protobufPython: "${e.protobufPython}", python: "${e.python}" },`);
  return [
    "// Generated by `pnpm --filter @pyflink-devkit/reference-tools update-matrix` (src/update-matrix.ts); do not edit.",
    "// Every (grpcio-tools, protobuf Python release, Python) that installs here: the newest grpcio-tools of",
    "// each protobuf release line, on the newest Python with a wheel for it; libprotoc as the installed tool prints it.",
    'import type { GrpcioToolsEntry } from "./grpcio-tools-entry.js";',
    "",
    "export const GRPCIO_TOOLS_MATRIX: readonly GrpcioToolsEntry[] = [",
    ...rows,
    "];",
    "",
  ].join("\n");
}

/** Builds the matrix and writes src/grpcio-tools-matrix.ts atomically. */
export async function updateGrpcioToolsMatrix(log: (line: string) => void): Promise<GrpcioToolsEntry[]> {
  const entries = await buildGrpcioToolsMatrix(log);
  if (entries.length === 0) throw new ReferenceToolsError("no grpcio-tools release installed here; check that pip reaches PyPI, then rerun update-matrix. The matrix file was left as it was.");
  const temp = `${MATRIX_FILE}.${process.pid}.tmp`;
  await writeFile(temp, renderMatrix(entries));
  await rename(temp, MATRIX_FILE);
  return entries;
}
