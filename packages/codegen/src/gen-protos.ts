import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { CodegenError } from "./codegen-error.js";
import { chooseRelease } from "./choose-release.js";
import { displayPath } from "./display-path.js";
import { compareText, type FileComparison } from "./diff-summary.js";
import { STATE_FORMAT, computeInputHash, hashImports, importsMatchState, listProtoFiles, outputsMatchState, readState, sha256, stateFilePath, writeState } from "./generation-state.js";
import type { GenerationTarget } from "./targets.js";
import { writeFilesAtomically, type OutputFile } from "./write-files-atomically.js";

export type OutputKind = "py" | "pyi" | "ts";

export interface FileOutcome {
  /** Absolute path. */
  readonly path: string;
  /** Relative to the working directory when below it. */
  readonly displayPath: string;
  readonly kind: OutputKind;
  /** Generated text against what was on disk before this run. */
  readonly comparison: FileComparison;
  /** Whether this run wrote the file (only ever in write mode, only when it differed). */
  readonly written: boolean;
}

export interface GenerateOptions {
  readonly target: GenerationTarget;
  /** Compare with disk instead of writing (Flink's sync test); ignores the no-op state. */
  readonly check?: boolean;
  /** Where the no-op state lives (default: defaultStateDir()). */
  readonly stateDir?: string;
  /** Base for displayed paths (default process.cwd()). */
  readonly cwd?: string;
}

export interface GenerateResult {
  /** True when the inputs were unchanged and nothing was generated (write mode only). */
  readonly upToDate: boolean;
  /** Every output, in generation order (empty when `upToDate`). */
  readonly files: readonly FileOutcome[];
  /** Every output matches what is on disk (after writing, in write mode). */
  readonly inSync: boolean;
  readonly protoFiles: readonly string[];
  /** How the protobuf release was chosen when it was not asked for (one line each). */
  readonly notes: readonly string[];
  readonly elapsedMs: number;
}

/**
 * Where gen-protos keeps its no-op state: `node_modules/.cache/pyflink-devkit` of the workspace
 * this package is installed in, like other tools' caches; `PYFLINK_DEVKIT_CACHE_DIR` overrides it.
 */
export function defaultStateDir(env: NodeJS.ProcessEnv = process.env): string {
  const override = env.PYFLINK_DEVKIT_CACHE_DIR;
  if (override !== undefined && override !== "") return path.join(override, "gen-protos");
  try {
    const bufManifest = createRequire(import.meta.url).resolve("@bufbuild/buf/package.json");
    const parts = bufManifest.split(path.sep);
    const index = parts.indexOf("node_modules");
    if (index > 0) return path.join(parts.slice(0, index + 1).join(path.sep), ".cache", "pyflink-devkit", "gen-protos");
  } catch {
    // fall through
  }
  return path.join(os.tmpdir(), "pyflink-devkit-cache", "gen-protos");
}

const KIND_BY_SUFFIX: readonly (readonly [string, OutputKind])[] = [
  [".pyi", "pyi"],
  [".py", "py"],
  [".ts", "ts"],
];

function kindOf(file: string): OutputKind {
  return KIND_BY_SUFFIX.find(([suffix]) => file.endsWith(suffix))?.[1] ?? "py";
}

/** Everything that shapes the output, for the input hash. */
function hashedOptions(target: GenerationTarget, protoFiles: readonly string[]): unknown {
  return {
    protoRoot: target.protoRoot,
    files: protoFiles,
    pythonOut: target.pythonOut,
    tsOut: target.tsOut ?? null,
    protobufPython: target.protobufPython ?? null,
    pyi: target.pyi ?? null,
    licenseHeader: target.licenseHeader ?? null,
  };
}

/** Generates every binding of `target` in memory: buf, then the Python generator and ts-proto. */
async function renderOutputs(target: GenerationTarget, protoFiles: readonly string[], cwd: string): Promise<{ outputs: OutputFile[]; notes: string[]; compiled: string[] }> {
  // The ts-proto thread first: booting it and loading ts-proto takes longer than buf's
  // compilation, and the TypeScript generation after it is the longest step of a run. Then buf,
  // then, on this thread, the Python generator's loading.
  const [{ compileProtos }, tsThread] = await Promise.all([
    import("./compile-protos.js"),
    target.tsOut === undefined ? undefined : import("./typescript-thread.js"),
  ]);
  const typescript = tsThread?.startTypeScriptGenerator();
  const compiling = compileProtos({ protoRoot: target.protoRoot, files: target.files, cwd, sourceInfo: typescript !== undefined });
  // Awaited below; this only keeps an early failure from counting as unhandled meanwhile.
  compiling.catch(() => undefined);
  // The request re-tagging reads protobuf-es's wire modules, which only the TS route needs (the
  // Python generator bundles its own protobuf-es).
  const [python, retag] = await Promise.all([
    import("./python-bindings.js"),
    typescript === undefined ? undefined : import("./code-generator-request.js"),
  ]);
  const plugin = await python.loadPythonGenerator();
  const descriptorSet = await compiling;
  // Hand buf's bytes to the ts-proto thread before decoding anything here.
  const tsFiles = typescript === undefined || retag === undefined ? undefined : typescript.generate(retag.requestBytesFromDescriptorSet(descriptorSet, protoFiles));
  // A failed TS generation surfaces once, below, after the Python step.
  tsFiles?.catch(() => undefined);
  const request = plugin.requestFromDescriptorSet(descriptorSet, protoFiles);
  const render = (version: string) => python.generatePythonBindings(request, { protobufPython: version, pyi: target.pyi, licenseHeader: target.licenseHeader });
  const release = await chooseRelease({ target, protoFiles, cwd, plugin, render });
  const pythonFiles = release.rendered ?? (await render(release.version));
  const outputs = pythonFiles.map((f) => ({ path: path.join(target.pythonOut, f.name), content: f.content }));
  if (target.tsOut !== undefined && tsFiles !== undefined) {
    const tsOut = target.tsOut;
    outputs.push(...(await tsFiles).map((f) => ({ path: path.join(tsOut, f.name), content: f.content })));
  }
  return { outputs, notes: release.note === undefined ? [] : [release.note], compiled: request.protoFile.map((f) => f.name) };
}

/**
 * Regenerates (or, with `check`, verifies) the bindings of one target. Write mode writes only
 * the files whose content changed, all of them atomically, and does nothing at all when the
 * inputs are unchanged since the last run and its outputs are untouched. On any error nothing
 * on disk changes and a CodegenError says what to fix.
 */
export async function generateProtos(options: GenerateOptions): Promise<GenerateResult> {
  const started = performance.now();
  const { target } = options;
  const check = options.check ?? false;
  const cwd = options.cwd ?? process.cwd();
  const protoFiles = target.files.length > 0 ? [...target.files] : await listProtoFiles(target.protoRoot);
  if (protoFiles.length === 0) {
    throw new CodegenError(`No .proto files under ${displayPath(target.protoRoot, cwd)} (${target.label}). Point the proto root at the directory holding them.`);
  }

  const stateFile = stateFilePath(options.stateDir ?? defaultStateDir(), JSON.stringify([target.protoRoot, target.pythonOut, target.tsOut ?? null]));
  let hashing: Promise<string> | undefined;
  if (!check) {
    hashing = computeInputHash({ protoRoot: target.protoRoot, protoFiles, options: hashedOptions(target, protoFiles) });
    // Awaited before anything is written; this only keeps a failure from counting as unhandled meanwhile.
    hashing.catch(() => undefined);
    const state = await readState(stateFile);
    // Without a state (a first run) this cannot be a no-op: generation starts at once and the
    // hash, needed only for the new state, is computed meanwhile.
    if (state !== undefined && state.inputHash === (await hashing) && (await outputsMatchState(state)) && (await importsMatchState(state, target.protoRoot))) {
      return { upToDate: true, files: [], inSync: true, protoFiles, notes: [], elapsedMs: performance.now() - started };
    }
  }

  const { outputs, notes, compiled } = await renderOutputs(target, protoFiles, cwd);
  const inputHash = await hashing;
  const onDisk = await Promise.all(outputs.map((o) => readFile(o.path, "utf8").catch(() => undefined)));
  const compared = outputs.map((o, i) => ({ output: o, comparison: compareText(o.content, onDisk[i]) }));
  const toWrite = check ? [] : compared.filter((c) => c.comparison.status !== "same").map((c) => c.output);
  if (toWrite.length > 0) await writeFilesAtomically(toWrite);
  if (!check && inputHash !== undefined) {
    const written: Record<string, string> = {};
    for (const o of outputs) written[o.path] = sha256(o.content);
    // Losing the state only costs the next run its no-op shortcut, so a failure here is not fatal.
    const generated = new Set(protoFiles);
    const imports = await hashImports(target.protoRoot, compiled.filter((file) => !generated.has(file)));
    await writeState(stateFile, { format: STATE_FORMAT, inputHash, outputs: written, imports }).catch(() => undefined);
  }
  const files = compared.map(({ output, comparison }) => ({
    path: output.path,
    displayPath: displayPath(output.path, cwd),
    kind: kindOf(output.path),
    comparison,
    written: !check && comparison.status !== "same",
  }));
  return {
    upToDate: false,
    files,
    inSync: check ? files.every((f) => f.comparison.status === "same") : true,
    protoFiles,
    notes,
    elapsedMs: performance.now() - started,
  };
}
