// A small ELF reader: just what an ABI audit needs (class, byte order, machine, type and the
// dynamic section's DT_NEEDED, DT_SONAME and DT_VERNEED). It walks the dynamic *segment* through
// the program headers, as the dynamic loader does, so stripped section headers (sstrip) do not hide
// a requirement.

export interface ElfVersionNeed {
  /** The library the versions are needed from, e.g. `libc.so.6`. */
  readonly file: string;
  /** Version names needed from it, e.g. `GLIBC_2.14`, in file order. */
  readonly versions: readonly string[];
}

export interface ElfInfo {
  readonly elfClass: 32 | 64;
  readonly endianness: "little" | "big";
  /** e_machine as a number (EM_X86_64 = 62, EM_AARCH64 = 183, ...). */
  readonly machine: number;
  /** e_type: 1 relocatable, 2 executable, 3 shared object / PIE, 4 core. */
  readonly type: number;
  readonly osAbi: number;
  readonly soname: string | undefined;
  readonly needed: readonly string[];
  readonly versionNeeds: readonly ElfVersionNeed[];
}

/** Thrown for a truncated or malformed ELF file; callers turn it into a per-file finding. */
export class ElfFormatError extends Error {
  override readonly name = "ElfFormatError";
}

const ELF_MAGIC = [0x7f, 0x45, 0x4c, 0x46] as const;
const PT_LOAD = 1;
const PT_DYNAMIC = 2;
const DT_NULL = 0;
const DT_NEEDED = 1;
const DT_STRTAB = 5;
const DT_STRSZ = 10;
const DT_SONAME = 14;
const DT_VERNEED = 0x6ffffffe;
const DT_VERNEEDNUM = 0x6fffffff;

export function isElf(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && ELF_MAGIC.every((byte, index) => bytes[index] === byte);
}

/** Field offsets and sizes that differ between ELFCLASS32 and ELFCLASS64. */
interface ClassLayout {
  readonly word: 4 | 8;
  readonly phoff: number;
  readonly phentsizeAt: number;
  readonly phnumAt: number;
  readonly ph: { readonly type: number; readonly offset: number; readonly vaddr: number; readonly filesz: number };
  readonly dynEntrySize: number;
}

const LAYOUTS: Record<32 | 64, ClassLayout> = {
  32: { word: 4, phoff: 28, phentsizeAt: 42, phnumAt: 44, ph: { type: 0, offset: 4, vaddr: 8, filesz: 16 }, dynEntrySize: 8 },
  64: { word: 8, phoff: 32, phentsizeAt: 54, phnumAt: 56, ph: { type: 0, offset: 8, vaddr: 16, filesz: 32 }, dynEntrySize: 16 },
};

class Reader {
  private readonly view: DataView;
  constructor(
    private readonly bytes: Uint8Array,
    private readonly little: boolean,
    private readonly word: 4 | 8,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  private check(offset: number, size: number): void {
    if (!Number.isSafeInteger(offset) || offset < 0 || offset + size > this.bytes.length) {
      throw new ElfFormatError(`reads ${size} bytes at offset ${offset} past the end of the file (${this.bytes.length} bytes): truncated or corrupt`);
    }
  }

  u16(offset: number): number {
    this.check(offset, 2);
    return this.view.getUint16(offset, this.little);
  }

  u32(offset: number): number {
    this.check(offset, 4);
    return this.view.getUint32(offset, this.little);
  }

  /** A target-word-sized unsigned value (address, offset, size). */
  addr(offset: number): number {
    if (this.word === 4) return this.u32(offset);
    this.check(offset, 8);
    const value = this.view.getBigUint64(offset, this.little);
    if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new ElfFormatError(`a 64-bit field at offset ${offset} is too large to be a file offset`);
    return Number(value);
  }

  /** A signed target-word-sized value (d_tag). Tags we care about fit in 32 bits. */
  tag(offset: number): number {
    if (this.word === 4) return this.u32(offset);
    this.check(offset, 8);
    const value = this.view.getBigInt64(offset, this.little);
    return value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER) ? -1 : Number(value);
  }

  cString(offset: number, limit: number): string {
    this.check(offset, 0);
    const end = Math.min(limit, this.bytes.length);
    let stop = offset;
    while (stop < end && this.bytes[stop] !== 0) stop++;
    if (stop >= end) throw new ElfFormatError(`a string at offset ${offset} is not terminated inside its string table`);
    return new TextDecoder("latin1").decode(this.bytes.subarray(offset, stop));
  }
}

interface Segment {
  readonly type: number;
  readonly offset: number;
  readonly vaddr: number;
  readonly filesz: number;
}

/** Parses the parts of an ELF file an ABI audit needs. Throws `ElfFormatError` on malformed input. */
export function readElf(bytes: Uint8Array): ElfInfo {
  if (bytes.length < 52 || !isElf(bytes)) throw new ElfFormatError("not an ELF file (no \\x7fELF header)");
  const classByte = bytes[4];
  const dataByte = bytes[5];
  if (classByte !== 1 && classByte !== 2) throw new ElfFormatError(`unknown ELF class ${String(classByte)}`);
  if (dataByte !== 1 && dataByte !== 2) throw new ElfFormatError(`unknown ELF byte order ${String(dataByte)}`);
  const elfClass = classByte === 1 ? 32 : 64;
  const layout = LAYOUTS[elfClass];
  const reader = new Reader(bytes, dataByte === 1, layout.word);

  const segments = readSegments(reader, layout);
  const dynamic = segments.find((segment) => segment.type === PT_DYNAMIC);
  const base = {
    elfClass,
    endianness: dataByte === 1 ? "little" : "big",
    machine: reader.u16(18),
    type: reader.u16(16),
    osAbi: bytes[7] ?? 0,
  } as const;
  if (dynamic === undefined) return { ...base, soname: undefined, needed: [], versionNeeds: [] };

  const tags = readDynamicTags(reader, layout, dynamic);
  const toOffset = (vaddr: number): number => vaddrToOffset(segments, vaddr);
  const strtab = tags.get(DT_STRTAB)?.[0];
  if (strtab === undefined) return { ...base, soname: undefined, needed: [], versionNeeds: [] };
  const strtabOffset = toOffset(strtab);
  const strtabEnd = strtabOffset + (tags.get(DT_STRSZ)?.[0] ?? bytes.length - strtabOffset);
  const str = (index: number): string => reader.cString(strtabOffset + index, strtabEnd);

  const needed = (tags.get(DT_NEEDED) ?? []).map(str);
  const sonameIndex = tags.get(DT_SONAME)?.[0];
  const verneed = tags.get(DT_VERNEED)?.[0];
  const verneedCount = tags.get(DT_VERNEEDNUM)?.[0] ?? 0;
  const versionNeeds = verneed === undefined ? [] : readVersionNeeds(reader, toOffset(verneed), verneedCount, str);
  return { ...base, soname: sonameIndex === undefined ? undefined : str(sonameIndex), needed, versionNeeds };
}

function readSegments(reader: Reader, layout: ClassLayout): Segment[] {
  const phoff = reader.addr(layout.phoff);
  const phentsize = reader.u16(layout.phentsizeAt);
  const phnum = reader.u16(layout.phnumAt);
  if (phoff === 0 || phnum === 0) return [];
  const segments: Segment[] = [];
  for (let index = 0; index < phnum; index++) {
    const at = phoff + index * phentsize;
    segments.push({
      type: reader.u32(at + layout.ph.type),
      offset: reader.addr(at + layout.ph.offset),
      vaddr: reader.addr(at + layout.ph.vaddr),
      filesz: reader.addr(at + layout.ph.filesz),
    });
  }
  return segments;
}

/** Every value of every dynamic tag, in order (DT_NEEDED repeats). */
function readDynamicTags(reader: Reader, layout: ClassLayout, dynamic: Segment): Map<number, number[]> {
  const tags = new Map<number, number[]>();
  const count = Math.floor(dynamic.filesz / layout.dynEntrySize);
  for (let index = 0; index < count; index++) {
    const at = dynamic.offset + index * layout.dynEntrySize;
    const tag = reader.tag(at);
    if (tag === DT_NULL) break;
    const value = reader.addr(at + layout.word);
    const list = tags.get(tag);
    if (list) list.push(value);
    else tags.set(tag, [value]);
  }
  return tags;
}

/** Dynamic entries hold virtual addresses; the file offset comes from the PT_LOAD that maps it. */
function vaddrToOffset(segments: readonly Segment[], vaddr: number): number {
  for (const segment of segments) {
    if (segment.type === PT_LOAD && vaddr >= segment.vaddr && vaddr < segment.vaddr + segment.filesz) {
      return vaddr - segment.vaddr + segment.offset;
    }
  }
  throw new ElfFormatError(`address 0x${vaddr.toString(16)} of the dynamic section is not mapped by any PT_LOAD segment`);
}

/** Elf_Verneed / Elf_Vernaux have the same layout in 32- and 64-bit files. */
function readVersionNeeds(reader: Reader, start: number, count: number, str: (index: number) => string): ElfVersionNeed[] {
  const needs: ElfVersionNeed[] = [];
  let at = start;
  for (let index = 0; index < count; index++) {
    const auxCount = reader.u16(at + 2);
    const file = str(reader.u32(at + 4));
    const versions: string[] = [];
    let auxAt = at + reader.u32(at + 8);
    for (let aux = 0; aux < auxCount; aux++) {
      versions.push(str(reader.u32(auxAt + 8)));
      const nextAux = reader.u32(auxAt + 12);
      if (nextAux === 0) break;
      auxAt += nextAux;
    }
    needs.push({ file, versions });
    const next = reader.u32(at + 12);
    if (next === 0) break;
    at += next;
  }
  return needs;
}
