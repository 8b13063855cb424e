#!/usr/bin/env node
// update-runtimes: regenerates data/runtimes.json from the package index and pip's resolver.
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { Command } from "commander";
import writeFileAtomic from "write-file-atomic";
import { exitCleanlyOnSignals } from "@pyflink-devkit/runner";
import { PackError } from "../pack-error.js";
import { formatRuntimeData, generateRuntimes, mergeRuntimeData } from "../runtime/generate-runtimes.js";
import { parseRuntimeData, RUNTIME_DATA_URL, type RuntimeData } from "../runtime/runtime-data.js";

exitCleanlyOnSignals();

interface Flags {
  lines?: string;
  out: string;
  check?: boolean;
  cacheDir?: string;
  jobs?: string;
}

const program = new Command("update-runtimes")
  .description("Resolve what `pip install apache-flink==<release>` installs for each supported Python on manylinux x86_64 and write the runtime dataset.")
  .option("--lines <list>", "only these release lines, comma-separated (e.g. 1.20,2.2); the others are kept from --out")
  .option("--out <file>", "the dataset to write", fileURLToPath(RUNTIME_DATA_URL))
  .option("--check", "write nothing; exit 1 when the dataset differs from a fresh resolution")
  .option("--cache-dir <dir>", "cache of interpreters and resolver environments")
  .option("--jobs <n>", "Pythons resolved at the same time", "4")
  .showHelpAfterError("(add --help for the options)")
  .exitOverride((error) => process.exit(error.exitCode === 0 ? 0 : 2));

async function readPrevious(file: string): Promise<{ text: string | undefined; data: RuntimeData | undefined }> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch {
    return { text: undefined, data: undefined };
  }
  return { text, data: parseRuntimeData(text, file) };
}

try {
  program.parse(process.argv);
  const flags = program.opts<Flags>();
  const lines = flags.lines?.split(",").map((line) => line.trim()).filter((line) => line !== "");
  const previous = await readPrevious(flags.out);
  const fresh = await generateRuntimes({ lines, cacheDir: flags.cacheDir, jobs: Number(flags.jobs), onLine: (line) => process.stderr.write(`update-runtimes: ${line}\n`) });
  const text = formatRuntimeData(mergeRuntimeData(previous.data, fresh));
  if (flags.check === true) {
    if (text !== previous.text) {
      process.stderr.write(`update-runtimes: ${flags.out} differs from a fresh resolution; rerun without --check and review the diff.\n`);
      process.exitCode = 1;
    } else process.stderr.write(`update-runtimes: ${flags.out} is up to date.\n`);
  } else {
    await writeFileAtomic(flags.out, text);
    process.stderr.write(`update-runtimes: wrote ${flags.out} (${fresh.releases.length} release(s) resolved).\n`);
  }
} catch (error) {
  if (error instanceof PackError) {
    process.stderr.write(`update-runtimes: ${error.message}\n${error.details.map((line) => `  ${line}\n`).join("")}`);
  } else {
    process.stderr.write(`update-runtimes: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  }
  process.exitCode = 1;
}
