import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { skipUnless, systemTools } from "@pyflink-devkit/reference-tools";
import { checkBudgets, formatBudgetReport, openBundle } from "../src/index.js";
import { distribution, infoZip, tempDir, writeLock, writeTree } from "./verify-helpers.js";

const MIB = 1024 * 1024;

/** An MSF bundle whose app zip stores (zip -0) a sparse 55 MiB file inside a "numpy" distribution. */
function bigMsfBundle(): string {
  const root = tempDir("pyflink-pack-budget-test-");
  const app = path.join(root, "app");
  const numpy = distribution("numpy", "1.24.4", { "numpy/__init__.py": "", "numpy/core/_big.so": "" });
  writeTree(app, { "main.py": "import numpy\n", ...Object.fromEntries(Object.entries(numpy).map(([name, text]) => [`deps/${name}`, text])) });
  writeTree(path.join(app, "deps"), distribution("tinydep", "2.0", { "tinydep.py": "VALUE = 1\n" }));
  // Sparse: no disk blocks until zip reads it; stored so the zip really is that big.
  execFileSync("truncate", ["-s", String(55 * MIB), path.join(app, "deps", "numpy", "core", "_big.so")]);
  mkdirSync(path.join(app, "lib"));
  writeFileSync(path.join(app, "lib", "connector.jar"), Buffer.alloc(2 * MIB, 1));
  const bundle = path.join(root, "bundle");
  mkdirSync(bundle);
  infoZip(app, path.join(bundle, "job.zip"), ["-0"]);
  writeFileSync(path.join(bundle, "application_properties.json"), JSON.stringify([{ PropertyGroupId: "kinesis.analytics.flink.run.options", PropertyMap: { python: "main.py", pyFiles: "deps/", jarfile: "lib/connector.jar" } }]));
  writeLock(bundle, { target: "msf", flink: "1.20" });
  return bundle;
}

describe("size budgets (skipped: needs zip, unzip and truncate)", skipUnless(systemTools("zip", "truncate", "unzip")), () => {
  it("warns about an MSF app zip over the 50 MiB inline upload limit, with its biggest items first", async () => {
    const bundleDir = bigMsfBundle();
    const bundle = await openBundle(bundleDir);
    try {
      const report = await checkBudgets(bundle);
      expect(report.ok).toBe(true); // advice only: 512 MiB is the hard limit
      expect(report.findings).toHaveLength(1);
      const [finding] = report.findings;
      expect(finding?.limit.bytes).toBe(52_428_800);
      expect(finding?.limit.severity).toBe("advice");
      expect(finding?.artifact).toBe("job.zip");
      expect(finding?.message).toContain("over the 50.0 MiB advice");
      expect(finding?.fixes[0]).toContain("upload the zip to S3");
      // Independent sizes: Info-ZIP's own listing of the stored (uncompressed) entries.
      const listing = execFileSync("unzip", ["-Zl", path.join(bundle.root, "job.zip")], { encoding: "utf8" });
      const stored = (name: string): number => {
        const line = listing.split("\n").find((row) => row.trimEnd().endsWith(` ${name}`));
        return Number(line?.trim().split(/\s+/)[5]);
      };
      expect(finding?.top.map((item) => item.name)).toEqual(["numpy", "connector.jar", "tinydep", "job sources"]);
      expect(finding?.top[0]?.bytes).toBe(stored("deps/numpy/core/_big.so") + stored("deps/numpy/__init__.py") + stored("deps/numpy-1.24.4.dist-info/METADATA") + stored("deps/numpy-1.24.4.dist-info/RECORD"));
      expect(finding?.top[0]?.hint).toContain("runtime already provides numpy");
      expect(finding?.top[1]?.bytes).toBe(stored("lib/connector.jar"));
      expect(formatBudgetReport(report)).toMatch(/warn job\.zip is 57\.\d MiB .*\n\s+biggest items:\n\s+55\.0 MiB {2}numpy \(distribution\)/);
    } finally {
      await bundle.close();
      // The stored zip really is 57 MiB: do not leave it in /tmp.
      rmSync(path.dirname(bundleDir), { recursive: true, force: true });
    }
  });

  it("passes a small bundle and fails a hard limit, with the target's fixes", async () => {
    const root = tempDir("pyflink-pack-budget-test-");
    const deps = path.join(root, "deps");
    writeTree(deps, distribution("tinydep", "2.0", { "tinydep.py": "VALUE = 1\n".repeat(100) }));
    const bundle = path.join(root, "bundle");
    mkdirSync(bundle);
    writeFileSync(path.join(bundle, "main.py"), "import tinydep\n");
    infoZip(deps, path.join(bundle, "deps.zip"));
    writeLock(bundle, { target: "flink", flink: "1.20", python: "3.11" });
    const opened = await openBundle(bundle);
    try {
      const fine = await checkBudgets(opened);
      expect(fine.findings).toEqual([]);
      expect(fine.artifacts.map((artifact) => artifact.artifact)).toEqual(["deps.zip"]);
      // The same bundle against a tiny blob-server limit: the flink archive rule and its fixes.
      const tight = await checkBudgets({ files: opened.files, runtime: { ...opened.runtime, sizeLimits: [{ applies: "archive", bytes: 100, severity: "hard", what: "test limit" }] } });
      expect(tight.ok).toBe(false);
      expect(tight.findings[0]?.top[0]?.name).toBe("tinydep");
      expect(tight.findings[0]?.fixes[0]).toContain("python.archives");
    } finally {
      await opened.close();
    }
  });
});
