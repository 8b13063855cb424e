#!/usr/bin/env node
// pyflink-run-job: runs a laid-out PyFlink bundle on a real PyFlink (executed or planned).
import { Command } from "commander";
import { exitCleanlyOnSignals } from "@pyflink-devkit/runner";
import { configureRunJobCommand } from "../cli/run-job-command.js";

exitCleanlyOnSignals();

const program = new Command("pyflink-run-job")
  .description("Run a laid-out PyFlink job bundle on a real PyFlink: bounded jobs executed on a local mini cluster, others planned.")
  .showHelpAfterError("(add --help for the options)")
  .exitOverride((error) => process.exit(error.exitCode === 0 ? 0 : 2));
configureRunJobCommand(program);
await program.parseAsync(process.argv);
