import { ensureEnvironment, findInterpreter, PythonEnvError, type PythonEnvironment } from "@pyflink-devkit/python-env";

export type FlinkEnvironmentResult =
  | { readonly env: PythonEnvironment; readonly skip?: undefined }
  | { readonly env?: undefined; readonly skip: string };

// What pip prints when the index cannot be reached at all (as opposed to a wrong pin).
const OFFLINE = /Failed to establish a new connection|Temporary failure in name resolution|Network is unreachable|Name or service not known|ProxyError|Could not fetch URL|connection timed out/i;

function causeText(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  while (current instanceof Error && parts.length < 5) {
    parts.push(current.message);
    const output = current as { stdout?: unknown; stderr?: unknown };
    if (typeof output.stderr === "string") parts.push(output.stderr);
    if (typeof output.stdout === "string") parts.push(output.stdout);
    current = current.cause;
  }
  return parts.join("\n");
}

/**
 * A cached environment with exactly `apache-flink==<pyflink>` for CPython `<python>`, built with pip
 * through python-env on first use. A missing interpreter or an unreachable index is a skip with the
 * fix, never a pass; any other install failure is thrown as python-env's error.
 */
export async function ensureFlinkEnvironment(options: {
  readonly pyflink: string;
  readonly python: string;
  readonly cacheDir?: string;
  readonly onLine?: (line: string) => void;
  readonly signal?: AbortSignal;
}): Promise<FlinkEnvironmentResult> {
  const interpreter = await findInterpreter(options.python);
  if (interpreter === undefined) {
    return { skip: `no Python ${options.python} on this machine to run apache-flink ${options.pyflink}; install it (\`pyenv install ${options.python}\`) or put python${options.python} on PATH` };
  }
  try {
    const env = await ensureEnvironment({
      interpreter,
      requirements: [`apache-flink==${options.pyflink}`],
      ...(options.cacheDir === undefined ? {} : { cacheDir: options.cacheDir }),
      ...(options.onLine === undefined ? {} : { onLine: options.onLine }),
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });
    return { env };
  } catch (error) {
    if (error instanceof PythonEnvError && OFFLINE.test(causeText(error))) {
      return { skip: `the package index is unreachable, so apache-flink ${options.pyflink} for Python ${options.python} cannot be installed (${error.message.split("\n")[0] ?? ""}); connect to it (or set PIP_INDEX_URL to a mirror) and run again — the environment is cached afterwards` };
    }
    throw error;
  }
}
