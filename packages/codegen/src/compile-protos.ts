import { readFile } from "node:fs/promises";
import path from "node:path";
// Light since runBuffer no longer needs execa: loading it with this module lets buf start sooner.
import { runBuffer } from "@pyflink-devkit/runner";
import { CodegenError, type ProtoDiagnostic } from "./codegen-error.js";
import { displayPath } from "./display-path.js";
import { locateBuf } from "./locate-buf.js";

export interface CompileProtosInput {
  /** The import root: file names in the result are relative to it. Absolute. */
  readonly protoRoot: string;
  /** Files to compile, relative to `protoRoot`; empty = every .proto under it. */
  readonly files: readonly string[];
  /** Base for the paths printed in diagnostics (default: process.cwd()). */
  readonly cwd?: string;
  /** Stop buf after this long. */
  readonly timeoutMs?: number;
  /**
   * Keep the source info (comments and spans; default true). Only ts-proto reads it: without it
   * buf's output of Flink's proto is about a third of the size to decode.
   */
  readonly sourceInfo?: boolean;
}

/**
 * Compiles the protos with buf into a serialized FileDescriptorSet: every file to generate plus
 * what it imports, dependencies first, with source info unless told otherwise (ts-proto turns
 * comments into JSDoc; the Python generator drops it). No buf.yaml, remote module or plugin is involved.
 */
export async function compileProtos(input: CompileProtosInput): Promise<Uint8Array> {
  const buf = locateBuf();
  const args = [...buf.prefixArgs, "build", input.protoRoot, "--as-file-descriptor-set", "--error-format=json", "-o", "-#format=binpb"];
  if (input.sourceInfo === false) args.push("--exclude-source-info");
  for (const file of input.files) args.push("--path", path.join(input.protoRoot, file));
  const result = await runBuffer(buf.file, args, { reject: false, timeoutMs: input.timeoutMs ?? 120_000 });
  if (result.exitCode === 0) return result.stdout;

  const cwd = input.cwd ?? process.cwd();
  const diagnostics = parseBufDiagnostics(result.stderr, cwd);
  if (diagnostics.length > 0) {
    const lines = await Promise.all(diagnostics.map(async (d) => `${d.file}:${d.line}:${d.column}: ${await explain(d, input.protoRoot, cwd)}`));
    throw new CodegenError(
      `${lines.join("\n")}\nbuf could not compile the protos under ${displayPath(input.protoRoot, cwd)}; fix the problem${diagnostics.length > 1 ? "s" : ""} above and run again (nothing was written).`,
      { diagnostics },
    );
  }
  const detail = result.stderr.trim().replace(/^Failure: /u, "");
  throw new CodegenError(
    `buf could not compile the protos under ${displayPath(input.protoRoot, cwd)}: ${detail || `exit code ${result.exitCode}`}. Check that the directory and the listed files exist and hold .proto files (nothing was written).`,
  );
}

interface BufJsonDiagnostic {
  readonly path?: unknown;
  readonly start_line?: unknown;
  readonly start_column?: unknown;
  readonly message?: unknown;
}

/** buf's `--error-format=json` prints one JSON object per problem on stderr. */
function parseBufDiagnostics(stderr: string, cwd: string): ProtoDiagnostic[] {
  const diagnostics: ProtoDiagnostic[] = [];
  for (const line of stderr.split("\n")) {
    if (!line.startsWith("{")) continue;
    let parsed: BufJsonDiagnostic;
    try {
      parsed = JSON.parse(line) as BufJsonDiagnostic;
    } catch {
      continue;
    }
    if (typeof parsed.path !== "string" || typeof parsed.message !== "string") continue;
    diagnostics.push({
      file: displayPath(parsed.path, cwd),
      line: typeof parsed.start_line === "number" ? parsed.start_line : 0,
      column: typeof parsed.start_column === "number" ? parsed.start_column : 0,
      message: parsed.message,
    });
  }
  return diagnostics;
}

/** buf says "imported file does not exist" without the name: read it from the import statement. */
async function explain(diagnostic: ProtoDiagnostic, protoRoot: string, cwd: string): Promise<string> {
  if (diagnostic.message !== "imported file does not exist") return diagnostic.message;
  const text = await readFile(path.resolve(cwd, diagnostic.file), "utf8").catch(() => "");
  const statement = text.split("\n")[diagnostic.line - 1]?.slice(Math.max(0, diagnostic.column - 1)) ?? "";
  const name = /^import\s+(?:public\s+|weak\s+)?["']([^"']+)["']/u.exec(statement)?.[1];
  return name === undefined
    ? diagnostic.message
    : `imported file ${name} does not exist under ${displayPath(protoRoot, cwd)} (imports are relative to the proto root; buf also provides google/protobuf/*)`;
}
