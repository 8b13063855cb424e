import { describe, expect, it } from "vitest";
import { missing, present, requirement, SKIP_META_KEY, skipNowUnless, skipUnless, SOURCES, valueOf } from "../src/index.js";

describe("skipUnless", () => {
  it("runs when every reference is present", () => {
    expect(skipUnless(present(1), requirement(true, "platform:linux", "platform", "needs Linux"))).toEqual({ skip: false, meta: {} });
  });

  it("skips on the first missing reference and records it in the meta vitest reports", () => {
    const options = skipUnless(present(1), missing("debian:zip", "debian", "zip is not on PATH"), missing("pypi:tox==1", "pypi", "no tox"));
    expect(options.skip).toBe(true);
    expect(options.meta[SKIP_META_KEY]).toEqual({ kind: "reference-skip", reference: "debian:zip", source: "debian", reason: "zip is not on PATH" });
  });

  it("valueOf throws on a missing reference, naming it", () => {
    expect(valueOf(present("x"))).toBe("x");
    expect(() => valueOf(missing("debian:zip", "debian", "zip is not on PATH"))).toThrow(/debian:zip/);
  });

  it("says which sources a machine of ours can always install", () => {
    const installable = Object.entries(SOURCES).filter(([, s]) => s.installableHere).map(([k]) => k).sort();
    expect(installable).toEqual(["debian", "fixture", "maven", "npm", "pypi"]);
  });
});

// The recorded skip, seen from inside: this test skips itself at run time and the JSON report
// carries its reason (tools/test.mjs reads it; its own test checks the table).
describe("skipNowUnless", () => {
  it("returns when everything is there", (context) => {
    skipNowUnless(context, present(true));
    expect(context.task.meta).not.toHaveProperty(SKIP_META_KEY);
  });
});
