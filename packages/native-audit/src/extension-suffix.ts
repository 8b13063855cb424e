// CPython extension-module file names carry the ABI they were built for (PEP 3149):
// `_foo.cpython-311-x86_64-linux-gnu.so`, `_foo.abi3.so`, `_foo.cpython-311-darwin.so`, `_foo.cp311-win_amd64.pyd`.
import { ARCHES, pythonMinor, type AuditTarget } from "./audit-target.js";

/** Why an extension module's name does not fit the target, or undefined when it does (or says nothing). */
export function extensionSuffixMismatch(fileName: string, target: AuditTarget): string | undefined {
  if (/\.pyd$/i.test(fileName)) return `${fileName} is a Windows extension module (.pyd)`;
  const match = /\.cpython-(\d)(\d+)[dmu]*-([^.]+)\.so$/.exec(fileName);
  if (!match) return undefined;
  const [, major, minor, triple = ""] = match;
  const [wantMajor, wantMinor] = pythonMinor(target);
  if (Number(major) !== wantMajor || Number(minor) !== wantMinor) {
    return `${fileName} is built for CPython ${major ?? "?"}.${minor ?? "?"}, the runtime has CPython ${wantMajor}.${wantMinor}`;
  }
  const arch = ARCHES[target.arch].tagArch;
  if (triple !== `${arch}-linux-gnu`) return `${fileName} is built for ${triple}, the runtime is ${arch}-linux-gnu`;
  return undefined;
}
