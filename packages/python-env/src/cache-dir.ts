import os from "node:os";
import path from "node:path";

export type EnvVars = Readonly<Record<string, string | undefined>>;

/**
 * Where environments and probe results are cached: $PYFLINK_DEVKIT_CACHE, else
 * $XDG_CACHE_HOME/pyflink-devkit, else ~/.cache/pyflink-devkit.
 */
export function defaultCacheDir(env: EnvVars = process.env): string {
  const explicit = env.PYFLINK_DEVKIT_CACHE;
  if (explicit) return path.resolve(explicit);
  const xdg = env.XDG_CACHE_HOME;
  // The XDG spec says a relative value is invalid and must be ignored.
  if (xdg && path.isAbsolute(xdg)) return path.join(xdg, "pyflink-devkit");
  return path.join(homeDir(env), ".cache", "pyflink-devkit");
}

export function homeDir(env: EnvVars): string {
  return env.HOME ?? os.homedir();
}

/** The parent's variables with `overrides` laid over them; an `undefined` override removes a variable. */
export function mergeEnv(overrides: EnvVars | undefined): Record<string, string> {
  const merged: Record<string, string> = {};
  for (const [name, value] of Object.entries({ ...process.env, ...overrides })) {
    if (value !== undefined) merged[name] = value;
  }
  return merged;
}
