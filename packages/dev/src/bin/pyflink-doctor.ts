#!/usr/bin/env node
// pyflink-doctor: checks this machine for what the toolchain needs and prints the fix for what is missing.
import { Command } from "commander";
import { exitCleanlyOnSignals } from "@pyflink-devkit/runner";
import { formatDoctorReport, runDoctor } from "../index.js";

const program = new Command("pyflink-doctor")
  .description("Check Node, pnpm, buf, Python interpreters, pip and optional tools; print the fix for each one missing.")
  .option("--json", "print the report as JSON")
  .option("--timeout <ms>", "limit for each probe command", (value) => Number.parseInt(value, 10), 4000)
  .action(async (options: { json?: boolean; timeout: number }) => {
    exitCleanlyOnSignals();
    const report = await runDoctor({ timeoutMs: options.timeout });
    if (options.json === true) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    else process.stdout.write(`${formatDoctorReport(report).join("\n")}\n`);
    process.exitCode = report.ok ? 0 : 1;
  });

await program.parseAsync();
