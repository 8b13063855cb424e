// The --check line diff against GNU diff (an independent implementation) on real generated text.
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { skipUnless, systemTool } from "@pyflink-devkit/reference-tools";
import { compareText } from "../src/diff-summary.js";
import { repoRoot, tempDir } from "./support/cli.js";

const diffRef = systemTool("diff");
const original = readFileSync(path.join(repoRoot, "packages/fn-execution/src/gen/flink-fn-execution.ts"), "utf8");

/** Hunks of `diff` output: "12,14c12,15" → removed/added counts. */
function gnuDiff(before: string, after: string): { removed: number; added: number; hunks: number } {
  const dir = tempDir("diff");
  writeFileSync(path.join(dir, "a"), before);
  writeFileSync(path.join(dir, "b"), after);
  const out = spawnSync("diff", [path.join(dir, "a"), path.join(dir, "b")], { encoding: "utf8" }).stdout.split("\n");
  return {
    hunks: out.filter((l) => /^\d/.test(l)).length,
    removed: out.filter((l) => l.startsWith("< ")).length,
    added: out.filter((l) => l.startsWith("> ")).length,
  };
}

describe("compareText", () => {
  it("reports same / missing", () => {
    expect(compareText("a\n", "a\n")).toEqual({ status: "same" });
    expect(compareText("a\n", undefined)).toEqual({ status: "missing" });
  });

  it("finds the same changed lines as GNU diff in scattered edits of a 7000-line file (needs diff)", skipUnless(diffRef), () => {
    const lines = original.split("\n");
    const edited = [...lines];
    edited.splice(5000, 3); // delete
    edited[3000] = `${edited[3000] ?? ""} // changed`; // change
    edited.splice(120, 0, "inserted 1", "inserted 2"); // insert
    const onDisk = edited.join("\n");
    const comparison = compareText(original, onDisk);
    if (comparison.status !== "differs") throw new Error("expected a difference");
    const ours = {
      hunks: comparison.hunks.length,
      removed: comparison.hunks.reduce((s, h) => s + h.removed.length, 0),
      added: comparison.hunks.reduce((s, h) => s + h.added.length, 0),
    };
    expect(ours).toEqual(gnuDiff(onDisk, original));
    expect(comparison.hunks[0]?.actualLine).toBe(121);
    expect(comparison.hunks[0]?.removed).toEqual(["inserted 1", "inserted 2"]);
  });
});
