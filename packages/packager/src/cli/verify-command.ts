// `pyflink-pack verify <bundle-or-dir>`: placeholder, owned by the follow-up issue (native-binary
// audit, size budgets). Registered here so the CLI's shape is fixed.
import type { Command } from "commander";

export function registerVerifyCommand(program: Command): void {
  program
    .command("verify")
    .description("audit a bundle for the target (native binaries, sizes) — not implemented yet")
    .argument("<bundle-or-dir>", "bundle zip or bundle directory")
    .action((bundle: string) => {
      process.stderr.write(`pyflink-pack verify ${bundle}: not implemented yet.\n`);
      process.exitCode = 2;
    });
}
