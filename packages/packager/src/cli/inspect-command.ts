// `pyflink-pack inspect <bundle>`: placeholder, owned by the follow-up issue. Registered here so
// the CLI's shape is fixed.
import type { Command } from "commander";

export function registerInspectCommand(program: Command): void {
  program
    .command("inspect")
    .description("show what a bundle contains and why — not implemented yet")
    .argument("<bundle>", "bundle zip or bundle directory")
    .action((bundle: string) => {
      process.stderr.write(`pyflink-pack inspect ${bundle}: not implemented yet.\n`);
      process.exitCode = 2;
    });
}
