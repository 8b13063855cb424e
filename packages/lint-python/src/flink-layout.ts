import { access, readdir, readFile } from "node:fs/promises";
import path from "node:path";

/**
 * What lint:python reads from Flink's own files when the project is Flink's `flink-python`
 * (it has `pyflink/` and `dev/lint-python.sh`). Facts come from those files, not from memory:
 * the test modules from `dev/integration_test.sh`, uv's pin from `dev/lint-python.sh`, where a Java
 * build lives from what `pyflink/find_flink_home.py` looks for.
 */
export interface FlinkLayout {
  /** `pyflink/<module>` directories `dev/integration_test.sh` runs pytest on (`test_module "common"` …). */
  readonly testModules: readonly string[];
  /** FLINK_HOME, or the `flink-dist/target/flink-*-bin/flink-*` build next to flink-python; undefined without a Java build. */
  readonly javaBuild: string | undefined;
  /** `UV_VERSION=` in dev/lint-python.sh. */
  readonly uvVersion: string | undefined;
}

/**
 * The sync test of the generated protobuf bindings (regenerates them with grpcio-tools and compares
 * the .py and .pyi): it runs without Flink's Java build, needing only FLINK_HOME set. The other
 * test of its file, test_state_ttl_config_proto, starts the JVM gateway (Time.milliseconds).
 */
export const FLINK_PROTO_SYNC_TEST = "pyflink/fn_execution/tests/test_flink_fn_execution_pb2.py::FlinkFnExecutionTests::test_flink_fn_execution_pb2_synced";

/**
 * The exception `pyflink/java_gateway.py` raises when PYFLINK_GATEWAY_DISABLED is set and a test
 * tries to start the JVM: such a test needs Flink's Java build.
 */
export const GATEWAY_DISABLED_MESSAGE = "It's launching the PythonGatewayServer";

export async function readFlinkLayout(projectDir: string, env: NodeJS.ProcessEnv = process.env): Promise<FlinkLayout | undefined> {
  const lintScript = await readFile(path.join(projectDir, "dev", "lint-python.sh"), "utf8").catch(() => undefined);
  if (lintScript === undefined || !(await exists(path.join(projectDir, "pyflink")))) return undefined;
  const integration = await readFile(path.join(projectDir, "dev", "integration_test.sh"), "utf8").catch(() => "");
  const testModules = [...integration.matchAll(/^\s*test_module\s+"([^"]+)"/gm)].map((match) => `pyflink/${match[1] ?? ""}`);
  return {
    testModules: [...new Set(testModules)],
    javaBuild: env.FLINK_HOME !== undefined && env.FLINK_HOME !== "" ? env.FLINK_HOME : await distBuild(projectDir),
    uvVersion: /^UV_VERSION=["']?([\w.]+)/m.exec(lintScript)?.[1],
  };
}

async function distBuild(projectDir: string): Promise<string | undefined> {
  const target = path.join(projectDir, "..", "flink-dist", "target");
  for (const bin of (await readdir(target).catch(() => [])).filter((name) => /^flink-.*-bin$/.test(name)).sort()) {
    const home = (await readdir(path.join(target, bin)).catch(() => [])).find((name) => name.startsWith("flink-"));
    if (home !== undefined) return path.join(target, bin, home);
  }
  return undefined;
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}
