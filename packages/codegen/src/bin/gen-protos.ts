#!/usr/bin/env node
// gen-protos: parses flags, calls @pyflink-devkit/codegen, prints the outcome, sets the exit code.
import { Command } from "commander";
import { CodegenError, describeResult, generateProtos, invocationDirectory, resolveTarget } from "../index.js";

interface CliFlags {
  readonly check?: boolean;
  readonly flinkPython?: string;
  readonly protoPath?: string;
  readonly pythonOut?: string;
  readonly tsOut?: string;
  readonly protobufPython?: string;
  readonly licenseHeader: boolean;
  readonly licenseHeaderFile?: string;
  readonly ts: boolean;
  readonly pyi?: boolean;
  readonly debug?: boolean;
}

const program = new Command()
  .name("gen-protos")
  .description(
    "Regenerate Python (_pb2.py/_pb2.pyi) and TypeScript (ts-proto) bindings from .proto files with buf — no Python, no protoc.\n" +
      "Without --flink-python or --proto-path: this repository's proto/ → packages/fn-execution-py and packages/fn-execution.",
  )
  .argument("[files...]", "generic mode: .proto files relative to --proto-path (default: every .proto under it)")
  .option("--check", "regenerate in memory and compare with the files on disk; exit 1 with a per-file summary when they differ")
  .option("--flink-python <dir>", "a Flink checkout's flink-python directory: pyflink/proto → pyflink/fn_execution, Flink's header")
  .option("--proto-path <root>", "generic mode: the proto import root")
  .option("--python-out <dir>", "generic mode: where a/b/c.proto's a/b/c_pb2.py(i) go")
  .option("--ts-out <dir>", "generic mode: where ts-proto's .ts files go (default: --python-out)")
  .option("--protobuf-python <version>", "the protobuf Python release whose generated code to reproduce (default 6.31.1)")
  .option("--no-license-header", "do not put Flink's license header before the Python files")
  .option("--license-header-file <file>", "put this file's text before the Python files instead of Flink's header")
  .option("--no-ts", "do not generate TypeScript")
  .option("--pyi", "generate .pyi stubs (default: when the protobuf release has a pyi generator, 3.20+)")
  .option("--no-pyi", "do not generate .pyi stubs")
  .option("--debug", "show stack traces")
  .showHelpAfterError("(run gen-protos --help for every option)")
  // Exit 1 means "--check found differences"; a usage mistake is an error like any other: 2.
  .exitOverride((error) => process.exit(error.exitCode === 0 ? 0 : 2));

program.action(async (files: string[], flags: CliFlags) => {
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
});

await program.parseAsync();
