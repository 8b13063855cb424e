// Real protoc installations to cross-check against: protoc on PATH (Debian's
// 3.21.12 here) and `python -m grpc_tools.protoc` of a grpcio-tools release from
// PyPI, both through @pyflink-devkit/reference-tools; callers skip on what is missing.

import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { grpcioTools, present, systemTool, type Reference } from "@pyflink-devkit/reference-tools";

export interface ReferenceProtoc {
  /** What `--version` says, e.g. "3.21.12" or "35.1". */
  readonly libprotoc: string;
  readonly describe: string;
  /** Where its bundled google/protobuf/*.proto live, if known. */
  readonly includeDir: string | undefined;
  /** Runs protoc with the python and pyi generators; returns output files by relative path. */
  generate(root: string, files: readonly string[]): Map<string, string>;
}

function readTree(dir: string, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const rel = prefix === "" ? entry.name : `${prefix}/${entry.name}`;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) for (const [k, v] of readTree(full, rel)) out.set(k, v);
    else out.set(rel, readFileSync(full, "utf8"));
  }
  return out;
}

function runInto(command: string, args: readonly string[]): Map<string, string> {
  const out = mkdtempSync(path.join(tmpdir(), "protoc-gen-python-ref-"));
  try {
    execFileSync(command, [...args, `--python_out=${out}`, `--pyi_out=${out}`], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    return readTree(out);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

function libprotocVersion(command: string, args: readonly string[] = []): string {
  const text = execFileSync(command, [...args, "--version"], { encoding: "utf8" }).trim();
  return text.replace(/^libprotoc\s+/, "");
}

/** protoc on PATH (Debian's protobuf-compiler), with the well-known types from its include directory. */
export function systemProtoc(): Reference<ReferenceProtoc> {
  const found = systemTool("protoc");
  if (!found.ok) return found;
  const protoc = found.value;
  const libprotoc = libprotocVersion(protoc);
  const include = path.resolve(path.dirname(protoc), "..", "include");
  return present({
    libprotoc,
    describe: `${protoc} (libprotoc ${libprotoc})`,
    includeDir: existsSync(include) ? include : undefined,
    generate: (root, files) =>
      runInto(protoc, [`-I${root}`, ...(existsSync(include) ? [`-I${include}`] : []), ...files]),
  });
}

/** `python -m grpc_tools.protoc` of a grpcio-tools release from PyPI (default: the newest in the reference matrix). */
export async function grpcToolsProtoc(version?: string): Promise<Reference<ReferenceProtoc>> {
  const tool = await grpcioTools(version);
  if (!tool.ok) return tool;
  const python = tool.value.env.python;
  const include = execFileSync(
    python,
    ["-c", "import grpc_tools, os; print(os.path.join(os.path.dirname(grpc_tools.__file__), '_proto'))"],
    { encoding: "utf8" },
  ).trim();
  const libprotoc = tool.value.libprotoc;
  return present({
    libprotoc,
    describe: `grpc_tools.protoc ${tool.value.grpcioTools} (libprotoc ${libprotoc})`,
    includeDir: include,
    generate: (root, files) => runInto(python, ["-m", "grpc_tools.protoc", `-I${root}`, `-I${include}`, ...files]),
  });
}
