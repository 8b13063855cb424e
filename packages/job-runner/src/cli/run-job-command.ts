import path from "node:path";
import { Command, Option } from "commander";
import { JobRunnerError } from "../job-runner-error.js";
import { msfLayout } from "../msf-layout.js";
import { runJob } from "../run-job.js";
import type { ArchiveEntry, BundleLayout, JobRunOutcome, RunModeRequest } from "../run-request.js";

interface RunJobFlags {
  readonly msf?: string;
  readonly properties?: string;
  readonly entry?: string;
  readonly pyFiles: string[];
  readonly archives: string[];
  readonly jars: string[];
  readonly pythonExecutable?: string;
  readonly pyflink: string;
  readonly python: string;
  readonly mode: RunModeRequest;
  readonly timeout: string;
  readonly json?: boolean;
  readonly debug?: boolean;
}

/** Exit codes: passed 0, failed (or bad input) 1, usage 2, could not run here (skipped) 3. */
const EXIT: Readonly<Record<JobRunOutcome["status"], number>> = { passed: 0, failed: 1, skipped: 3 };

// Under `pnpm run:job` the process runs in the repository root; the user's paths are relative to
// where they ran pnpm, which pnpm passes as INIT_CWD.
const userDir = (): string => process.env.INIT_CWD ?? process.cwd();
const resolve = (p: string): string => path.resolve(userDir(), p);

const collect = (value: string, previous: string[]): string[] => [...previous, ...value.split(",").filter((v) => v !== "")];

function archive(spec: string): ArchiveEntry {
  const [file = spec, alias] = spec.split("#");
  return alias === undefined ? { path: resolve(file) } : { path: resolve(file), alias };
}

async function layoutFrom(flags: RunJobFlags): Promise<BundleLayout> {
  if (flags.msf !== undefined) {
    const appDir = resolve(flags.msf);
    return msfLayout(appDir, flags.properties === undefined ? path.join(appDir, "application_properties.json") : resolve(flags.properties));
  }
  if (flags.entry === undefined) throw new JobRunnerError("nothing to run: give --msf <extracted application dir> or --entry <script> (with --py-files/--archives/--jars as the deployment has them).");
  return {
    entry: { script: resolve(flags.entry) },
    pythonFiles: flags.pyFiles.map(resolve),
    archives: flags.archives.map(archive),
    jars: flags.jars.map(resolve),
    ...(flags.pythonExecutable === undefined ? {} : { pythonExecutable: flags.pythonExecutable }),
  };
}

function formatOutcome(outcome: JobRunOutcome): string {
  const head = `${outcome.status.toUpperCase()} ${outcome.mode ?? ""} on PyFlink ${outcome.flink} / Python ${outcome.python} in ${(outcome.durationMs / 1000).toFixed(1)} s`;
  const log = outcome.logFile === undefined ? "" : `\nlog: ${outcome.logFile}`;
  const output = outcome.output.trim() === "" || outcome.status === "passed" ? "" : `\n--- output (tail) ---\n${outcome.output}`;
  return `${head}\n${outcome.detail}${log}${output}\n`;
}

/** `pyflink-run-job`: parses flags, runs the library, prints the outcome. */
export function configureRunJobCommand(program: Command): Command {
  return program
    .option("--msf <dir>", "an extracted MSF application (entry, jar, pyFiles from its run options)")
    .option("--properties <file>", "the application's application_properties.json (default <dir>/application_properties.json)")
    .option("--entry <script>", "the -py entry script")
    .option("--py-files <paths>", "python.files, comma separated (repeatable)", collect, [])
    .option("--archives <paths>", "python.archives, comma separated, file#alias (repeatable)", collect, [])
    .option("--jars <paths>", "pipeline.jars in order, comma separated (repeatable)", collect, [])
    .option("--python-executable <path>", "python.executable, e.g. venv.zip/venv/bin/python")
    .requiredOption("--pyflink <version>", "the exact apache-flink release of the runtime, e.g. 1.20.0")
    .requiredOption("--python <minor>", "the runtime's Python, e.g. 3.11")
    .addOption(new Option("--mode <mode>", "execute bounded jobs and plan the rest, or force one").choices(["auto", "execute", "plan"]).default("auto"))
    .option("--timeout <seconds>", "bound for the whole run", "300")
    .option("--json", "print the outcome as one JSON object")
    .option("--debug", "print stack traces")
    .action(async (flags: RunJobFlags) => {
      try {
        const outcome = await runJob({
          layout: await layoutFrom(flags),
          pyflink: flags.pyflink,
          python: flags.python,
          mode: flags.mode,
          timeoutMs: Number(flags.timeout) * 1000,
          onLine: flags.json === true ? undefined : (line) => process.stderr.write(`${line}\n`),
        });
        process.stdout.write(flags.json === true ? `${JSON.stringify({ run: outcome })}\n` : formatOutcome(outcome));
        process.exitCode = EXIT[outcome.status];
      } catch (error) {
        if (!(error instanceof Error)) throw error;
        process.stderr.write(`pyflink-run-job: ${flags.debug === true ? (error.stack ?? error.message) : error.message}\n`);
        process.exitCode = 1;
      }
    });
}
