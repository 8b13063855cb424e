// `pyflink-pack verify <bundle-or-dir>`: flags → verifyBundle() → report on stdout; exit 1 when
// anything would fail on the cluster, 2 for usage errors.
import { readFile } from "node:fs/promises";
import { Option, type Command } from "commander";
import { PackError } from "../pack-error.js";
import { reportPackError, runtimeOptions, userPath, type RuntimeFlags } from "./command-flags.js";
import { TARGETS } from "../targets/registry.js";
import { formatVerifyReport } from "../verify/format-verify-report.js";
import { verifyBundle } from "../verify/verify-bundle.js";

interface VerifyFlags extends RuntimeFlags {
  deployConfig?: string;
  interpreter?: string;
  imports: boolean;
  timeout?: string;
  run?: boolean;
  runMode?: "auto" | "execute" | "plan";
  runTimeout?: string;
}

export function registerVerifyCommand(program: Command): void {
  program
    .command("verify")
    .description("check a bundle before deploying: recreate the worker layout and import the entry and every shipped package with the target's Python, audit native files, check size limits")
    .argument("<bundle-or-dir>", "bundle directory (pack --out) or bundle zip")
    .option("--target <target>", `runtime, when the bundle has no lock file (${TARGETS.join(", ")})`)
    .option("--flink <version>", "with --target: Flink version")
    .option("--python <version>", "with --target: Python version of the runtime")
    .option("--engine <vvr>", "with --target vvp: engine version")
    .option("--glibc <version>", "override the runtime's glibc")
    .option("--machine <arch>", "override the runtime's machine (x86_64, aarch64)")
    .option("--module <name>", "entry module, when the bundle does not name its entry")
    .option("--deploy-config <file>", "the JSON `pack --json` printed, for a bundle without pyflink-pack.deploy.json (wins over it)")
    .option("--interpreter <python>", "import with this interpreter instead of one found for the runtime's Python")
    .option("--no-imports", "skip the import check (native audit and sizes only)")
    .option("--timeout <seconds>", "limit for the import check", "300")
    .option("--run", "also run the job on the runtime's real PyFlink: bounded jobs executed on a local mini cluster, others planned")
    .addOption(new Option("--run-mode <mode>", "with --run: force executing or planning").choices(["auto", "execute", "plan"]))
    .option("--run-timeout <seconds>", "with --run: limit for the run", "600")
    .option("--json", "print the report as one JSON object")
    .option("--quiet", "no progress lines on stderr")
    .option("--debug", "print stack traces")
    .action(async (bundle: string, flags: VerifyFlags) => {
      await runVerify(bundle, flags);
    });
}

async function runVerify(bundle: string, flags: VerifyFlags): Promise<void> {
  try {
    const deployConfig = flags.deployConfig === undefined ? undefined : await readDeployConfig(userPath(flags.deployConfig));
    const report = await verifyBundle(userPath(bundle), {
      ...runtimeOptions(flags),
      deployConfig,
      interpreter: flags.interpreter !== undefined && flags.interpreter.includes("/") ? userPath(flags.interpreter) : flags.interpreter,
      skipImports: !flags.imports,
      timeoutMs: Number(flags.timeout ?? "300") * 1000,
      run: flags.run === true,
      runMode: flags.runMode,
      runTimeoutMs: Number(flags.runTimeout ?? "600") * 1000,
      onProgress: flags.quiet === true || flags.json === true ? undefined : (line) => process.stderr.write(`pyflink-pack verify: ${line}\n`),
    });
    process.stdout.write(flags.json === true ? `${JSON.stringify(report)}\n` : formatVerifyReport(report));
    process.exitCode = report.ok ? 0 : 1;
  } catch (error) {
    reportPackError(error, "pyflink-pack verify", flags.debug);
  }
}

async function readDeployConfig(file: string): Promise<unknown> {
  const text = await readFile(file, "utf8").catch((error: unknown) => {
    throw new PackError("config", `--deploy-config ${file}: cannot read it (${(error as Error).message}). Pass the file you saved \`pyflink-pack --json\` output to.`);
  });
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new PackError("config", `--deploy-config ${file}: not valid JSON (${(error as Error).message}). Pass the file you saved \`pyflink-pack --json\` output to.`);
  }
}
