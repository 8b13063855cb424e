import { existsSync, statSync } from "node:fs";
import path from "node:path";
import { findExecutable } from "@pyflink-devkit/runner";
import { disabled, override } from "./overrides.js";
import { missing, present, type Reference } from "./reference.js";

/** System tools the tests cross-check against, and the Debian package that provides each. */
export const SYSTEM_TOOLS = {
  protoc: "protobuf-compiler",
  zip: "zip",
  unzip: "unzip",
  zipinfo: "unzip",
  gcc: "gcc",
  "g++": "g++",
  readelf: "binutils",
  objdump: "binutils",
  diff: "diffutils",
  truncate: "coreutils",
  git: "git",
  java: "openjdk-17-jdk-headless",
  javac: "openjdk-17-jdk-headless",
  jar: "openjdk-17-jdk-headless",
  keytool: "openjdk-17-jdk-headless",
  jarsigner: "openjdk-17-jdk-headless",
  mvn: "maven",
  python3: "python3",
} as const;

export type SystemToolName = keyof typeof SYSTEM_TOOLS;

function isExecutableFile(file: string): boolean {
  try {
    return statSync(file).isFile() && (statSync(file).mode & 0o111) !== 0;
  } catch {
    return false;
  }
}

/** A system tool's absolute path, from $PYFLINK_DEVKIT_REF_PATH first, then PATH; missing names its Debian package. */
export function systemTool(name: SystemToolName): Reference<string> {
  const debianPackage = SYSTEM_TOOLS[name];
  const absent = missing<string>(`debian:${name}`, "debian", `${name} is not on PATH (Debian package ${debianPackage}: apt-get install ${debianPackage})`);
  if (disabled("systemTools")) return absent;
  const extra = override("systemTools");
  if (extra !== undefined) {
    for (const dir of extra.split(path.delimiter)) {
      const candidate = path.join(dir, name);
      if (existsSync(candidate) && isExecutableFile(candidate)) return present(candidate);
    }
  }
  const found = findExecutable(name);
  return found === undefined ? absent : present(found);
}

/** Every named tool, or the first missing one. */
export function systemTools(...names: readonly SystemToolName[]): Reference<Readonly<Record<string, string>>> {
  const paths: Record<string, string> = {};
  for (const name of names) {
    const ref = systemTool(name);
    if (!ref.ok) return ref;
    paths[name] = ref.value;
  }
  return present(paths);
}
