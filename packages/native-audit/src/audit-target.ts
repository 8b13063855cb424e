// What a runtime offers native code: the data an audit checks against. The packager maps its
// runtime profiles (MSF Flink 1.20, VVR 11.x, ...) onto this.
import semver from "semver";
import { NativeAuditError } from "./native-audit-error.js";

export type TargetArch = "x86_64" | "aarch64";

export interface AuditTarget {
  /** Shown in messages, e.g. `msf-1.20`. */
  readonly name: string;
  readonly arch: TargetArch;
  /** The runtime's glibc, e.g. `2.17` (manylinux2014) or `2.31`. */
  readonly glibc: string;
  /** The runtime's CPython `major.minor`, e.g. `3.11`. */
  readonly python: string;
}

export interface ArchFacts {
  /** ELF e_machine. */
  readonly elfMachine: number;
  readonly elfClass: 32 | 64;
  /** The architecture as wheel platform tags and CPython's multiarch triples spell it. */
  readonly tagArch: string;
}

export const ARCHES: Readonly<Record<TargetArch, ArchFacts>> = {
  x86_64: { elfMachine: 62, elfClass: 64, tagArch: "x86_64" },
  aarch64: { elfMachine: 183, elfClass: 64, tagArch: "aarch64" },
};

/** e_machine values seen in Python wheels, for readable messages. */
export const ELF_MACHINE_NAMES: Readonly<Record<number, string>> = {
  3: "i386",
  8: "mips",
  20: "ppc",
  21: "ppc64",
  22: "s390x",
  40: "arm",
  62: "x86_64",
  183: "aarch64",
  243: "riscv",
};

function dotted(text: string): semver.SemVer {
  const parsed = /^\d+(\.\d+)*$/.test(text) ? semver.coerce(text) : null;
  if (parsed === null) throw new NativeAuditError(text, `"${text}" is not a dotted version (like 2.17 or 2.2.5). Give glibc and Python versions as numbers separated by dots.`);
  return parsed;
}

/** Compares dotted versions (glibc `2.17`, symbol versions `2.2.5`) by semver; one that is not dotted numbers is an error. */
export function compareVersions(a: string, b: string): number {
  return semver.compare(dotted(a), dotted(b));
}

/** The target's Python as [major, minor]. */
export function pythonMinor(target: AuditTarget): readonly [number, number] {
  const version = dotted(target.python);
  return [version.major, version.minor];
}
