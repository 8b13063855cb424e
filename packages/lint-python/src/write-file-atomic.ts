import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";

/** Writes `file` through a temp file and a rename, so a reader never sees half a file. */
export async function writeFileAtomic(file: string, content: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temp = `${file}.${String(process.pid)}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    await writeFile(temp, content);
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
