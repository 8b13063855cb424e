import { writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PythonEnvError, readDependencyGroups, resolveDependencyGroups } from "../src/index.js";
import { tempDir } from "./helpers.js";

const fixture = path.join(path.dirname(fileURLToPath(import.meta.url)), "fixtures", "dependency-groups", "pyproject.toml");

let work: { dir: string; cleanup: () => Promise<void> };
beforeAll(async () => {
  work = await tempDir("groups");
});
afterAll(async () => {
  await work.cleanup();
});

describe("readDependencyGroups", () => {
  it("expands include-group recursively, with PEP 735 name normalization", async () => {
    const groups = await readDependencyGroups(fixture);
    expect(groups).toEqual({
      flake8: ["flake8==7.2.0"],
      Mypy_Types: ["types-pytz", "types-python-dateutil"],
      mypy: ["mypy==1.5.1", "types-pytz", "types-python-dateutil"],
      sphinx: ["Sphinx==4.5.0", "Docutils==0.17.1", "Jinja2<3.1.0"],
      dev: ["flake8==7.2.0", "mypy==1.5.1", "types-pytz", "types-python-dateutil", "tox==3.14.0"],
    });
  });

  it("a pyproject without [dependency-groups] has none", async () => {
    const file = path.join(work.dir, "plain.toml");
    await writeFile(file, '[project]\nname = "x"\n');
    expect(await readDependencyGroups(file)).toEqual({});
  });

  it.each([
    ["a cycle", { a: [{ "include-group": "b" }], b: [{ "include-group": "A" }] }, /cycle \(a -> b -> a\)/],
    ["an unknown include", { a: [{ "include-group": "nope" }] }, /includes "nope", which is not defined/],
    ["clashing normalized names", { "lint.tools": ["x"], "LINT-tools": ["y"] }, /same normalized name "lint-tools"/],
    ["a bad entry", { a: [42] }, /neither a requirement string nor \{include-group/],
    ["a group that is not a list", { a: "flake8" }, /must be a list/],
  ])("rejects %s with a PythonEnvError", (_name, table, message) => {
    expect(() => resolveDependencyGroups(table)).toThrow(PythonEnvError);
    expect(() => resolveDependencyGroups(table)).toThrow(message);
  });

  it("names the file and line of invalid TOML, and a missing file", async () => {
    const file = path.join(work.dir, "broken.toml");
    await writeFile(file, "[dependency-groups]\nflake8 = [\n");
    await expect(readDependencyGroups(file)).rejects.toThrow(new RegExp(`${file.replaceAll("/", "\\/")} is not valid TOML at line \\d+`));
    await expect(readDependencyGroups(path.join(work.dir, "missing.toml"))).rejects.toThrow(/Cannot read .*missing\.toml/);
  });
});
