import { chmod, mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { findExecutable, run } from "@pyflink-devkit/runner";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  condaCreateCommand,
  ensureEnvironment,
  findInterpreter,
  PythonEnvError,
  uvEnvFromPip,
  uvPipInstallCommand,
  uvVenvCommand,
  venvCreateCommand,
  type Interpreter,
} from "../src/index.js";
import { PIP_ENV, tempDir, skipUnlessPresent } from "./helpers.js";

const uv = findExecutable("uv");
const condaTool = ["conda", "mamba", "micromamba"].map((tool) => findExecutable(tool)).find((found) => found !== undefined);

describe("command construction", () => {
  it("conda create: a prefix env with python=X.Y, non-interactive, as lint-python.sh ran it", () => {
    expect(condaCreateCommand({ tool: "/opt/conda/bin/conda", prefix: "/cache/envs/py3.11-conda-abc", pythonVersion: "3.11" })).toEqual({
      file: "/opt/conda/bin/conda",
      args: ["create", "--prefix", "/cache/envs/py3.11-conda-abc", "python=3.11", "--yes", "--quiet"],
    });
    expect(condaCreateCommand({ tool: "micromamba", prefix: "/p", pythonVersion: "3.12.1", channels: ["conda-forge"] }).args).toEqual([
      "create", "--prefix", "/p", "python=3.12.1", "-c", "conda-forge", "--yes", "--quiet",
    ]);
  });

  it("venv and uv commands name the interpreter and the env explicitly", () => {
    const interpreter = { executable: "/py/bin/python3.11" };
    expect(venvCreateCommand(interpreter, "/e")).toEqual({ file: "/py/bin/python3.11", args: ["-m", "venv", "/e"] });
    expect(uvVenvCommand("/bin/uv", interpreter, "/e")).toMatchObject({ file: "/bin/uv", args: ["venv", "--python", "/py/bin/python3.11", "--seed", "--quiet", "/e"] });
    expect(uvPipInstallCommand("/bin/uv", "/e/bin/python", ["six", "Jinja2<3.1.0"])).toMatchObject({
      file: "/bin/uv",
      args: ["pip", "install", "--python", "/e/bin/python", "six", "Jinja2<3.1.0"],
    });
  });

  it("hands uv the pip settings it reads under other names, unless uv's own are set", () => {
    expect(uvEnvFromPip({ PIP_CERT: "/ca.pem", PIP_INDEX_URL: "https://mirror/simple", PIP_FIND_LINKS: "/wheels" })).toEqual({
      SSL_CERT_FILE: "/ca.pem",
      UV_INDEX_URL: "https://mirror/simple",
      UV_FIND_LINKS: "/wheels",
    });
    expect(uvEnvFromPip({ PIP_CERT: "/ca.pem", SSL_CERT_FILE: "/mine.pem" })).toEqual({});
    expect(uvEnvFromPip({})).toEqual({});
  });
});

// Cold builds take 5-30 s on this shared machine.
describe("backends that need a tool", { timeout: 10 * 60 * 1000 }, () => {
  let work: { dir: string; cleanup: () => Promise<void> };
  let interpreter: Interpreter | undefined;
  beforeAll(async () => {
    work = await tempDir("backends");
    interpreter = (await findInterpreter("3.11", { cacheDir: work.dir })) ?? (await findInterpreter("3.12", { cacheDir: work.dir }));
  });
  afterAll(async () => {
    await work.cleanup();
  });

  it("asking for conda without conda/mamba/micromamba on PATH says what to install (skipped: a conda tool is installed)", skipUnlessPresent(condaTool === undefined, "conda:installed", "conda", "a conda tool is installed, so the missing-conda message cannot be seen"), async () => {
    if (!interpreter) throw new Error("no Python 3.11/3.12 found");
    const error = await ensureEnvironment({ interpreter, requirements: [], backend: "conda", cacheDir: work.dir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PythonEnvError);
    expect((error as Error).message).toMatch(/conda or mamba or micromamba on PATH.*"venv" backend/);
  });

  // Stand-ins for the real tools: each checks that it got exactly the command our backend
  // constructs and then does the equivalent with venv + pip, so the whole build pipeline of the
  // backend (tool lookup on PATH, create step, install step, marker, reuse) runs for real.
  async function standIn(name: string, body: string): Promise<string> {
    const dir = path.join(work.dir, `stand-in-${name}`);
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, name), `#!/bin/sh\nset -e\n${body}\n`);
    await chmod(path.join(dir, name), 0o755);
    return dir;
  }

  it("conda backend pipeline with a stand-in conda: create --prefix, then pip into it, then reuse", async () => {
    if (!interpreter) throw new Error("no Python 3.11/3.12 found");
    const fakeDir = await standIn(
      "conda",
      `[ "$1 $2" = "create --prefix" ] && [ "$4 $5 $6" = "python=${interpreter.minor} --yes --quiet" ] || { echo "unexpected: $*" >&2; exit 2; }\nexec "${interpreter.executable}" -m venv "$3"`,
    );
    const request = { interpreter, requirements: ["six"], backend: "conda" as const, cacheDir: path.join(work.dir, "conda"), env: { ...PIP_ENV, PATH: `${fakeDir}${path.delimiter}${process.env.PATH ?? ""}` } };
    const env = await ensureEnvironment(request);
    expect(env).toMatchObject({ reused: false, backend: "conda" });
    expect(path.basename(env.dir)).toMatch(/-conda-/);
    expect((await run(env.python, ["-c", "import six; print(six.__version__)"])).stdout).toMatch(/^\d+/);
    expect(await readFile(env.logFile, "utf8")).toContain(`conda create --prefix ${env.dir} python=${interpreter.minor} --yes --quiet`);
    expect((await ensureEnvironment(request)).reused).toBe(true);
  });

  it("uv backend pipeline with a stand-in uv: uv venv --seed, uv pip install --python", async () => {
    if (!interpreter) throw new Error("no Python 3.11/3.12 found");
    const fakeDir = await standIn(
      "uv",
      [
        `if [ "$1 $2 $3 $4 $5" = "venv --python ${interpreter.executable} --seed --quiet" ]; then exec "${interpreter.executable}" -m venv "$6"; fi`,
        `if [ "$1 $2 $3" = "pip install --python" ]; then py="$4"; shift 4; exec "$py" -m pip install "$@"; fi`,
        `echo "unexpected: $*" >&2; exit 2`,
      ].join("\n"),
    );
    const env = await ensureEnvironment({ interpreter, requirements: ["six"], backend: "uv", cacheDir: path.join(work.dir, "uv-stand-in"), env: { ...PIP_ENV, PATH: `${fakeDir}${path.delimiter}${process.env.PATH ?? ""}` } });
    expect(env).toMatchObject({ reused: false, backend: "uv" });
    expect((await run(env.python, ["-c", "import six; print(six.__version__)"])).stdout).toMatch(/^\d+/);
    expect(await readFile(env.logFile, "utf8")).toContain(`uv pip install --python ${env.python} six`);
  });

  it("uv backend builds a real env with six (skipped: uv is not on PATH here)", skipUnlessPresent(uv !== undefined, "pypi:uv", "pypi", "uv is not on PATH (.ci/run puts reference-tools' uv there; or pip install uv)"), async () => {
    if (!interpreter) throw new Error("no Python 3.11/3.12 found");
    const env = await ensureEnvironment({ interpreter, requirements: ["six"], backend: "uv", cacheDir: path.join(work.dir, "uv"), env: PIP_ENV });
    expect(env.reused).toBe(false);
    expect((await run(env.python, ["-c", "import six; print(six.__version__)"])).stdout).toMatch(/^\d+/);
  });
});
