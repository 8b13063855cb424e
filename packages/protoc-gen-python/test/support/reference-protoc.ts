// Real protoc installations to cross-check against: protoc on PATH (Debian's
// 3.21.12 here) and `python -m grpc_tools.protoc` from pip (whatever libprotoc
// the newest grpcio-tools bundles). Each is optional; callers skip without it.

import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const packageDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export interface ReferenceProtoc {
  /** What `--version` says, e.g. "3.21.12" or "35.1". */
  readonly libprotoc: string;
  readonly describe: string;
  /** Where its bundled google/protobuf/*.proto live, if known. */
  readonly includeDir: string | undefined;
  /** Runs protoc with the python and pyi generators; returns output files by relative path. */
  generate(root: string, files: readonly string[]): Map<string, string>;
}

function which(command: string): string | undefined {
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    const candidate = path.join(dir, command);
    if (dir !== "" && existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return undefined;
}

function readTree(dir: string, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const rel = prefix === "" ? entry.name : `${prefix}/${entry.name}`;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) for (const [k, v] of readTree(full, rel)) out.set(k, v);
    else out.set(rel, readFileSync(full, "utf8"));
  }
  return out;
}

function runInto(command: string, args: readonly string[]): Map<string, string> {
  const out = mkdtempSync(path.join(tmpdir(), "protoc-gen-python-ref-"));
  try {
    execFileSync(command, [...args, `--python_out=${out}`, `--pyi_out=${out}`], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    return readTree(out);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

function libprotocVersion(command: string, args: readonly string[] = []): string {
  const text = execFileSync(command, [...args, "--version"], { encoding: "utf8" }).trim();
  return text.replace(/^libprotoc\s+/, "");
}

/** protoc on PATH, with the well-known types from its include directory. */
export function systemProtoc(): ReferenceProtoc | undefined {
  const protoc = which("protoc");
  if (protoc === undefined) return undefined;
  const libprotoc = libprotocVersion(protoc);
  const include = path.resolve(path.dirname(protoc), "..", "include");
  return {
    libprotoc,
    describe: `${protoc} (libprotoc ${libprotoc})`,
    includeDir: existsSync(include) ? include : undefined,
    generate: (root, files) =>
      runInto(protoc, [`-I${root}`, ...(existsSync(include) ? [`-I${include}`] : []), ...files]),
  };
}

/** A CPython 3.11 from pyenv (grpcio-tools only ships cp311 wheels in the offline index). */
function findPython311(): string | undefined {
  const versions = path.join(process.env.PYENV_ROOT ?? path.join(homedir(), ".pyenv"), "versions");
  if (!existsSync(versions)) return undefined;
  for (const v of readdirSync(versions).filter((d) => d.startsWith("3.11")).sort().reverse()) {
    const python = path.join(versions, v, "bin", "python3.11");
    if (existsSync(python)) return python;
  }
  return undefined;
}

/**
 * `python -m grpc_tools.protoc` from a venv cached under
 * node_modules/.cache/pyflink-devkit (created once; pip without retries so an
 * unreachable index fails fast).
 */
export function grpcToolsProtoc(): ReferenceProtoc | undefined {
  const venv = path.join(packageDir, "node_modules", ".cache", "pyflink-devkit", "grpc-tools-venv");
  const python = path.join(venv, "bin", "python");
  const ready = (): boolean => {
    try {
      execFileSync(python, ["-c", "import grpc_tools.protoc"], { stdio: "ignore" });
      return true;
    } catch {
      return false;
    }
  };
  if (!existsSync(python) || !ready()) {
    const base = findPython311();
    if (base === undefined) return undefined;
    try {
      mkdirSync(path.dirname(venv), { recursive: true });
      execFileSync(base, ["-m", "venv", venv], { stdio: "ignore" });
      execFileSync(python, ["-m", "pip", "install", "--quiet", "grpcio-tools"], {
        stdio: "ignore",
        env: { ...process.env, PIP_RETRIES: "0", PIP_DISABLE_PIP_VERSION_CHECK: "1" },
        timeout: 240_000,
      });
    } catch {
      return undefined;
    }
    if (!ready()) return undefined;
  }
  const include = execFileSync(
    python,
    ["-c", "import grpc_tools, os; print(os.path.join(os.path.dirname(grpc_tools.__file__), '_proto'))"],
    { encoding: "utf8" },
  ).trim();
  const libprotoc = libprotocVersion(python, ["-m", "grpc_tools.protoc"]);
  return {
    libprotoc,
    describe: `grpc_tools.protoc (libprotoc ${libprotoc})`,
    includeDir: include,
    generate: (root, files) => runInto(python, ["-m", "grpc_tools.protoc", `-I${root}`, `-I${include}`, ...files]),
  };
}
