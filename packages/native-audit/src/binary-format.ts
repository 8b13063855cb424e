// Recognises native binaries by their first bytes, not their names: a Darwin `.so` is still Mach-O.
import { isElf } from "./elf-reader.js";

export type BinaryFormat = "elf" | "mach-o" | "pe";

/** How many leading bytes `detectBinaryFormat` wants to see (PE keeps its signature offset at 0x3c). */
export const HEAD_BYTES = 4096;

const MACH_O_MAGICS = new Set([0xfeedface, 0xfeedfacf, 0xcefaedfe, 0xcffaedfe]);
const MACH_O_FAT_MAGICS = new Set([0xcafebabe, 0xcafebabf]);
// A Java class file also starts with 0xcafebabe; its next word is minor/major version (major >= 45),
// while a universal Mach-O binary has a small architecture count there. The same cut-off as Go's debug/macho.
const MAX_FAT_ARCHES = 30;

export function detectBinaryFormat(head: Uint8Array): BinaryFormat | undefined {
  if (isElf(head)) return "elf";
  if (head.length < 8) return undefined;
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  const magic = view.getUint32(0, false);
  if (MACH_O_MAGICS.has(magic)) return "mach-o";
  if (MACH_O_FAT_MAGICS.has(magic)) {
    const arches = view.getUint32(4, false);
    if (arches > 0 && arches < MAX_FAT_ARCHES) return "mach-o";
  }
  if (head[0] === 0x4d && head[1] === 0x5a && head.length >= 0x40) {
    const peOffset = view.getUint32(0x3c, true);
    if (peOffset + 4 <= head.length && view.getUint32(peOffset, false) === 0x50450000) return "pe";
  }
  return undefined;
}

const MACH_O_CPUS: Readonly<Record<number, string>> = {
  0x7: "i386",
  0x01000007: "x86_64",
  0xc: "arm",
  0x0100000c: "arm64",
};

const PE_MACHINES: Readonly<Record<number, string>> = {
  0x14c: "i386",
  0x8664: "x86_64",
  0xaa64: "arm64",
};

/** A short description for messages: "Mach-O arm64", "PE x86_64", "universal Mach-O (2 architectures)". */
export function describeForeignBinary(format: "mach-o" | "pe", head: Uint8Array): string {
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  if (format === "pe") {
    const peOffset = view.getUint32(0x3c, true);
    const machine = peOffset + 6 <= head.length ? view.getUint16(peOffset + 4, true) : -1;
    return `Windows PE ${PE_MACHINES[machine] ?? "binary"}`;
  }
  const magic = view.getUint32(0, false);
  if (MACH_O_FAT_MAGICS.has(magic)) return `universal macOS Mach-O (${view.getUint32(4, false)} architectures)`;
  const little = magic === 0xcefaedfe || magic === 0xcffaedfe;
  const cpu = view.getUint32(4, little);
  return `macOS Mach-O ${MACH_O_CPUS[cpu] ?? "binary"}`;
}
