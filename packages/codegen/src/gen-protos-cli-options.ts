// gen-protos' command line as data: the options table feeds both commander (help, usage errors)
// and the quick parser the bin tries first, so the two can never accept different flags.
import { parseArgs, type ParseArgsConfig } from "node:util";

export interface CliFlags {
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

export interface CliOption {
  /** Commander's syntax: "--name", "--name <value>" or "--no-name". */
  readonly flags: string;
  readonly description: string;
}

export const GEN_PROTOS_DESCRIPTION =
  "Regenerate Python (_pb2.py/_pb2.pyi) and TypeScript (ts-proto) bindings from .proto files with buf — no Python, no protoc.\n" +
  "Without --flink-python or --proto-path: this repository's proto/ → packages/fn-execution-py and packages/fn-execution.";

export const GEN_PROTOS_ARGUMENT = { name: "[files...]", description: "generic mode: .proto files relative to --proto-path (default: every .proto under it)" } as const;

export const GEN_PROTOS_OPTIONS: readonly CliOption[] = [
  { flags: "--check", description: "regenerate in memory and compare with the files on disk; exit 1 with a per-file summary when they differ" },
  { flags: "--flink-python <dir>", description: "a Flink checkout's flink-python directory: pyflink/proto → pyflink/fn_execution, Flink's header" },
  { flags: "--proto-path <root>", description: "generic mode: the proto import root" },
  { flags: "--python-out <dir>", description: "generic mode: where a/b/c.proto's a/b/c_pb2.py(i) go" },
  { flags: "--ts-out <dir>", description: "generic mode: where ts-proto's .ts files go (default: --python-out)" },
  { flags: "--protobuf-python <version>", description: "the protobuf Python release whose generated code to reproduce (default 6.31.1)" },
  { flags: "--no-license-header", description: "do not put Flink's license header before the Python files" },
  { flags: "--license-header-file <file>", description: "put this file's text before the Python files instead of Flink's header" },
  { flags: "--no-ts", description: "do not generate TypeScript" },
  { flags: "--pyi", description: "generate .pyi stubs (default: when the protobuf release has a pyi generator, 3.20+)" },
  { flags: "--no-pyi", description: "do not generate .pyi stubs" },
  { flags: "--debug", description: "show stack traces" },
];

interface ParsedOption {
  /** The name on the command line, without "--". */
  readonly name: string;
  /** The CliFlags key it sets (commander's camel-cased name, without "no-"). */
  readonly key: string;
  readonly takesValue: boolean;
  readonly negated: boolean;
}

function describeOption(option: CliOption): ParsedOption {
  const match = /^--([a-z][a-z-]*)( <[a-z]+>)?$/u.exec(option.flags);
  const name = match?.[1];
  if (name === undefined) throw new Error(`gen-protos option table: cannot read "${option.flags}"`);
  const negated = name.startsWith("no-");
  const key = (negated ? name.slice(3) : name).replace(/-([a-z])/gu, (_, letter: string) => letter.toUpperCase());
  return { name, key, takesValue: match?.[2] !== undefined, negated };
}

/**
 * The command line read with node:util's parseArgs, for the common case of valid flags; undefined
 * for anything else (--help, an unknown option, a missing or doubtful value), which the bin then
 * hands to commander for its messages and exit codes. Later flags win, as with commander.
 */
export function parseFlagsQuickly(args: readonly string[]): { readonly files: string[]; readonly flags: CliFlags } | undefined {
  const described = GEN_PROTOS_OPTIONS.map(describeOption);
  const options: NonNullable<ParseArgsConfig["options"]> = {};
  for (const option of described) options[option.name] = { type: option.takesValue ? "string" : "boolean" };
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: [...args], options, strict: true, allowPositionals: true, tokens: true });
  } catch {
    return undefined;
  }
  const byName = new Map(described.map((option) => [option.name, option]));
  const flags: Record<string, string | boolean> = { licenseHeader: true, ts: true };
  for (const token of parsed.tokens ?? []) {
    if (token.kind !== "option") continue;
    const option = byName.get(token.name);
    if (option === undefined) return undefined;
    flags[option.key] = option.takesValue ? (token.value ?? "") : !option.negated;
  }
  return { files: parsed.positionals, flags: flags as unknown as CliFlags };
}
