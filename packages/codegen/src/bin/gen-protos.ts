#!/usr/bin/env node
// gen-protos: parses flags, calls @pyflink-devkit/codegen, prints the outcome, sets the exit code.
// Valid flags are read with node:util's parseArgs; commander (help, usage errors) is loaded only
// when that declines, as the no-op run is mostly Node's start-up and every loaded module shows.
import { CodegenError, describeResult, generateProtos, invocationDirectory, resolveTarget } from "../index.js";
import { parseFlagsQuickly, type CliFlags } from "../gen-protos-cli-options.js";

async function run(files: string[], flags: CliFlags): Promise<void> {
  try {
    const cwd = invocationDirectory();
    const target = await resolveTarget({ ...flags, files, cwd });
    const result = await generateProtos({ target, check: flags.check ?? false, cwd });
    for (const line of describeResult(result, { check: flags.check ?? false, label: target.label })) console.log(line);
    if (!result.inSync) process.exitCode = 1;
  } catch (error) {
    if (flags.debug === true) console.error(error);
    else console.error(error instanceof CodegenError ? `gen-protos: ${error.message}` : `gen-protos: unexpected error: ${String(error)} (run again with --debug for the stack)`);
    process.exitCode = 2;
  }
}

const quick = parseFlagsQuickly(process.argv.slice(2));
if (quick !== undefined) await run(quick.files, quick.flags);
else await (await import("../gen-protos-cli-usage.js")).parseWithCommander(process.argv, run);
