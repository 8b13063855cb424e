// The default command: flags → pack() → JSON or summary on stdout, progress on stderr.
import { Command, Option } from "commander";
import type { PackConfig } from "../config.js";
import { pack } from "../pack.js";
import { implicitProjectProblem } from "../project/implicit-project.js";
import { invocationDir, reportPackError, runtimeOptions, userPath, type RuntimeFlags } from "./command-flags.js";
import { describeTargets, TARGETS, targetFlagHelp } from "../targets/registry.js";
import { formatSummary, toJsonReport } from "../report.js";

interface PackFlags extends RuntimeFlags {
  project?: string;
  out?: string;
  entry?: string;
  requirements?: string;
  include?: string[];
  exclude?: string[];
  config?: string;
  fromEnv?: string;
  baselineEnv?: string;
  interpreterEnv?: string;
  applicationProperties?: string;
  name?: string;
  allowSdist?: boolean;
  cacheDir?: string;
  cache: boolean;
  refresh?: boolean;
}

const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

export function configurePackCommand(program: Command): Command {
  return program
    .option("--project <dir>", "the job project (default: the current directory, when it has main.py or pyflink-pack.json)")
    .option("--out <dir>", "bundle directory to write (replaced as a whole)")
    .addOption(new Option("--target <target>", `deploy target (${describeTargets()})`).choices([...TARGETS]))
    .option("--flink <version>", "Flink runtime version (flink, msf; vvp: picks the engine line)")
    .option("--python <version>", "Python version of the runtime (checked against the profile)")
    .option("--engine <vvr>", targetFlagHelp("--engine"))
    .option("--glibc <version>", targetFlagHelp("--glibc"))
    .option("--machine <arch>", targetFlagHelp("--machine"))
    .option("--entry <script>", "entry script (default main.py)")
    .option("--module <name>", targetFlagHelp("--module"))
    .option("--requirements <file>", "requirements file (default requirements.txt, else pyproject.toml)")
    .option("--include <glob>", "ship files the safe defaults leave out (repeatable)", collect)
    .option("--exclude <glob>", "leave more files out (repeatable)", collect)
    .option("--config <file>", "config file (default <project>/pyflink-pack.json)")
    .option("--from-env <venv>", "take packages from this environment's site-packages (difference to a baseline)")
    .option("--baseline-env <venv>", "baseline environment for --from-env (default: a fresh venv)")
    .option("--interpreter-env <dir>", targetFlagHelp("--interpreter-env"))
    .option("--application-properties <file>", targetFlagHelp("--application-properties"))
    .option("--name <name>", "bundle name (default: project directory name)")
    .option("--allow-sdist", "build sdists when no wheel exists (built for THIS host)")
    .option("--cache-dir <dir>", "cache root (default $PYFLINK_DEVKIT_CACHE or ~/.cache/pyflink-devkit)")
    .option("--no-cache", "do not use or fill the wheel cache")
    .option("--refresh", "resolve again even when the cache has this requirement set")
    .option("--json", "print one JSON object on stdout")
    .option("--quiet", "no progress lines on stderr")
    .option("--debug", "print stack traces")
    .action(async (flags: PackFlags) => {
      await runPack(flags);
    });
}

async function runPack(flags: PackFlags): Promise<void> {
  if (flags.out === undefined) {
    process.stderr.write("pyflink-pack: --out <dir> is required (the bundle directory to write).\n");
    process.exitCode = 2;
    return;
  }
  if (flags.project === undefined) {
    const problem = await implicitProjectProblem(invocationDir(), flags.entry);
    if (problem !== undefined) {
      process.stderr.write(`pyflink-pack: ${problem}\n`);
      process.exitCode = 2;
      return;
    }
    if (flags.quiet !== true) process.stderr.write(`pyflink-pack: project: ${invocationDir()} (the current directory; no --project given)\n`);
  }
  // Paths given as flags are relative to where the user ran the command (paths in pyflink-pack.json
  // are relative to the project); the library resolves both against the project, so make these absolute.
  const fromCwd = userPath;
  const config: PackConfig = {
    ...runtimeOptions(flags),
    entry: flags.entry,
    requirements: fromCwd(flags.requirements),
    include: flags.include,
    exclude: flags.exclude,
    fromEnv: fromCwd(flags.fromEnv),
    baselineEnv: fromCwd(flags.baselineEnv),
    interpreterEnv: fromCwd(flags.interpreterEnv),
    applicationProperties: fromCwd(flags.applicationProperties),
    name: flags.name,
    allowSdist: flags.allowSdist,
  };
  try {
    const result = await pack({
      projectDir: userPath(flags.project ?? "."),
      outDir: userPath(flags.out),
      flags: config,
      configFile: userPath(flags.config),
      cacheDir: flags.cache ? userPath(flags.cacheDir) : false,
      refresh: flags.refresh,
      onProgress: flags.quiet === true ? undefined : (line) => process.stderr.write(`pyflink-pack: ${line}\n`),
    });
    process.stdout.write(flags.json === true ? `${JSON.stringify(toJsonReport(result))}\n` : formatSummary(result));
  } catch (error) {
    reportPackError(error, "pyflink-pack", flags.debug);
  }
}
