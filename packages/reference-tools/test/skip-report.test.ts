// The skip record from a test's options to the table: a real vitest run of a fixture suite, its JSON
// report, and the table and CI verdict tools/test.mjs prints from it.
import { execFileSync } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { allowedInCi, collectSkips, formatSkipTable, parseAllowList, ReferenceToolsError, type VitestJsonReport } from "../src/index.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const pkg = path.resolve(here, "..");
let report: VitestJsonReport;

beforeAll(async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), "skip-report-"));
  try {
    const out = path.join(dir, "report.json");
    execFileSync(path.join(pkg, "..", "..", "node_modules", ".bin", "vitest"), ["run", "--root", path.join(here, "fixtures", "skip-project"), "--outputFile", out], { cwd: pkg, stdio: "ignore" });
    report = JSON.parse(await readFile(out, "utf8")) as VitestJsonReport;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

describe("collectSkips on a real vitest JSON report", () => {
  it("counts each skipped test under its recorded reason, and the unexplained one as unrecorded", () => {
    const groups = collectSkips([{ pkg: "demo", report }]);
    const byRef = Object.fromEntries(groups.map((g) => [g.reference, g]));
    expect(byRef["debian:zip"]).toMatchObject({ source: "debian", count: 2, reason: "zip is not on PATH (Debian package zip: apt-get install zip)" });
    expect(byRef["conda:conda"]).toMatchObject({ source: "conda", count: 1 });
    expect(byRef["pypi:tox==3.14.0"]).toMatchObject({ source: "pypi", count: 1, reason: "pip could not install tox==3.14.0" });
    expect(byRef["unrecorded:demo"]).toMatchObject({ source: "unrecorded", count: 1, examples: ["demo: skips without a reason"] });
    expect(groups.reduce((sum, g) => sum + g.count, 0)).toBe(report.numPendingTests);
    expect(report.numPassedTests).toBe(1);
  });

  it("lets CI accept only what no machine here can have, plus the allow-list", () => {
    const groups = collectSkips([{ pkg: "demo", report }]);
    const verdict = (allow: { reference: string; why: string }[]): string[] => groups.filter((g) => !allowedInCi(g, allow)).map((g) => g.reference).sort();
    expect(verdict([])).toEqual(["debian:zip", "pypi:tox==3.14.0", "unrecorded:demo"]);
    expect(verdict([{ reference: "debian:zip", why: "test" }])).toEqual(["pypi:tox==3.14.0", "unrecorded:demo"]);
    const table = formatSkipTable(groups, []);
    expect(table).toContain("     2  debian:zip: zip is not on PATH (Debian package zip: apt-get install zip)  [not allowed under CI=true]");
    expect(table).toContain("     1  conda:conda: no conda here\n");
    expect(table).toContain("e.g. demo: skips without a reason");
  });
});

describe("parseAllowList", () => {
  it("reads entries and refuses one without a why", () => {
    expect(parseAllowList('{"allowed":[{"reference":"debian:zip","why":"because"}]}', "a.json")).toEqual([{ reference: "debian:zip", why: "because" }]);
    expect(() => parseAllowList('{"allowed":[{"reference":"debian:zip"}]}', "a.json")).toThrow(ReferenceToolsError);
    expect(() => parseAllowList("[]", "a.json")).toThrow(/expected \{"allowed"/);
  });

  it("the committed allow-list parses", async () => {
    const file = path.resolve(pkg, "..", "..", ".ci", "allowed-skips.json");
    expect(Array.isArray(parseAllowList(await readFile(file, "utf8"), file))).toBe(true);
  });
});
