// The real CLI (dist/bin, built before tests run): input errors exit non-zero with one message.
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { run } from "@pyflink-devkit/runner";
import { describe, expect, it } from "vitest";

const BIN = fileURLToPath(new URL("../dist/bin/pyflink-run-job.js", import.meta.url));

function msfApp(runOptions: Record<string, string>): string {
  const app = mkdtempSync(path.join(os.tmpdir(), "run-job-cli-"));
  writeFileSync(path.join(app, "main.py"), "print('hello')\n");
  mkdirSync(path.join(app, "deps"));
  writeFileSync(path.join(app, "application_properties.json"), JSON.stringify([{ PropertyGroupId: "kinesis.analytics.flink.run.options", PropertyMap: runOptions }]));
  return app;
}

describe("pyflink-run-job", () => {
  it("a jarfile the application does not hold exits 1 naming it, before any JVM starts", async () => {
    const app = msfApp({ python: "main.py", jarfile: "lib/pyflink-dependencies.jar", pyFiles: "deps/" });
    const result = await run(process.execPath, [BIN, "--msf", app, "--pyflink", "1.20.0", "--python", "3.11"], { reject: false });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/"jarfile": "lib\/pyflink-dependencies\.jar" in .*application_properties\.json names a file that is not in the application/);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
  });

  it("run options without an entry exit 1 saying what to add", async () => {
    const app = msfApp({ jarfile: "lib/x.jar" });
    const result = await run(process.execPath, [BIN, "--msf", app, "--pyflink", "1.20.0", "--python", "3.11"], { reject: false });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('add {"python": "main.py"}');
  });

  it("a missing --pyflink is a usage error (exit 2)", async () => {
    const result = await run(process.execPath, [BIN, "--entry", "main.py", "--python", "3.11"], { reject: false });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain("--pyflink");
  });
});
