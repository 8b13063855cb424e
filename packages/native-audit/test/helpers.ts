import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { findExecutable } from "@pyflink-devkit/runner";

export const has = (tool: string): boolean => findExecutable(tool) !== undefined;

/** A python3.X that really starts (a pyenv shim can exist for a version that is not installed). */
export function pythonFor(minor: string): string | undefined {
  const exe = findExecutable(`python${minor}`);
  if (exe === undefined) return undefined;
  try {
    execFileSync(exe, ["-c", "pass"], { stdio: "ignore" });
    return exe;
  } catch {
    return undefined;
  }
}

export function tempDir(): string {
  return mkdtempSync(path.join(tmpdir(), "native-audit-test-"));
}

/** Compiles C source into a shared library with the real gcc. */
export function compileSharedLibrary(dir: string, name: string, source: string): string {
  const c = path.join(dir, `${name}.c`);
  writeFileSync(c, source);
  const out = path.join(dir, name);
  execFileSync("gcc", ["-shared", "-fPIC", "-O1", "-o", out, c]);
  return out;
}

/** Builds a zip with the real Info-ZIP `zip`, so what we read is not what our own code wrote. */
export function zipWithInfoZip(cwd: string, zipPath: string, members: readonly string[]): void {
  execFileSync("zip", ["-q", "-X", zipPath, ...members], { cwd });
}

/** The smallest Mach-O header macOS writes for a 64-bit arm64 dylib (MH_MAGIC_64, CPU_TYPE_ARM64, MH_DYLIB). */
export function machOHeader(): Buffer {
  const header = Buffer.alloc(64);
  header.writeUInt32LE(0xfeedfacf, 0);
  header.writeUInt32LE(0x0100000c, 4);
  header.writeUInt32LE(0, 8);
  header.writeUInt32LE(6, 12); // MH_DYLIB
  return header;
}

export const GETRANDOM_SOURCE = `
#include <sys/random.h>
#include <string.h>
int fill(char *out, unsigned long n) { char tmp[64]; long got = getrandom(tmp, sizeof tmp, 0); memcpy(out, tmp, n < 64 ? n : 64); return (int) got; }
`;
