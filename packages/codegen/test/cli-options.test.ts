// The bin reads valid flags with parseArgs and leaves everything else to commander: for valid
// command lines both must produce the same flags and files, commander being the reference.
import { describe, expect, it } from "vitest";
import { parseFlagsQuickly, type CliFlags } from "../src/gen-protos-cli-options.js";
import { parseWithCommander } from "../src/gen-protos-cli-usage.js";

async function viaCommander(args: readonly string[]): Promise<{ files: string[]; flags: CliFlags }> {
  let seen: { files: string[]; flags: CliFlags } | undefined;
  await parseWithCommander(["node", "gen-protos", ...args], (files, flags) => {
    seen = { files, flags: { ...flags } };
    return Promise.resolve();
  });
  if (seen === undefined) throw new Error(`commander did not run the action for ${args.join(" ")}`);
  return seen;
}

const VALID: readonly (readonly string[])[] = [
  [],
  ["--check"],
  ["--flink-python", "flink-python", "--protobuf-python", "3.21.12"],
  ["--flink-python=flink-python", "--no-license-header", "--debug"],
  ["--proto-path", "proto", "--python-out", "out", "a.proto", "--ts-out", "ts", "b/c.proto"],
  ["--proto-path", "proto", "--python-out", "out", "--no-ts", "--pyi", "--no-pyi"],
  ["--proto-path", "proto", "--python-out", "out", "--no-pyi", "--pyi", "--license-header-file", "h.txt"],
  ["--proto-path", "p1", "--proto-path", "p2", "--python-out", "", "--", "--odd.proto"],
];

describe("gen-protos command line", () => {
  it.each(VALID.map((args) => [args.join(" ") || "(no arguments)", args] as const))("reads %s as commander does", async (_, args) => {
    const quick = parseFlagsQuickly(args);
    expect(quick).toEqual(await viaCommander(args));
  });

  it("leaves help, unknown options and missing or doubtful values to commander", () => {
    for (const args of [["--help"], ["-h"], ["--no-such-flag"], ["--proto-path"], ["--proto-path", "--python-out", "x"], ["--check=yes"], ["--ts"], ["--license-header"]]) {
      expect(parseFlagsQuickly(args), args.join(" ")).toBeUndefined();
    }
  });
});
