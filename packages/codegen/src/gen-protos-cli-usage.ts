// The full command-line parser, loaded only when the quick one declines (--help, a usage
// mistake): commander's help text, error messages and exit codes.
import { Command } from "commander";
import { GEN_PROTOS_ARGUMENT, GEN_PROTOS_DESCRIPTION, GEN_PROTOS_OPTIONS, type CliFlags } from "./gen-protos-cli-options.js";

export async function parseWithCommander(argv: readonly string[], run: (files: string[], flags: CliFlags) => Promise<void>): Promise<void> {
  const program = new Command()
    .name("gen-protos")
    .description(GEN_PROTOS_DESCRIPTION)
    .argument(GEN_PROTOS_ARGUMENT.name, GEN_PROTOS_ARGUMENT.description);
  for (const option of GEN_PROTOS_OPTIONS) program.option(option.flags, option.description);
  program
    .showHelpAfterError("(run gen-protos --help for every option)")
    // Exit 1 means "--check found differences"; a usage mistake is an error like any other: 2.
    .exitOverride((error) => process.exit(error.exitCode === 0 ? 0 : 2))
    .action(run);
  await program.parseAsync([...argv]);
}
