import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** The pyflink-devkit checkout this package lives in: the nearest parent with pnpm-workspace.yaml. */
export function findWorkspaceRoot(start: string = path.dirname(fileURLToPath(import.meta.url))): string | undefined {
  let dir = path.resolve(start);
  for (;;) {
    if (existsSync(path.join(dir, "pnpm-workspace.yaml"))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

export interface WorkspaceEngines {
  /** The Node range of the root package.json `engines.node`, e.g. ">=20.19". */
  readonly node: string | undefined;
  /** The exact pnpm of `engines.pnpm`, e.g. "12.21.0". */
  readonly pnpm: string | undefined;
}

/** `engines` of the root package.json: the pins live there, not in this package's code. */
export function readWorkspaceEngines(root: string | undefined): WorkspaceEngines {
  if (root === undefined) return { node: undefined, pnpm: undefined };
  try {
    const manifest = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as unknown;
    const engines = isRecord(manifest) && isRecord(manifest.engines) ? manifest.engines : {};
    return {
      node: typeof engines.node === "string" ? engines.node : undefined,
      pnpm: typeof engines.pnpm === "string" ? engines.pnpm : undefined,
    };
  } catch {
    return { node: undefined, pnpm: undefined };
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}
