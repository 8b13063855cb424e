import { DOCTOR_CHECKS, findBufLauncher, type CheckRow, type DoctorCheck, type DoctorContext, type DoctorInterpreter } from "./doctor-checks.js";
import { findWorkspaceRoot, readWorkspaceEngines } from "../workspace-root.js";

export interface DoctorOptions {
  /** Defaults to the checks table `DOCTOR_CHECKS`. */
  readonly checks?: readonly DoctorCheck[];
  /** Environment the tools are looked up and run in (default: this process's). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** How Python interpreters are found (default: python-env's discovery). */
  readonly discoverInterpreters?: () => Promise<readonly DoctorInterpreter[]>;
  /** Per-command limit; a tool slower than this is reported as failing. */
  readonly timeoutMs?: number;
  /** Overrides of the context, for tests (Node version, platform, engines, buf). */
  readonly context?: Partial<Omit<DoctorContext, "interpreters">>;
}

export interface DoctorReport {
  /** True when every required row is ✓. */
  readonly ok: boolean;
  readonly rows: readonly CheckRow[];
  readonly durationMs: number;
}

// Used when the root package.json cannot be read (an installed copy outside the checkout).
const FALLBACK_ENGINES = { node: ">=20.19", pnpm: "12.21.0" } as const;

/** Runs every check in parallel and returns the rows in table order. Never throws for a failed check. */
export async function runDoctor(options: DoctorOptions = {}): Promise<DoctorReport> {
  const started = performance.now();
  const root = options.context?.root ?? findWorkspaceRoot();
  const engines = readWorkspaceEngines(root);
  const env = options.env ?? process.env;
  const discover = options.discoverInterpreters ?? (() => defaultDiscovery(env));
  let discovery: Promise<readonly DoctorInterpreter[]> | undefined;
  const context: DoctorContext = {
    env,
    platform: process.platform,
    nodeVersion: process.versions.node,
    root,
    engines: { node: engines.node ?? FALLBACK_ENGINES.node, pnpm: engines.pnpm ?? FALLBACK_ENGINES.pnpm },
    bufLauncher: findBufLauncher,
    timeoutMs: options.timeoutMs ?? 4000,
    ...options.context,
    interpreters: () => (discovery ??= discover().catch(() => [])),
  };
  const checks = options.checks ?? DOCTOR_CHECKS;
  const results = await Promise.all(
    checks.map(async (check) => {
      const checkStarted = performance.now();
      const rows = await check.run(context).catch((error: unknown): readonly CheckRow[] => [
        {
          id: check.id,
          label: check.id,
          requirement: "required",
          ok: false,
          detail: `the check itself failed: ${error instanceof Error ? error.message : String(error)}`,
          neededFor: "doctor",
        },
      ]);
      const durationMs = Math.round(performance.now() - checkStarted);
      return rows.map((row) => ({ ...row, durationMs }));
    }),
  );
  const rows = results.flat();
  return { ok: rows.every((row) => row.ok || row.requirement === "optional"), rows, durationMs: performance.now() - started };
}

async function defaultDiscovery(env: Readonly<Record<string, string | undefined>>): Promise<readonly DoctorInterpreter[]> {
  // Loaded on demand: the rest of the doctor answers while Python discovery starts up.
  const { discoverInterpreters } = await import("@pyflink-devkit/python-env");
  return discoverInterpreters({ env });
}
