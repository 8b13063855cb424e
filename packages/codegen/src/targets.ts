import { existsSync, readdirSync, statSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { CodegenError } from "./codegen-error.js";
import { FLINK_LICENSE_HEADER } from "./license-header.js";
import { FLINK_LAYOUT, REPOSITORY_LAYOUT } from "@pyflink-devkit/project-layout";

/** One generation job: where the protos are and where each kind of binding goes. */
export interface GenerationTarget {
  /** What the target is, for messages ("this repository", "the Flink checkout /x"...). */
  readonly label: string;
  /** Import root of the protos; output names mirror paths relative to it. Absolute. */
  readonly protoRoot: string;
  /** Files to generate, relative to `protoRoot`; empty = every .proto under it. */
  readonly files: readonly string[];
  /** Directory for `_pb2.py` / `_pb2.pyi`. Absolute. */
  readonly pythonOut: string;
  /** Directory for ts-proto's `.ts` files, or undefined for no TypeScript. Absolute. */
  readonly tsOut: string | undefined;
  /** protobuf Python release to reproduce; undefined = the Python generator's default. */
  readonly protobufPython: string | undefined;
  /** Write `.pyi` stubs; undefined = when the protobuf release has a pyi generator (3.20+). */
  readonly pyi: boolean | undefined;
  /** Put before every Python file; undefined = no header. */
  readonly licenseHeader: string | undefined;
  /**
   * Without `protobufPython`: reproduce the release that wrote the committed `_pb2.py`/`.pyi`
   * (a Flink checkout commits them) instead of the default.
   */
  readonly detectRelease?: boolean;
  /**
   * With `detectRelease`, when no generated file is committed: the checkout's proto script
   * (Flink's pyflink/gen_protos.py), whose grpcio-tools pin implies the release. Absolute.
   */
  readonly protoGeneratorScript?: string;
}

/** What the command line says, before it is turned into a target. */
export interface GenProtosFlags {
  /** A Flink checkout (the directory holding `pyflink/`). */
  readonly flinkPython?: string | undefined;
  readonly protoPath?: string | undefined;
  readonly pythonOut?: string | undefined;
  readonly tsOut?: string | undefined;
  readonly protobufPython?: string | undefined;
  /** False for `--no-license-header`. */
  readonly licenseHeader?: boolean | undefined;
  /** A file whose text replaces Flink's header. */
  readonly licenseHeaderFile?: string | undefined;
  /** False for `--no-ts`. */
  readonly ts?: boolean | undefined;
  /** False for `--no-pyi`, true for `--pyi`, undefined: when the release supports it. */
  readonly pyi?: boolean | undefined;
  /** Proto files relative to `protoPath` (generic mode only). */
  readonly files?: readonly string[] | undefined;
  /** Base for relative paths (default process.cwd()). */
  readonly cwd?: string | undefined;
}

/**
 * The pyflink-devkit repository this package belongs to: two levels above the package directory
 * (the nearest package.json above this file, which is src/, dist/ or the bundled bin's dist/bin/).
 */
export function repositoryRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, "package.json"))) {
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return path.resolve(dir, "..", "..");
}

// The layouts live in @pyflink-devkit/project-layout, shared with the dev loop; re-exported here.
export { REPOSITORY_LAYOUT, FLINK_LAYOUT };

function isDirectory(dir: string): boolean {
  return existsSync(dir) && statSync(dir).isDirectory();
}

/** Turns command-line flags into a target, rejecting combinations that make no sense. */
export async function resolveTarget(flags: GenProtosFlags): Promise<GenerationTarget> {
  const cwd = flags.cwd ?? process.cwd();
  const files = flags.files ?? [];
  const header = await resolveHeader(flags, cwd);
  const common = { protobufPython: flags.protobufPython, pyi: flags.pyi, licenseHeader: header };

  if (flags.flinkPython !== undefined) {
    const extra = [flags.protoPath && "--proto-path", flags.pythonOut && "--python-out", flags.tsOut && "--ts-out", files.length > 0 && "proto files"].filter(Boolean);
    if (extra.length > 0) {
      throw new CodegenError(`--flink-python takes its protos and output directory from the Flink checkout, so ${extra.join(", ")} cannot be combined with it. Drop them, or use --proto-path/--python-out without --flink-python.`);
    }
    const root = path.resolve(cwd, flags.flinkPython);
    const protoRoot = path.join(root, FLINK_LAYOUT.protoRoot);
    if (!isDirectory(protoRoot)) {
      throw new CodegenError(`--flink-python ${flags.flinkPython}: ${protoRoot} is not a directory. Pass the flink-python directory of a Flink checkout (the one holding pyflink/proto).`);
    }
    // gen_protos.py globs pyflink/proto/*.proto: the top level only.
    const flinkProtos = readdirSync(protoRoot).filter((name) => name.endsWith(".proto")).sort();
    return { label: `the Flink checkout ${root}`, protoRoot, files: flinkProtos, pythonOut: path.join(root, FLINK_LAYOUT.pythonOut), tsOut: undefined, detectRelease: true, protoGeneratorScript: path.join(root, FLINK_LAYOUT.protoGeneratorScript), ...common };
  }

  if (flags.protoPath !== undefined || flags.pythonOut !== undefined) {
    if (flags.protoPath === undefined || flags.pythonOut === undefined) {
      throw new CodegenError(`Generic mode needs both --proto-path <root> and --python-out <dir> (got only ${flags.protoPath === undefined ? "--python-out" : "--proto-path"}). Add the missing one.`);
    }
    const protoRoot = path.resolve(cwd, flags.protoPath);
    if (!isDirectory(protoRoot)) throw new CodegenError(`--proto-path ${flags.protoPath} is not a directory. Pass the directory your .proto imports are relative to.`);
    const relativeFiles = files.map((file) => {
      const relative = path.relative(protoRoot, path.resolve(protoRoot, file)).split(path.sep).join("/");
      if (relative.startsWith("..") || path.isAbsolute(relative)) {
        throw new CodegenError(`Proto file ${file} is outside --proto-path ${flags.protoPath}. List files relative to the proto root.`);
      }
      if (!existsSync(path.join(protoRoot, relative))) {
        throw new CodegenError(`Proto file ${file} does not exist under --proto-path ${flags.protoPath}. List files relative to the proto root, or leave them out to generate every .proto under it.`);
      }
      return relative;
    });
    const pythonOut = path.resolve(cwd, flags.pythonOut);
    const tsOut = flags.ts === false ? undefined : path.resolve(cwd, flags.tsOut ?? flags.pythonOut);
    for (const [flag, value, dir] of [["--python-out", flags.pythonOut, pythonOut], ["--ts-out", flags.tsOut ?? flags.pythonOut, tsOut]] as const) {
      if (dir !== undefined && existsSync(dir) && !isDirectory(dir)) {
        throw new CodegenError(`${flag} ${value} is a file, not a directory. Pass a directory (it is created when missing).`);
      }
    }
    return { label: protoRoot, protoRoot, files: relativeFiles, pythonOut, tsOut, ...common };
  }

  if (files.length > 0 || flags.tsOut !== undefined) {
    throw new CodegenError(`Proto files and --ts-out belong to generic mode; add --proto-path <root> and --python-out <dir>.`);
  }
  const root = repositoryRoot();
  const protoRoot = path.join(root, REPOSITORY_LAYOUT.protoRoot);
  if (!isDirectory(protoRoot)) {
    throw new CodegenError(`Without --flink-python or --proto-path, gen-protos regenerates the pyflink-devkit repository's bindings, but ${protoRoot} does not exist. Run it inside the repository, or pass --proto-path/--python-out.`);
  }
  return {
    label: "this repository",
    protoRoot,
    files: [],
    pythonOut: path.join(root, REPOSITORY_LAYOUT.pythonOut),
    tsOut: flags.ts === false ? undefined : path.join(root, REPOSITORY_LAYOUT.tsOut),
    ...common,
  };
}

async function resolveHeader(flags: GenProtosFlags, cwd: string): Promise<string | undefined> {
  if (flags.licenseHeader === false) return undefined;
  if (flags.licenseHeaderFile === undefined) return FLINK_LICENSE_HEADER;
  const file = path.resolve(cwd, flags.licenseHeaderFile);
  try {
    return await readFile(file, "utf8");
  } catch (error) {
    throw new CodegenError(`--license-header-file ${flags.licenseHeaderFile} cannot be read (${error instanceof Error ? error.message : String(error)}). Pass a readable text file, or --no-license-header.`, { cause: error });
  }
}

/**
 * The directory relative paths on the command line are relative to. `pnpm gen:protos` runs the
 * root script from the repository root, but the user typed the paths in the directory pnpm was
 * started from, which pnpm passes as INIT_CWD. Only trusted for our own script: under any other
 * script (e.g. `pnpm test` spawning the CLI) INIT_CWD is someone else's directory.
 */
export function invocationDirectory(env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): string {
  const initCwd = env.INIT_CWD;
  return env.npm_lifecycle_event === "gen:protos" && initCwd !== undefined && initCwd !== "" ? initCwd : cwd;
}
