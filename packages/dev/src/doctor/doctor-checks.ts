import { mkdtemp, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { findExecutable, run } from "@pyflink-devkit/runner";
import { installHint, type HintId } from "./install-hints.js";
import { compareDotted, firstVersion, meetsRequirement } from "./versions.js";

/** Required rows decide the exit code; optional rows are reported with their fix but never fail. */
export type Requirement = "required" | "optional";

/** The part of python-env's `Interpreter` the doctor reports. */
export interface DoctorInterpreter {
  readonly executable: string;
  readonly version: string;
  readonly minor: string;
  readonly implementation: string;
  readonly origin: string;
}

/** Everything a check may look at; tests replace any part of it. */
export interface DoctorContext {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly platform: NodeJS.Platform;
  readonly nodeVersion: string;
  /** The pyflink-devkit checkout (for engines pins and `pnpm install`), if known. */
  readonly root: string | undefined;
  readonly engines: { readonly node: string; readonly pnpm: string };
  /** Shared by every Python row, so discovery runs once. */
  readonly interpreters: () => Promise<readonly DoctorInterpreter[]>;
  /** The absolute path of the buf launcher from node_modules, or undefined. */
  readonly bufLauncher: () => string | undefined;
  readonly timeoutMs: number;
}

/** One line of the report. */
export interface CheckRow {
  readonly id: string;
  readonly label: string;
  readonly requirement: Requirement;
  readonly ok: boolean;
  /** What was found ("20.20.2 at /usr/bin/node") or what is wrong. */
  readonly detail: string;
  /** The command that fixes a failed row. */
  readonly fix?: string;
  /** Which command needs it, so an optional ✗ can be judged. */
  readonly neededFor: string;
  /** How long its check took (set by runDoctor; rows of one check share it). */
  readonly durationMs?: number;
}

/** A row of the checks table: one `run` may report several rows (Python: one per version). */
export interface DoctorCheck {
  readonly id: string;
  run(context: DoctorContext): Promise<readonly CheckRow[]>;
}

/** Flink's own range (cibuildwheel cp39–cp313): a row per version, even when it is missing. */
export const FLINK_PYTHON_MINORS = ["3.9", "3.10", "3.11", "3.12", "3.13"] as const;
/** lint:python and the repo's own package (pyproject requires-python) need this or newer. */
export const LINT_PYTHON_MINIMUM = "3.11";
const PIP_VERSION_SCRIPT = "import importlib.metadata as m, importlib.util as u; assert u.find_spec('pip'); print(m.version('pip'))";
/** Small, pure-Python, on every index: fetching it proves pip can reach one. */
const PROBE_PACKAGE = "six";

function hint(context: DoctorContext, id: HintId, values: Readonly<Record<string, string>> = {}): string {
  return installHint(id, context.platform, { root: context.root ?? ".", pnpm: context.engines.pnpm, ...values });
}

/** Tools that some commands use and none needs: found or not, the doctor only reports them. */
interface OptionalTool {
  readonly id: HintId;
  readonly names: readonly string[];
  readonly versionArgs: readonly string[];
  readonly neededFor: string;
}

export const OPTIONAL_TOOLS: readonly OptionalTool[] = [
  { id: "uv", names: ["uv"], versionArgs: ["--version"], neededFor: "python-env's uv backend (faster environments)" },
  { id: "conda", names: ["conda"], versionArgs: ["--version"], neededFor: "python-env's conda backend (Flink's conda-era setup)" },
  { id: "mamba", names: ["mamba", "micromamba"], versionArgs: ["--version"], neededFor: "python-env's conda backend, faster solver" },
  { id: "tox", names: ["tox"], versionArgs: ["--version"], neededFor: "running Flink's own tox.ini (lint-python.sh's tox check)" },
  { id: "protoc", names: ["protoc"], versionArgs: ["--version"], neededFor: "codegen's cross-check tests against real protoc" },
  { id: "zip", names: ["zip"], versionArgs: ["-v"], neededFor: "cross-checking pyflink-pack archives" },
];

async function toolVersion(file: string, args: readonly string[], context: DoctorContext): Promise<string | undefined> {
  const result = await run(file, args, { env: context.env, timeoutMs: context.timeoutMs, reject: false }).catch(() => undefined);
  if (result === undefined || result.exitCode !== 0) return undefined;
  return firstVersion(`${result.stdout}\n${result.stderr}`);
}

function optionalToolCheck(tool: OptionalTool): DoctorCheck {
  return {
    id: tool.id,
    async run(context) {
      const found = tool.names.map((name) => findExecutable(name, context.env.PATH)).find((file) => file !== undefined);
      if (found === undefined) {
        return [{ id: tool.id, label: tool.id, requirement: "optional", ok: false, detail: "not on PATH", fix: hint(context, tool.id), neededFor: tool.neededFor }];
      }
      const version = await toolVersion(found, tool.versionArgs, context);
      return [{ id: tool.id, label: tool.id, requirement: "optional", ok: true, detail: `${version ?? "version unknown"} at ${found}`, neededFor: tool.neededFor }];
    },
  };
}

const nodeCheck: DoctorCheck = {
  id: "node",
  run(context) {
    const ok = meetsRequirement(context.nodeVersion, context.engines.node);
    const row: CheckRow = {
      id: "node",
      label: "Node",
      requirement: "required",
      ok,
      detail: `${context.nodeVersion} (needs ${context.engines.node})`,
      neededFor: "every command",
      ...(ok ? {} : { fix: hint(context, "node") }),
    };
    return Promise.resolve([row]);
  },
};

const pnpmCheck: DoctorCheck = {
  id: "pnpm",
  async run(context) {
    const base = { id: "pnpm", label: "pnpm", requirement: "required", neededFor: "every command" } as const;
    const pnpm = findExecutable("pnpm", context.env.PATH);
    if (pnpm === undefined) return [{ ...base, ok: false, detail: "not on PATH", fix: hint(context, "pnpm") }];
    const version = await toolVersion(pnpm, ["--version"], context);
    if (version === undefined) return [{ ...base, ok: false, detail: `${pnpm} --version failed`, fix: hint(context, "pnpm") }];
    const ok = meetsRequirement(version, context.engines.pnpm);
    return [{ ...base, ok, detail: `${version} (needs ${context.engines.pnpm})`, ...(ok ? {} : { fix: hint(context, "pnpm") }) }];
  },
};

const bufCheck: DoctorCheck = {
  id: "buf",
  async run(context) {
    const base = { id: "buf", label: "buf", requirement: "required", neededFor: "pnpm gen:protos" } as const;
    const launcher = context.bufLauncher();
    if (launcher === undefined) return [{ ...base, ok: false, detail: "@bufbuild/buf is not installed in node_modules", fix: hint(context, "buf") }];
    // The launcher is a Node script that picks the platform package's binary; run it with this
    // Node so a missing `node` on PATH cannot hide buf.
    const version = await toolVersion(process.execPath, [launcher, "--version"], context);
    if (version === undefined) {
      return [{ ...base, ok: false, detail: `${launcher} --version failed (platform binary missing?)`, fix: hint(context, "buf") }];
    }
    return [{ ...base, ok: true, detail: `${version} (node_modules)` }];
  },
};

function newestAtLeast(interpreters: readonly DoctorInterpreter[], minimum: string): DoctorInterpreter | undefined {
  return [...interpreters]
    .filter((interpreter) => compareDotted(interpreter.minor, minimum) >= 0)
    .sort((a, b) => compareDotted(b.version, a.version))[0];
}

function describe(interpreter: DoctorInterpreter): string {
  return `${interpreter.version} ${interpreter.implementation} (${interpreter.origin}) ${interpreter.executable}`;
}

const pythonVersionsCheck: DoctorCheck = {
  id: "python",
  async run(context) {
    const interpreters = await context.interpreters();
    const minors = [...new Set([...FLINK_PYTHON_MINORS, ...interpreters.map((interpreter) => interpreter.minor)])].sort(compareDotted);
    const rows: CheckRow[] = minors.map((minor) => {
      // The newest patch release of that minor version is the one lint:python will pick.
      const found = interpreters.filter((interpreter) => interpreter.minor === minor).sort((a, b) => compareDotted(b.version, a.version))[0];
      const base = { id: `python-${minor}`, label: `Python ${minor}`, requirement: "optional", neededFor: `lint:python --python ${minor}` } as const;
      return found === undefined
        ? { ...base, ok: false, detail: "not found", fix: hint(context, "python").replaceAll("3.12", minor) }
        : { ...base, ok: true, detail: describe(found) };
    });
    const newest = newestAtLeast(interpreters, LINT_PYTHON_MINIMUM);
    rows.push({
      id: "python",
      label: `Python ≥ ${LINT_PYTHON_MINIMUM}`,
      requirement: "required",
      ok: newest !== undefined,
      detail: newest === undefined ? `none of the ${interpreters.length} interpreters found is ${LINT_PYTHON_MINIMUM} or newer` : `${newest.version} (default for pnpm dev)`,
      neededFor: "pnpm lint:python, pnpm dev",
      ...(newest === undefined ? { fix: hint(context, "python") } : {}),
    });
    return rows;
  },
};

const pipCheck: DoctorCheck = {
  id: "pip",
  async run(context) {
    const base = { id: "pip", label: "pip", requirement: "required", neededFor: "pnpm lint:python (environments)" } as const;
    const python = newestAtLeast(await context.interpreters(), LINT_PYTHON_MINIMUM);
    if (python === undefined) return [{ ...base, ok: false, detail: `no Python ≥ ${LINT_PYTHON_MINIMUM} to ask`, fix: hint(context, "python") }];
    // The installed distribution's metadata, without importing pip itself (which costs ~0.5 s);
    // whether pip really works is what the pip index row finds out.
    const version = await toolVersion(python.executable, ["-I", "-c", PIP_VERSION_SCRIPT], context);
    if (version === undefined) return [{ ...base, ok: false, detail: `${python.executable} has no pip`, fix: hint(context, "pip", { python: python.executable }) }];
    return [{ ...base, ok: true, detail: `${version} in Python ${python.version}` }];
  },
};

const pipIndexCheck: DoctorCheck = {
  id: "pip-index",
  async run(context) {
    const base = {
      id: "pip-index",
      label: "pip index",
      requirement: "optional",
      neededFor: "the first pnpm lint:python on this machine (building its environments)",
    } as const;
    const python = newestAtLeast(await context.interpreters(), LINT_PYTHON_MINIMUM);
    if (python === undefined) return [{ ...base, ok: false, detail: `no Python ≥ ${LINT_PYTHON_MINIMUM} to ask`, fix: hint(context, "python") }];
    const dir = await mkdtemp(path.join(tmpdir(), "pyflink-doctor-"));
    try {
      // A real download, not `pip index versions` (experimental, and slow when an index is
      // unreachable): no retries and a short socket timeout keep an offline machine fast.
      const seconds = String(Math.max(1, Math.floor(context.timeoutMs / 2000)));
      const result = await run(
        python.executable,
        ["-m", "pip", "download", "--no-deps", "--no-cache-dir", "--disable-pip-version-check", "--only-binary=:all:", "--timeout", seconds, "-d", dir, PROBE_PACKAGE],
        { env: { ...context.env, PIP_RETRIES: "0" }, timeoutMs: context.timeoutMs, reject: false },
      ).catch(() => undefined);
      if (result?.exitCode === 0) return [{ ...base, ok: true, detail: `downloaded ${PROBE_PACKAGE} with Python ${python.version}'s pip` }];
      const reason = result === undefined ? "pip could not be started" : result.timedOut ? `no answer within ${context.timeoutMs} ms` : lastLine(result.stderr || result.stdout);
      return [{ ...base, ok: false, detail: `pip download ${PROBE_PACKAGE} failed: ${reason}`, fix: hint(context, "pipIndex") }];
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  },
};

function lastLine(text: string): string {
  return text.trimEnd().split("\n").at(-1)?.trim() ?? "";
}

/** The checks, in report order; they run in parallel. */
export const DOCTOR_CHECKS: readonly DoctorCheck[] = [nodeCheck, pnpmCheck, bufCheck, pythonVersionsCheck, pipCheck, pipIndexCheck, ...OPTIONAL_TOOLS.map(optionalToolCheck)];

/**
 * The buf launcher codegen runs: @bufbuild/buf is codegen's dependency, so it is resolved from
 * there rather than from this package.
 */
export function findBufLauncher(): string | undefined {
  const require = createRequire(import.meta.url);
  try {
    const codegenEntry = require.resolve("@pyflink-devkit/codegen");
    const fromCodegen = createRequire(codegenEntry);
    const manifestPath = fromCodegen.resolve("@bufbuild/buf/package.json");
    const manifest = fromCodegen(manifestPath) as { bin?: Record<string, string> };
    const bin = manifest.bin?.buf;
    return bin === undefined ? undefined : path.join(path.dirname(manifestPath), bin);
  } catch {
    return undefined;
  }
}
