import os from "node:os";
import path from "node:path";

/**
 * The one environment variable per reference. A version variable picks the default version a test
 * gets when it asks for none; the value `none` makes the reference missing (to see the skip path).
 */
export const OVERRIDES = {
  cache: { variable: "PYFLINK_DEVKIT_REFERENCE_CACHE", what: "the cache directory (default $XDG_CACHE_HOME/pyflink-devkit/reference, else ~/.cache/pyflink-devkit/reference)" },
  shared: { variable: "PYFLINK_DEVKIT_SHARED", what: "the shared directory holding fixtures/ (default ../shared beside the repository)" },
  grpcioTools: { variable: "PYFLINK_DEVKIT_REF_GRPCIO_TOOLS", what: "the default grpcio-tools version (default: the newest in the matrix)" },
  protobuf: { variable: "PYFLINK_DEVKIT_REF_PROTOBUF", what: "the default protobuf runtime version" },
  apacheFlink: { variable: "PYFLINK_DEVKIT_REF_APACHE_FLINK", what: "the default apache-flink version" },
  uv: { variable: "PYFLINK_DEVKIT_REF_UV", what: "the default uv version" },
  tox: { variable: "PYFLINK_DEVKIT_REF_TOX", what: "the default tox version" },
  java: { variable: "PYFLINK_DEVKIT_REF_JAVA_HOME", what: "the JDK to check (default $JAVA_HOME, else java on PATH)" },
  mvn: { variable: "PYFLINK_DEVKIT_REF_MVN", what: "the mvn executable (default mvn on PATH)" },
  systemTools: { variable: "PYFLINK_DEVKIT_REF_PATH", what: "directories searched before PATH for system tools (protoc, zip, gcc, …); `none` hides them all" },
} as const;

export type OverrideName = keyof typeof OVERRIDES;

export type EnvVars = Readonly<Record<string, string | undefined>>;

/** The override's value, or undefined when unset or empty. */
export function override(name: OverrideName, env: EnvVars = process.env): string | undefined {
  const value = env[OVERRIDES[name].variable];
  return value === undefined || value === "" ? undefined : value;
}

/** True when the override is set to `none`: the reference is to be reported missing. */
export function disabled(name: OverrideName, env: EnvVars = process.env): boolean {
  return override(name, env) === "none";
}

/** Where every reference is cached: the override, else $XDG_CACHE_HOME/pyflink-devkit/reference, else ~/.cache/… */
export function referenceCacheDir(env: EnvVars = process.env): string {
  const explicit = override("cache", env);
  if (explicit !== undefined) return path.resolve(explicit);
  const xdg = env.XDG_CACHE_HOME;
  // The XDG spec says a relative value is invalid and must be ignored.
  if (xdg !== undefined && path.isAbsolute(xdg)) return path.join(xdg, "pyflink-devkit", "reference");
  return path.join(env.HOME ?? os.homedir(), ".cache", "pyflink-devkit", "reference");
}
