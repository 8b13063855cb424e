// An env whose pins the index cannot satisfy: the error names every unavailable pin, with the
// versions the index lists (pip stops at the first). Uses the real package index.
import { describe, expect, it } from "vitest";
import { access } from "node:fs/promises";
import { ensureEnvironment, environmentLocation, findInterpreter, PythonEnvError } from "../src/index.js";
import { skipUnlessPresent, tempDir } from "./helpers.js";

const python = await findInterpreter("3.12");
if (python === undefined) console.warn("unavailable-pins test skipped: needs Python 3.12 (pyenv install 3.12)");

describe("unavailable pins", { timeout: 600_000, ...skipUnlessPresent(python !== undefined, "python:3.12", "interpreter", "needs Python 3.12 (pyenv install 3.12)") }, () => {
  it("names every pin the index lacks and what it has, and leaves no env behind", async () => {
    const { dir, cleanup } = await tempDir("pins");
    try {
      if (python === undefined) throw new Error("unreachable: the describe is skipped without Python 3.12");
      const request = {
        interpreter: python,
        requirements: ["flake8==0.0.1", "mypy==0.0.1", "six"],
        backend: "venv" as const,
        cacheDir: dir,
      };
      const error = await ensureEnvironment(request).then(
        () => undefined,
        (failure: unknown) => failure,
      );
      expect(error).toBeInstanceOf(PythonEnvError);
      const message = (error as PythonEnvError).message;
      expect(message).toMatch(/these 2 requirements are not available/);
      expect(message).toMatch(/'flake8==0\.0\.1' \(the index has: [^)]*7\.\d+\.\d+/);
      expect(message).toMatch(/'mypy==0\.0\.1' \(the index has: [^)]*1\.\d+\.\d+/);
      expect(message).not.toMatch(/'six'/);
      await expect(access(environmentLocation(request).dir)).rejects.toThrow();
    } finally {
      await cleanup();
    }
  });
});
