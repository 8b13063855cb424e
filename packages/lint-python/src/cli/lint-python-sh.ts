// lint-python.sh's exact command-line interface (`getopts "hfs:i:e:lr"`, its messages' meaning, its
// exit codes, FLINK_UV_HOME, UV_PREFIX, BUILD_REASON and the dev/.uv layout), over this toolchain:
// what the drop-in dev/lint-python.sh written by `install-script` runs.
import { rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { LintPythonError } from "../lint-python-error.js";
import { lintPython } from "../run-lint.js";
import { provisionUvHome, UV_HOME_COMPONENTS, type UvHomeComponent } from "../uv-home.js";
import type { CheckName } from "../checks.js";
import { createRenderer } from "./render.js";
import { findingsReport, summaryTable } from "./render.js";

/** lint-python.sh's check names, in its order; `tox` is our `tests` check through tox. */
const SH_CHECKS: readonly { readonly name: string; readonly check: CheckName }[] = [
  { name: "flake8", check: "flake8" },
  { name: "mypy", check: "mypy" },
  { name: "sphinx", check: "sphinx" },
  { name: "tox", check: "tests" },
];

const USAGE = `
usage: lint-python.sh [options]
-h          print this help message and exit
-f          force to exec from the progress of installing environment
-s [basic,py_env,tox,flake8,sphinx,mypy,all]
            install environment with specified components which split by comma(,)
            note:
                This option is used to install environment components and will skip all subsequent checks,
                so do not use this option with -e,-i simultaneously.
-e [tox,flake8,sphinx,mypy]
            exclude checks which split by comma(,)
-i [tox,flake8,sphinx,mypy]
            include checks which split by comma(,)
-l          list all checks supported.
-r          clean up python environment.
(pyflink-devkit's lint:python behind Flink's interface: checks run in parallel in cached envs;
 the tox check runs every envlist version, or py312 when BUILD_REASON=IndividualCI.)
`;

interface Io {
  readonly out: NodeJS.WritableStream;
  readonly err: NodeJS.WritableStream;
  readonly env: NodeJS.ProcessEnv;
}

function split(value: string | undefined): string[] {
  return (value ?? "").split(",").map((item) => item.trim()).filter((item) => item !== "");
}

/** Runs lint-python.sh's interface for the flink-python dir `projectDir`; resolves to its exit code. */
export async function runLintPythonSh(projectDir: string, argv: readonly string[], io: Io, signal?: AbortSignal): Promise<number> {
  let values: { h?: boolean; f?: boolean; s?: string; i?: string; e?: string; l?: boolean; r?: boolean };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: { h: { type: "boolean", short: "h" }, f: { type: "boolean", short: "f" }, s: { type: "string", short: "s" }, i: { type: "string", short: "i" }, e: { type: "string", short: "e" }, l: { type: "boolean", short: "l" }, r: { type: "boolean", short: "r" } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    const bad = /'([^']+)'/.exec(error instanceof Error ? error.message : "")?.[1] ?? argv[0] ?? "";
    io.err.write(`ERROR: did not recognize option '${bad}', please try -h\n`);
    return 1;
  }
  if (values.h === true) {
    io.out.write(`${USAGE}\n`);
    return 2;
  }
  if (values.l === true) {
    io.out.write(`current supported checks includes:\n${SH_CHECKS.map((check) => check.name).join("\n")}\n`);
    return 2;
  }
  const home = path.resolve(io.env.FLINK_UV_HOME !== undefined && io.env.FLINK_UV_HOME !== "" ? io.env.FLINK_UV_HOME : path.join(projectDir, "dev", ".uv"));
  const toolsHome = io.env.FLINK_UV_HOME !== undefined && io.env.FLINK_UV_HOME !== "" && io.env.UV_PREFIX !== undefined && io.env.UV_PREFIX !== "" ? io.env.UV_PREFIX : home;
  if (values.r === true) {
    io.out.write("clean up python environment\n");
    await Promise.all([home, path.join(projectDir, "dev", ".stage.txt"), path.join(projectDir, ".tox")].map((target) => rm(target, { recursive: true, force: true })));
    return 0;
  }

  let components: readonly UvHomeComponent[] = UV_HOME_COMPONENTS;
  const installOnly = values.s !== undefined;
  if (installOnly) {
    const wanted = new Set<UvHomeComponent>();
    for (const word of split(values.s)) {
      if (word === "all") UV_HOME_COMPONENTS.forEach((component) => wanted.add(component));
      else if ((UV_HOME_COMPONENTS as readonly string[]).includes(word)) wanted.add(word as UvHomeComponent);
      else if (word !== "basic" && word !== "uv") {
        io.err.write(`unknown install component ${word}, currently we only support installing basic,py_env,tox,flake8,sphinx,mypy,all.\n`);
        return 1;
      }
    }
    components = [...wanted];
  }
  if (values.i !== undefined && values.e !== undefined) {
    io.err.write("You can't use option -i and -e simultaneously.\n");
    return 1;
  }
  const listed = split(values.i ?? values.e);
  const invalid = listed.find((name) => !SH_CHECKS.some((check) => check.name === name));
  if (invalid !== undefined) {
    io.err.write(`the check ${invalid} is invalid.\n`);
    return 1;
  }

  try {
    const made = await provisionUvHome({ projectDir, home, toolsHome, components, force: values.f === true, signal, onLine: (line) => io.out.write(`[dev/.uv] ${line}\n`) });
    if (made.missing.length > 0) io.err.write(`no interpreter for Python ${made.missing.join(", ")} here: ${made.missing.map((minor) => path.join(home, "envs", minor)).join(", ")} not made.\n`);
  } catch (error) {
    // A broken tox.ini, setup.cfg or pyproject.toml is the project's mistake, not a failed install:
    // the CLI prints its file:line message once and exits with its code (2), as the plain CLI does.
    if (error instanceof LintPythonError && error.exitCode === 2) throw error;
    io.err.write(`installing ${home} failed: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
  if (installOnly) return 0;

  const selected = SH_CHECKS.filter((check) => (values.i !== undefined ? listed.includes(check.name) : !listed.includes(check.name)));
  const renderer = createRenderer({ out: io.out, interactive: false });
  const report = await lintPython({
    projectDir,
    checks: selected.map((check) => check.check),
    mode: "tox",
    // The project's pinned tox (its `tox` group), installed into the tools env above.
    toxPath: path.join(path.resolve(toolsHome), "bin", "tox"),
    ...(io.env.BUILD_REASON === "IndividualCI" ? { pythons: ["3.12"] } : {}),
    force: values.f === true,
    // lint-python.sh's exact docs check (`make clean html`, -a -W): docs.sh publishes the whole _build/html.
    fullDocs: true,
    jobs: os.availableParallelism(),
    signal,
    onEvent: renderer.onEvent,
  });
  await renderer.done();
  io.out.write(findingsReport(report));
  io.out.write(summaryTable(report));
  return report.exitCode;
}
