// Planted defect: the job's own package holds its UDF class but sits beside the entry, not on the
// workers' path (MSF pyFiles = deps/ only; docs/packaging-facts.md E6). verify names the problem
// without running anything; verify --run executes the bounded job on the real apache-flink of
// MSF 1.20 and the worker's ModuleNotFoundError shows it for real. The same bundle with the
// package under deps/ passes both.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { requirement, skipUnless, systemTool } from "@pyflink-devkit/reference-tools";
import { findExecutable } from "@pyflink-devkit/runner";
import { infoZip, pythonFor, runCli, tempDir, writeLock, writeTree } from "./verify-helpers.js";

const PYTHON311 = pythonFor("3.11");
const HAVE_JAVA = findExecutable("java") !== undefined || (process.env.JAVA_HOME ?? "") !== "";

const MAIN = `from pyflink.table import EnvironmentSettings, TableEnvironment
from mypkg.udfs import plus_one


def main():
    t_env = TableEnvironment.create(EnvironmentSettings.in_streaming_mode())
    t_env.create_temporary_system_function("plus_one", plus_one)
    t_env.execute_sql("""
        CREATE TABLE numbers (n BIGINT) WITH (
          'connector' = 'datagen', 'number-of-rows' = '3',
          'fields.n.kind' = 'sequence', 'fields.n.start' = '1', 'fields.n.end' = '3'
        )""")
    t_env.execute_sql("CREATE TABLE out_rows (n BIGINT, m BIGINT) WITH ('connector' = 'print')")
    t_env.execute_sql("INSERT INTO out_rows SELECT n, plus_one(n) FROM numbers").wait()


if __name__ == "__main__":
    main()
`;
// A ScalarFunction subclass: cloudpickle pickles the class by reference, so workers import mypkg.udfs.
const UDFS = "from pyflink.table import DataTypes\nfrom pyflink.table.udf import ScalarFunction, udf\n\n\nclass PlusOne(ScalarFunction):\n    def eval(self, n):\n        return n + 1\n\n\nplus_one = udf(PlusOne(), result_type=DataTypes.BIGINT())\n";
// A decorated function: the module name is bound to the wrapper, so cloudpickle sends the function by value.
const DECORATED = "from pyflink.table import DataTypes\nfrom pyflink.table.udf import udf\n\n\n@udf(result_type=DataTypes.BIGINT())\ndef plus_one(n):\n    return n + 1\n";

/** An MSF bundle: main.py at the zip root, mypkg at `where` in the zip, pyFiles = deps/. */
function msfBundle(where: "root" | "deps", udfs: string = UDFS): string {
  const root = tempDir();
  const prefix = where === "root" ? "" : "deps/";
  writeTree(path.join(root, "app"), { "main.py": MAIN, [`${prefix}mypkg/__init__.py`]: "", [`${prefix}mypkg/udfs.py`]: udfs, "deps/.keep": "" });
  const bundle = path.join(root, "bundle");
  mkdirSync(bundle);
  infoZip(path.join(root, "app"), path.join(bundle, "job.zip"));
  writeFileSync(path.join(bundle, "application_properties.json"), JSON.stringify([{ PropertyGroupId: "kinesis.analytics.flink.run.options", PropertyMap: { python: "main.py", pyFiles: "deps/" } }]));
  writeLock(bundle, { target: "msf", flink: "1.20" });
  return bundle;
}

interface Report {
  readonly problems: readonly string[];
  readonly run?: { readonly mode: string; readonly status: string; readonly detail: string; readonly output: string };
}

describe("planted defect: own package not importable on the workers", skipUnless(requirement(PYTHON311 !== undefined, "python:3.11", "interpreter", "no python3.11 (MSF 1.20's Python): pyenv install 3.11"), systemTool("zip")), () => {
  it("verify names the package, the UDF that needs it and the fix; with the package under deps/ it passes", () => {
    const planted = runCli(["verify", msfBundle("root"), "--json", "--interpreter", PYTHON311 ?? "python3.11"]);
    expect(planted.status).toBe(1);
    const problems = (JSON.parse(planted.stdout) as Report).problems.join("\n");
    expect(problems).toContain("own package mypkg is not importable on the workers");
    expect(problems).toContain("mypkg/udfs.py:5: class PlusOne(ScalarFunction):");
    expect(problems).toContain("No module named 'mypkg'");
    const fixed = runCli(["verify", msfBundle("deps"), "--json", "--interpreter", PYTHON311 ?? "python3.11"]);
    expect((JSON.parse(fixed.stdout) as Report).problems).toEqual([]);
    expect(fixed.status).toBe(0);
    // A decorated UDF beside the entry travels by value: a note, no false alarm.
    const decorated = JSON.parse(runCli(["verify", msfBundle("root", DECORATED), "--json", "--interpreter", PYTHON311 ?? "python3.11"]).stdout) as Report & { notes: string[] };
    expect(decorated.problems).toEqual([]);
    expect(decorated.notes.join("\n")).toContain("mypkg: imported by the entry from beside it");
  });

});

describe("planted defect: own package not importable on the workers, run on PyFlink", skipUnless(requirement(PYTHON311 !== undefined, "python:3.11", "interpreter", "no python3.11 (MSF 1.20's Python): pyenv install 3.11"), systemTool("zip"), requirement(HAVE_JAVA, "debian:java", "debian", "no java on PATH and no JAVA_HOME (Debian package openjdk-17-jdk-headless)")), () => {
  it(
    "verify --run executes it on PyFlink 1.20.x in separate worker processes: the worker fails importing mypkg; fixed, the rows come out",
    () => {
      const planted = JSON.parse(runCli(["verify", msfBundle("root"), "--run", "--json", "--interpreter", PYTHON311 ?? "python3.11"]).stdout) as Report;
      expect(planted.run).toMatchObject({ mode: "executed", status: "failed" });
      expect(planted.run?.detail).toMatch(/No module named 'mypkg'/);
      // Verified the other way round too: the decorated UDF beside the entry really runs on a separate worker process.
      const decorated = JSON.parse(runCli(["verify", msfBundle("root", DECORATED), "--run", "--json", "--interpreter", PYTHON311 ?? "python3.11"]).stdout) as Report;
      expect(decorated.run, JSON.stringify(decorated.problems)).toMatchObject({ mode: "executed", status: "passed" });
      const fixed = JSON.parse(runCli(["verify", msfBundle("deps"), "--run", "--json", "--interpreter", PYTHON311 ?? "python3.11"]).stdout) as Report;
      expect(fixed.run, JSON.stringify(fixed.problems)).toMatchObject({ mode: "executed", status: "passed" });
      const rows = (fixed.run?.output ?? "").split("\n").map((l) => /([+-][IUD]\[.*\])$/.exec(l.trim())?.[1]).filter((r): r is string => r !== undefined).sort();
      expect(rows).toEqual(["+I[1, 2]", "+I[2, 3]", "+I[3, 4]"]);
    },
    1_200_000,
  );
});

describe("pack puts the job's own package on the workers' path", skipUnless(requirement(PYTHON311 !== undefined, "python:3.11", "interpreter", "no python3.11 (MSF 1.20's Python): pyenv install 3.11"), requirement(HAVE_JAVA, "debian:java", "debian", "no java on PATH and no JAVA_HOME (Debian package openjdk-17-jdk-headless)")), () => {
  it(
    "the project (main.py + mypkg with a ScalarFunction subclass) packs for MSF into a bundle verify passes and verify --run executes on PyFlink 1.20.x",
    () => {
      const project = path.join(tempDir(), "own-package-job");
      writeTree(project, { "main.py": MAIN, "mypkg/__init__.py": "", "mypkg/udfs.py": UDFS });
      const out = path.join(tempDir(), "bundle");
      const packed = runCli(["--project", project, "--target", "msf", "--flink", "1.20", "--out", out, "--no-cache"]);
      expect(packed.status, packed.stderr).toBe(0);
      const verified = JSON.parse(runCli(["verify", out, "--run", "--json", "--interpreter", PYTHON311 ?? "python3.11"]).stdout) as Report;
      expect(verified.problems).toEqual([]);
      expect(verified.run, JSON.stringify(verified.problems)).toMatchObject({ mode: "executed", status: "passed" });
      const rows = (verified.run?.output ?? "").split("\n").map((l) => /([+-][IUD]\[.*\])$/.exec(l.trim())?.[1]).filter((r): r is string => r !== undefined).sort();
      expect(rows).toEqual(["+I[1, 2]", "+I[2, 3]", "+I[3, 4]"]);
    },
    1_200_000,
  );
});
