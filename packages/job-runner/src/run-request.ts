/** How the job is run: `auto` executes bounded local jobs and plans the rest. */
export type RunModeRequest = "auto" | "execute" | "plan";

/** A python.archives entry: the archive and the directory name workers see it under (`#alias`). */
export interface ArchiveEntry {
  readonly path: string;
  readonly alias?: string;
}

/**
 * A bundle laid out as the target's client and workers see it. Every path is absolute (or, for
 * `pythonExecutable`, relative to an archive as in Flink's python.executable).
 */
export interface BundleLayout {
  /** The `-py` script, or the `-pym` module (found on `pythonFiles`). */
  readonly entry: { readonly script: string } | { readonly module: string };
  /** python.files: `.py`, `.zip`, `.whl` files or directories. */
  readonly pythonFiles: readonly string[];
  readonly archives: readonly ArchiveEntry[];
  /** python.executable, e.g. `venv.zip/venv/bin/python`; default: the runtime environment's Python. */
  readonly pythonExecutable?: string;
  /** pipeline.jars, in the order that decides which duplicate class wins. */
  readonly jars: readonly string[];
  /** Files the target provides at fixed absolute paths (MSF's `/etc/flink/application_properties.json`) → the file to serve instead. */
  readonly providedFiles?: Readonly<Record<string, string>>;
  /** Arguments after the entry. */
  readonly args?: readonly string[];
}

export interface RunJobRequest {
  readonly layout: BundleLayout;
  /** The exact apache-flink release, e.g. "1.20.0". */
  readonly pyflink: string;
  /** The runtime's Python minor version, e.g. "3.11". */
  readonly python: string;
  readonly mode?: RunModeRequest;
  /**
   * An interpreter whose environment already holds `apache-flink==<pyflink>` (e.g. the one
   * @pyflink-devkit/reference-tools' `apacheFlink(...)` provides in tests): used as it is, and
   * nothing is installed. Default: a cached environment built through python-env on first use.
   */
  readonly environment?: { readonly python: string };
  /** Whole run, JVM start included (default 300 s). */
  readonly timeoutMs?: number;
  /** Where the run's scratch directory and log go (default: a new temp directory, removed afterwards unless `keepWorkDir`). */
  readonly workDir?: string;
  readonly keepWorkDir?: boolean;
  /** Cache root for the runtime environment (python-env's default when absent). */
  readonly cacheDir?: string;
  readonly onLine?: (line: string) => void;
  readonly signal?: AbortSignal;
}

/** One job submission the entry made, and what was done with it. */
export interface Submission {
  readonly kind: string;
  readonly statement: string;
  readonly mode: "executed" | "planned";
  /** `name[connector]` of every table in the current database when it was submitted. */
  readonly tables: string | null;
  /** The plan (explain output) of a planned submission. */
  readonly plan: string | null;
}

export interface JobRunOutcome {
  /** `skipped`: the run could not happen on this machine (no JDK, no index); `detail` says why and how to fix it. */
  readonly status: "passed" | "failed" | "skipped";
  /** `none`: the entry submitted no job. */
  readonly mode: "executed" | "planned" | "none" | undefined;
  readonly flink: string;
  readonly python: string;
  /** The first error, or a summary of what ran / was planned. */
  readonly detail: string;
  /** The tail of the job's stdout (print sinks, the entry's own prints). */
  readonly output: string;
  readonly submissions: readonly Submission[];
  readonly durationMs: number;
  /** The full output of the run, when it was kept. */
  readonly logFile: string | undefined;
}
