#!/usr/bin/env node
// pyflink-pack: packs a PyFlink job (default command); `verify` and `inspect` are subcommands.
import { Command } from "commander";
import { exitCleanlyOnSignals } from "@pyflink-devkit/runner";
import { registerInspectCommand } from "../cli/inspect-command.js";
import { configurePackCommand } from "../cli/pack-command.js";
import { registerVerifyCommand } from "../cli/verify-command.js";

exitCleanlyOnSignals();

// Positional options: the pack command's flags are read before a subcommand name only, so
// `verify`/`inspect` own every flag after their name (their --target, --json, ... never reach pack).
const program = new Command("pyflink-pack")
  .description("Deployable PyFlink job bundles for Flink, Amazon MSF and Alibaba/Ververica, with the exact deploy config.")
  .enablePositionalOptions()
  .showHelpAfterError("(add --help to the command for its options)")
  // Usage errors (unknown flag, bad choice, missing argument) exit 2, as the README promises;
  // --help and --version exit 0. Set before the subcommands are added, which inherit it.
  .exitOverride((error) => process.exit(error.exitCode === 0 ? 0 : 2));
configurePackCommand(program);
registerVerifyCommand(program);
registerInspectCommand(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  process.stderr.write(`pyflink-pack: unexpected error: ${error instanceof Error ? (process.argv.includes("--debug") ? (error.stack ?? error.message) : error.message) : String(error)}\n`);
  process.exitCode = 1;
}
