// What a runtime offers native code: the data an audit checks against. The packager maps its
// runtime profiles (MSF Flink 1.20, VVR 11.x, ...) onto this.

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

/** `2.17` → [2, 17]; undefined for anything that is not dotted numbers. */
export function parseVersion(text: string): number[] | undefined {
  if (!/^\d+(\.\d+)*$/.test(text)) return undefined;
  return text.split(".").map(Number);
}

export function compareVersions(a: readonly number[], b: readonly number[]): number {
  for (let index = 0; index < Math.max(a.length, b.length); index++) {
    const difference = (a[index] ?? 0) - (b[index] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}

/** The target's Python as [major, minor]. */
export function pythonMinor(target: AuditTarget): readonly [number, number] {
  const [major = 3, minor = 0] = parseVersion(target.python) ?? [];
  return [major, minor];
}
