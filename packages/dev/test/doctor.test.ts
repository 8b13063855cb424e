import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { findExecutable } from "@pyflink-devkit/runner";
import { describe, expect, it } from "vitest";
import { requirement, skipUnless } from "@pyflink-devkit/reference-tools";
import { DOCTOR_CHECKS, OPTIONAL_TOOLS, formatDoctorReport, installHint, meetsRequirement, runDoctor, type CheckRow, type DoctorInterpreter } from "../src/index.js";

const packageDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const bin = path.join(packageDir, "dist", "bin", "pyflink-doctor.js");
const hasPnpm = findExecutable("pnpm") !== undefined;
const pnpmRef = requirement(hasPnpm, "npm:pnpm", "npm", "pnpm is not on PATH (run ./tools/setup)");

function row(rows: readonly CheckRow[], id: string): CheckRow {
  const found = rows.find((candidate) => candidate.id === id);
  if (found === undefined) throw new Error(`no row ${id} in ${rows.map((r) => r.id).join(", ")}`);
  return found;
}

function interpreter(version: string): DoctorInterpreter {
  const minor = version.split(".").slice(0, 2).join(".");
  return { executable: `/fake/python${minor}`, version, minor, implementation: "cpython", origin: "pyenv" };
}

const checksNamed = (...ids: string[]) => DOCTOR_CHECKS.filter((check) => ids.includes(check.id));

describe("engines requirements", () => {
  it("reads >= ranges and exact pins the way package.json engines mean them", () => {
    expect(meetsRequirement("20.19.0", ">=20.19")).toBe(true);
    expect(meetsRequirement("22.1.0", ">=20.19")).toBe(true);
    expect(meetsRequirement("20.18.3", ">=20.19")).toBe(false);
    expect(meetsRequirement("12.21.0", "12.21.0")).toBe(true);
    expect(meetsRequirement("12.21.1", "12.21.0")).toBe(false);
    expect(meetsRequirement("garbage", "12.21.0")).toBe(false);
  });
});

describe("runDoctor on this machine", () => {
  it("finds Node, pnpm and buf from node_modules, all required and ✓", skipUnless(pnpmRef), async () => {
    const report = await runDoctor({ checks: checksNamed("node", "pnpm", "buf") });
    expect(report.rows.map((r) => [r.id, r.requirement, r.ok])).toEqual([
      ["node", "required", true],
      ["pnpm", "required", true],
      ["buf", "required", true],
    ]);
    // The versions come from the tools themselves, checked against the root package.json pins.
    expect(row(report.rows, "node").detail).toContain(process.versions.node);
    expect(row(report.rows, "buf").detail).toMatch(/^\d+\.\d+\.\d+ \(node_modules\)$/);
    expect(report.ok).toBe(true);
  });

  it("reports the real interpreters python-env finds, one row per version, with their origin", async () => {
    const report = await runDoctor({ checks: checksNamed("python") });
    const found = report.rows.filter((r) => r.id.startsWith("python-") && r.ok);
    for (const r of found) expect(r.detail).toMatch(/^\d+\.\d+\.\d+\S* \w+ \((pyenv|uv|conda|path|config)\) \//);
    const aggregate = row(report.rows, "python");
    expect(aggregate.requirement).toBe("required");
    expect(aggregate.ok).toBe(found.some((r) => Number(r.label.split(".")[1]) >= 11));
  });
});

describe("what is missing, and its fix", () => {
  it("fails a too-old Node and names the command that installs a new one", async () => {
    const report = await runDoctor({ checks: checksNamed("node"), context: { nodeVersion: "18.20.4" } });
    const node = row(report.rows, "node");
    expect(node.ok).toBe(false);
    expect(node.fix).toContain("nvm install 20");
    expect(report.ok).toBe(false);
  });

  it("with nothing on PATH: pnpm is a required ✗ with the exact pinned install command, optional tools only warn", async () => {
    const report = await runDoctor({ env: { PATH: "", HOME: "/nonexistent" }, checks: checksNamed("pnpm", ...OPTIONAL_TOOLS.map((t) => t.id)) });
    const pnpm = row(report.rows, "pnpm");
    expect(pnpm).toMatchObject({ ok: false, requirement: "required", detail: "not on PATH" });
    expect(pnpm.fix).toMatch(/^npm install -g pnpm@12\.21\.0 /);
    for (const tool of OPTIONAL_TOOLS) {
      expect(row(report.rows, tool.id)).toMatchObject({ ok: false, requirement: "optional", fix: installHint(tool.id, process.platform) });
    }
    expect(report.ok).toBe(false);
  });

  it("names the missing Python versions and requires one ≥ 3.11", async () => {
    const old = await runDoctor({ checks: checksNamed("python", "pip"), discoverInterpreters: () => Promise.resolve([interpreter("3.9.18"), interpreter("3.10.13")]) });
    expect(row(old.rows, "python-3.9").ok).toBe(true);
    expect(row(old.rows, "python-3.12")).toMatchObject({ ok: false, requirement: "optional" });
    expect(row(old.rows, "python-3.12").fix).toContain("3.12");
    expect(row(old.rows, "python")).toMatchObject({ ok: false, requirement: "required" });
    expect(row(old.rows, "pip")).toMatchObject({ ok: false, requirement: "required" });
    expect(old.ok).toBe(false);
  });

  it("says to run pnpm install when buf is not in node_modules", async () => {
    const report = await runDoctor({ checks: checksNamed("buf"), context: { bufLauncher: () => undefined } });
    expect(row(report.rows, "buf")).toMatchObject({ ok: false, requirement: "required" });
    expect(row(report.rows, "buf").fix).toMatch(/pnpm install/);
  });

  it("reports an unreachable pip index as optional, quickly, with the pip config fix", async () => {
    // A closed local port: pip fails at once instead of waiting on a network.
    const env = {
      ...process.env,
      PIP_CONFIG_FILE: "/dev/null",
      PIP_INDEX_URL: "http://127.0.0.1:9/simple",
      PIP_EXTRA_INDEX_URL: "",
      PIP_FIND_LINKS: "",
      PIP_NO_INDEX: "",
    };
    const report = await runDoctor({ env, checks: checksNamed("pip-index") });
    const index = row(report.rows, "pip-index");
    if (index.detail.startsWith("no Python")) return; // no Python ≥ 3.11 here: covered by the test above
    expect(index).toMatchObject({ ok: false, requirement: "optional" });
    expect(index.detail).toMatch(/pip download six failed/);
    expect(index.fix).toContain("pip config set global.index-url");
    expect(report.ok).toBe(true);
  });

  it("prints ✓/✗ rows, the fix under each ✗, and a summary naming what is missing", () => {
    const lines = formatDoctorReport({
      ok: false,
      durationMs: 12,
      rows: [
        { id: "node", label: "Node", requirement: "required", ok: true, detail: "20.20.2", neededFor: "every command" },
        { id: "pnpm", label: "pnpm", requirement: "required", ok: false, detail: "not on PATH", fix: "npm install -g pnpm@12.21.0", neededFor: "every command" },
        { id: "zip", label: "zip", requirement: "optional", ok: false, detail: "not on PATH", fix: "sudo apt-get install zip", neededFor: "x" },
      ],
    });
    expect(lines).toEqual([
      "Required",
      "  ✓ Node  20.20.2",
      "  ✗ pnpm  not on PATH  — needed for every command",
      "      fix: npm install -g pnpm@12.21.0",
      "Optional",
      "  ✗ zip   not on PATH  — needed for x",
      "      fix: sudo apt-get install zip",
      "",
      "1 required part is missing: pnpm. Run the fix shown under each ✗.",
    ]);
  });
});

describe("pyflink-doctor (the built CLI)", () => {
  it("exits 0 with --json when the required parts are there", skipUnless(pnpmRef), () => {
    const result = spawnSync(process.execPath, [bin, "--json"], { encoding: "utf8", env: { ...process.env, PIP_RETRIES: "0" } });
    expect(result.stderr).toBe("");
    const report = JSON.parse(result.stdout) as { ok: boolean; rows: CheckRow[] };
    expect(result.status).toBe(report.ok ? 0 : 1);
    expect(row(report.rows, "node").ok).toBe(true);
    expect(row(report.rows, "buf").ok).toBe(true);
  });

  it("exits 1 and prints the fix when a required tool is missing (empty PATH: no pnpm)", () => {
    const result = spawnSync(process.execPath, [bin], { encoding: "utf8", env: { ...process.env, PATH: "", PIP_RETRIES: "0" } });
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/✗ pnpm +not on PATH/);
    expect(result.stdout).toContain("fix: npm install -g pnpm@12.21.0");
    expect(result.stdout).toMatch(/required parts? (is|are) missing: .*pnpm/);
  });
});
