import { mkdir } from "node:fs/promises";
import path from "node:path";
import writeFileAtomicLib from "write-file-atomic";

/** Writes `file` through a temp file and a rename (npm's write-file-atomic), creating its directory. */
export async function writeFileAtomic(file: string, content: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFileAtomicLib(file, content);
}
