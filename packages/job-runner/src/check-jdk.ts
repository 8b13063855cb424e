import path from "node:path";
import { findExecutable, run } from "@pyflink-devkit/runner";

/** Java releases each PyFlink line runs on (Flink's docs, "Java compatibility"); 2.0 dropped Java 8. */
const JAVA_SUPPORT: readonly { readonly from: string; readonly javas: readonly number[] }[] = [
  { from: "2.0", javas: [11, 17, 21] },
  { from: "1.18", javas: [8, 11, 17] },
  { from: "1.15", javas: [8, 11] },
];

export interface JdkCheck {
  /** The `java` that PyFlink's gateway will start, or undefined when there is none. */
  readonly java: string | undefined;
  readonly major: number | undefined;
  /** Why this JDK cannot run the job, with the fix; undefined when it can. */
  readonly problem: string | undefined;
}

function supportedJavas(pyflink: string): readonly number[] {
  const [major = 0, minor = 0] = pyflink.split(".").map(Number);
  for (const row of JAVA_SUPPORT) {
    const [fromMajor = 0, fromMinor = 0] = row.from.split(".").map(Number);
    if (major > fromMajor || (major === fromMajor && minor >= fromMinor)) return row.javas;
  }
  return [8, 11];
}

/** `java -version`'s major release: "1.8.0_392" → 8, "17.0.15" → 17. */
export function javaMajor(versionOutput: string): number | undefined {
  const quoted = /version "(\d+)(?:\.(\d+))?/.exec(versionOutput);
  if (quoted === null) return undefined;
  const first = Number(quoted[1]);
  return first === 1 ? Number(quoted[2]) : first;
}

/** Finds the JDK PyFlink would use (JAVA_HOME first, as its gateway launcher does) and checks its release. */
export async function checkJdk(pyflink: string, env: NodeJS.ProcessEnv = process.env): Promise<JdkCheck> {
  const javas = supportedJavas(pyflink);
  const fix = `install a JDK ${javas.join(", ")} (Debian: \`apt-get install openjdk-17-jdk-headless\`) and put it on PATH or set JAVA_HOME`;
  const fromHome = env.JAVA_HOME === undefined || env.JAVA_HOME === "" ? undefined : findExecutable(path.join(env.JAVA_HOME, "bin", "java"));
  const java = fromHome ?? findExecutable("java", env.PATH);
  if (java === undefined) return { java, major: undefined, problem: `no Java found (JAVA_HOME unset or without bin/java, no java on PATH); PyFlink ${pyflink} starts a JVM: ${fix}` };
  const result = await run(java, ["-version"], { reject: false, timeoutMs: 30_000 });
  const major = javaMajor(`${result.stderr}\n${result.stdout}`);
  if (result.exitCode !== 0 || major === undefined) {
    return { java, major, problem: `${java} -version failed (exit ${result.exitCode}): ${result.stderr.trim().split("\n")[0] ?? ""}; ${fix}` };
  }
  if (!javas.includes(major)) return { java, major, problem: `${java} is Java ${major}, PyFlink ${pyflink} supports Java ${javas.join(", ")}; ${fix}` };
  return { java, major, problem: undefined };
}
