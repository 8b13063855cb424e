import { randomBytes } from "node:crypto";
import { access, mkdir, rename, rm } from "node:fs/promises";
import path from "node:path";
import { CommandError, findExecutable } from "@pyflink-devkit/runner";
import { defaultCacheDir } from "./cache-dir.js";
import type { Interpreter } from "./interpreter.js";
import { pipUnexplained } from "./pip.js";
import { PythonEnvError } from "./python-env-error.js";

/** The uv release Flink's dev/lint-python.sh pins (`UV_VERSION`), used when a project names none. */
export const DEFAULT_UV_VERSION = "0.7.20";

export interface UvRequest {
  /** A uv release ("0.7.20"); default DEFAULT_UV_VERSION. */
  readonly version?: string;
  /** Any Python with pip: it downloads uv's wheel from the package index. */
  readonly interpreter: Pick<Interpreter, "executable">;
  readonly cacheDir?: string;
  /** Where to look for a uv first; default PATH. */
  readonly searchPath?: string;
  /** Only the requested release will do (a layout that promises a pinned uv, as Flink's dev/.uv does): the uv on the search path is not used. */
  readonly exact?: boolean;
  readonly signal?: AbortSignal;
}

export interface UvLocation {
  /** Absolute path of the uv binary. */
  readonly uv: string;
  /** "path" when found on PATH, "cache" when bootstrapped (now or earlier) into the cache. */
  readonly origin: "path" | "cache";
  /** The bootstrapped release; undefined for a uv found on PATH. */
  readonly version: string | undefined;
}

/** `<cacheDir>/tools/uv-<version>/bin/uv`: where a bootstrapped uv lives. */
export function bootstrappedUvPath(version: string, cacheDir: string = defaultCacheDir()): string {
  return path.join(path.resolve(cacheDir), "tools", `uv-${version}`, "bin", "uv");
}

/**
 * A uv: the one on PATH, else the pinned release from the package index (uv publishes its binary
 * as a wheel on PyPI), installed with `pip install --target` into the cache once — what
 * lint-python.sh downloads from GitHub releases with curl, through the index pip already uses.
 * The install goes to a temp dir renamed into place, so an interrupted bootstrap leaves nothing.
 */
export async function ensureUv(request: UvRequest): Promise<UvLocation> {
  const onPath = request.exact === true ? undefined : findExecutable("uv", request.searchPath);
  if (onPath !== undefined) return { uv: onPath, origin: "path", version: undefined };
  const version = request.version ?? DEFAULT_UV_VERSION;
  const uv = bootstrappedUvPath(version, request.cacheDir);
  const home = path.dirname(path.dirname(uv));
  if (await exists(uv)) return { uv, origin: "cache", version };
  await mkdir(path.dirname(home), { recursive: true });
  const temp = `${home}.tmp-${randomBytes(4).toString("hex")}`;
  try {
    await pipUnexplained(request.interpreter.executable, ["install", "--quiet", "--no-deps", "--target", temp, `uv==${version}`], { signal: request.signal, timeoutMs: 10 * 60 * 1000 });
    await rename(temp, home).catch(async (error: unknown) => {
      // Another run bootstrapped the same release meanwhile: use theirs.
      if (!(await exists(uv))) throw error;
    });
  } catch (error) {
    const detail = error instanceof CommandError ? (error.stderr.trim().split("\n").at(-1) ?? "") : error instanceof Error ? error.message : String(error);
    throw new PythonEnvError(
      `Could not bootstrap uv ${version} from the package index with ${request.interpreter.executable} -m pip (${detail}). Install uv yourself (it is then taken from PATH), check pip's index settings, or use the venv backend.`,
      { cause: error },
    );
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
  return { uv, origin: "cache", version };
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}
