// What the check table tells its consumers (the dev loop runs the checks that take files on each
// saved file): a check that says it takes files names exactly the changed files in its command.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { CHECKS, readProject, type CheckContext } from "../src/index.js";

const flinkStyle = path.join(path.dirname(fileURLToPath(import.meta.url)), "fixtures", "flink-style");

describe("takesFiles", () => {
  it("is true exactly for the checks whose command runs on the changed files alone (a file inside every tool's configured scope)", async () => {
    const project = await readProject(flinkStyle);
    const context = (changedFiles: readonly string[]): CheckContext => ({ project, files: [], python: "python", changedFiles, scratchDir: "/scratch", mode: "direct", toxEnvs: [], tox: undefined, interpreterDirs: [] });
    for (const check of CHECKS) {
      const command = check.command(context(["pyflink/common/types.py"]));
      const namesFile = command.kind === "run" && command.args.includes("pyflink/common/types.py");
      expect(namesFile, check.name).toBe(check.takesFiles);
    }
    expect(CHECKS.filter((check) => check.takesFiles).map((check) => check.name)).toEqual(["flake8", "mypy"]);
  });
});
