// A wheel that holds only metadata (METADATA, WHEEL, RECORD): what pip's resolver needs to take a
// distribution from a --find-links directory without downloading or building it.
import path from "node:path";
import { writeDeterministicZip } from "../archive/deterministic-zip.js";

export interface WheelMetadata {
  readonly name: string;
  readonly version: string;
  readonly requiresDist?: readonly string[];
  readonly requiresPython?: string | undefined;
  readonly summary: string;
}

/** Writes `<dist>-<version>-py3-none-any.whl` into `dir`; returns its path. */
export async function writeMetadataWheel(dir: string, metadata: WheelMetadata): Promise<string> {
  const dist = metadata.name.replace(/[-.]+/g, "_");
  const info = `${dist}-${metadata.version}.dist-info`;
  const lines = [
    "Metadata-Version: 2.1",
    `Name: ${metadata.name}`,
    `Version: ${metadata.version}`,
    `Summary: ${metadata.summary}`,
    ...(metadata.requiresPython === undefined ? [] : [`Requires-Python: ${metadata.requiresPython}`]),
    ...(metadata.requiresDist ?? []).map((requirement) => `Requires-Dist: ${requirement}`),
  ];
  const files: [string, string][] = [
    [`${info}/METADATA`, `${lines.join("\n")}\n`],
    [`${info}/WHEEL`, "Wheel-Version: 1.0\nGenerator: pyflink-pack\nRoot-Is-Purelib: true\nTag: py3-none-any\n"],
    [`${info}/RECORD`, `${info}/METADATA,,\n${info}/WHEEL,,\n${info}/RECORD,,\n`],
  ];
  const file = path.join(dir, `${dist}-${metadata.version}-py3-none-any.whl`);
  await writeDeterministicZip(
    file,
    files.map(([name, text]) => ({ name, source: { kind: "buffer" as const, data: Buffer.from(text) }, executable: false })),
  );
  return file;
}
