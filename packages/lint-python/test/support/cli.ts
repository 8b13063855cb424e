// Runs the real, built CLI (dist/bin/lint-python.js) the way a developer or CI would.
import { spawn, type ChildProcess } from "node:child_process";
import { cp, mkdtemp, readFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";

export const packageDir = fileURLToPath(new URL("../..", import.meta.url));
export const cliPath = path.join(packageDir, "dist", "bin", "lint-python.js");
export const fixturesDir = path.join(packageDir, "test", "fixtures");

/** The JSON report contract, strict: other tools parse it, so no field more or less. */
export const reportSchema = z.strictObject({
  exitCode: z.union([z.literal(0), z.literal(1)]),
  results: z.array(
    z.strictObject({
      check: z.enum(["flake8", "mypy", "sphinx", "tests"]),
      python: z.string().regex(/^\d+\.\d+$/).nullable(),
      status: z.enum(["passed", "failed", "skipped", "error"]),
      durationMs: z.number().int().nonnegative(),
      cached: z.boolean(),
      log: z.string().min(1),
      problems: z.number().int().nonnegative(),
    }),
  ),
});
export type Report = z.infer<typeof reportSchema>;
export type ReportResult = Report["results"][number];

export interface CliRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly wallMs: number;
}

/** Env for every CLI run: never wait on an unreachable index, plain line output. */
export function cliEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ...process.env, PIP_RETRIES: "0", PIP_DEFAULT_TIMEOUT: "5", CI: "true", ...extra };
}

export function startCli(args: readonly string[], env: NodeJS.ProcessEnv = cliEnv()): ChildProcess {
  return spawn(process.execPath, [cliPath, ...args], { env, stdio: ["ignore", "pipe", "pipe"] });
}

export function runCli(args: readonly string[], env: NodeJS.ProcessEnv = cliEnv()): Promise<CliRun> {
  const started = performance.now();
  const child = startCli(args, env);
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code, signal) => {
      resolve({ code, signal, stdout, stderr, wallMs: performance.now() - started });
    });
  });
}

export async function readReport(file: string): Promise<Report> {
  return reportSchema.parse(JSON.parse(await readFile(file, "utf8")));
}

/** A private copy of a fixture project (tests change files in it). */
export async function copyFixture(name: string, into: string): Promise<string> {
  const dir = await mkdtemp(path.join(into, `${name}-`));
  await cp(path.join(fixturesDir, name), dir, { recursive: true });
  return dir;
}

export async function makeTempDir(prefix: string): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), prefix));
}

export function resultOf(report: Report, check: ReportResult["check"], python: string | null): ReportResult {
  const found = report.results.find((result) => result.check === check && result.python === python);
  if (found === undefined) throw new Error(`no ${check}/${String(python)} result in ${JSON.stringify(report.results)}`);
  return found;
}
