// `pyflink-pack inspect <bundle>`: flags → inspectBundle() → tables or --json on stdout.
import type { Command } from "commander";
import { formatInspectReport } from "../inspect/format-inspect-report.js";
import { inspectBundle } from "../inspect/inspect-bundle.js";
import { TARGETS } from "../targets/registry.js";
import { reportPackError, runtimeOptions, userPath, type RuntimeFlags } from "./command-flags.js";

interface InspectFlags extends RuntimeFlags {
  top?: string;
}

export function registerInspectCommand(program: Command): void {
  program
    .command("inspect")
    .description("show what a bundle contains: artifacts, sizes, packages and their tags, jars, the lock and the deploy config")
    .argument("<bundle>", "bundle directory (pack --out) or bundle zip")
    .option("--target <target>", `runtime, when the bundle has no lock file (${TARGETS.join(", ")})`)
    .option("--flink <version>", "with --target: Flink version")
    .option("--python <version>", "with --target: Python version")
    .option("--engine <vvr>", "with --target vvp: engine version")
    .option("--module <name>", "entry module, when the bundle does not name its entry")
    .option("--top <n>", "items shown per artifact", "8")
    .option("--json", "print the report as one JSON object")
    .option("--debug", "print stack traces")
    .action(async (bundle: string, flags: InspectFlags) => {
      try {
        const report = await inspectBundle(userPath(bundle), runtimeOptions(flags));
        process.stdout.write(flags.json === true ? `${JSON.stringify(report)}\n` : formatInspectReport(report, { top: Number(flags.top ?? "8") }));
      } catch (error) {
        reportPackError(error, "pyflink-pack inspect", flags.debug);
      }
    });
}
