import { ReferenceToolsError } from "./reference-tools-error.js";

/**
 * protoc's release line → the major version of the protobuf Python release it generates for, as
 * protobuf's version.json says at each tag (the test checks this table against every version.json in
 * the shared protobuf-python-generators fixture). Up to 3.20 protoc and Python shared one number.
 */
export const PYTHON_MAJOR_BY_PROTOC_MINOR: readonly { readonly fromMinor: number; readonly pythonMajor: number }[] = [
  { fromMinor: 21, pythonMajor: 4 },
  { fromMinor: 26, pythonMajor: 5 },
  { fromMinor: 30, pythonMajor: 6 },
  { fromMinor: 34, pythonMajor: 7 },
];

/**
 * The protobuf Python release whose generated code a libprotoc version writes:
 * "3.5.1" → "3.5.1", "3.21.12" (21.12 with the old 3. prefix) → "4.21.12", "31.1" → "6.31.1".
 */
export function protobufPythonForLibprotoc(libprotoc: string): string {
  const match = /^(\d+)\.(\d+)(?:\.(\d+))?$/.exec(libprotoc.trim());
  if (match === null) throw new ReferenceToolsError(`libprotoc version "${libprotoc}" is not X.Y or X.Y.Z; pass what \`protoc --version\` prints after "libprotoc ".`);
  const [, a = "0", b = "0", c] = match;
  // 3.21.x … 3.25.x are the 21.x … 25.x releases printed with the old "3." prefix.
  const [minor, patch] = a === "3" ? [Number(b), Number(c ?? "0")] : [Number(a), Number(b)];
  // version.json of 3.16–3.20 already says "16.2" for protoc 3.16.2.
  if (minor <= 20) return `3.${minor}.${patch}`;
  let major: number | undefined;
  for (const row of PYTHON_MAJOR_BY_PROTOC_MINOR) if (minor >= row.fromMinor) major = row.pythonMajor;
  if (major === undefined) throw new ReferenceToolsError(`libprotoc ${libprotoc} is from no release line this table knows; add its line to PYTHON_MAJOR_BY_PROTOC_MINOR (see protobuf's version.json at that tag).`);
  return `${major}.${minor}.${patch}`;
}

/** "libprotoc 31.1" → "31.1". */
export function parseLibprotocVersion(output: string): string {
  const match = /libprotoc\s+(\d+\.\d+(?:\.\d+)?)/.exec(output);
  if (match?.[1] === undefined) throw new ReferenceToolsError(`protoc --version printed "${output.trim()}", not "libprotoc X.Y[.Z]".`);
  return match[1];
}
