// pyflink-pack.deploy.json, written beside the lock file: the bundle's deploy config as `pack --json`
// prints it, so `verify` and `inspect` read the exact layout (python.files, python.archives,
// python.executable, the -py/-pym entry) instead of inferring it from file names. It is not inside
// any artifact the target uploads. The bundle's own directory (flink's workingDirectory and
// pipeline.jars URLs) is written as BUNDLE_DIR_PLACEHOLDER, so the file — and the lock that hashes
// it — is byte-identical wherever --out is.
import { z } from "zod";
import { PackError } from "./pack-error.js";
import { isTargetName, TARGETS, type TargetName } from "./targets/registry.js";

export const DEPLOY_FILE_NAME = "pyflink-pack.deploy.json";
export const DEPLOY_FILE_VERSION = 1;
/** Stands for the bundle directory in the deploy file; replace it with the directory you deploy from. */
export const BUNDLE_DIR_PLACEHOLDER = "<bundle-dir>";

export interface DeployFile {
  readonly target: TargetName;
  /** With BUNDLE_DIR_PLACEHOLDER where the bundle's absolute directory goes. */
  readonly deployConfig: unknown;
}

const deployFileSchema = z.object({
  deployFileVersion: z.literal(DEPLOY_FILE_VERSION),
  generatedBy: z.string(),
  // The message is built when it is needed: deploy-file and the target registry import each other,
  // so TARGETS may not be initialised yet while this module is evaluated.
  target: z.custom<TargetName>((value) => typeof value === "string" && isTargetName(value), { error: () => `target must be one of ${TARGETS.join(", ")}` }),
  deployConfig: z.unknown(),
});

/** The file's text: fixed key order, two-space JSON, trailing newline. */
export function buildDeployFile(file: DeployFile): string {
  return `${JSON.stringify({ deployFileVersion: DEPLOY_FILE_VERSION, generatedBy: "pyflink-pack", target: file.target, deployConfig: file.deployConfig }, null, 2)}\n`;
}

/** Parses a deploy file's text; `where` names it in the error. */
export function parseDeployFile(text: string, where: string): DeployFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new PackError("config", `${where}: not valid JSON (${(error as Error).message}). Pack the bundle again, or delete the file and pass --deploy-config.`);
  }
  const parsed = deployFileSchema.safeParse(json);
  if (!parsed.success) {
    throw new PackError("config", `${where}: not a pyflink-pack deploy file this version reads (${parsed.error.issues[0]?.message ?? "invalid"}). Pack the bundle again with this pyflink-pack.`);
  }
  return { target: parsed.data.target, deployConfig: parsed.data.deployConfig };
}

/** Replaces BUNDLE_DIR_PLACEHOLDER in every string of `value` with `bundleDir`. */
export function withBundleDir(value: unknown, bundleDir: string): unknown {
  if (typeof value === "string") return value.split(BUNDLE_DIR_PLACEHOLDER).join(bundleDir);
  if (Array.isArray(value)) return value.map((item: unknown) => withBundleDir(item, bundleDir));
  if (value !== null && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, withBundleDir(item, bundleDir)]));
  return value;
}
