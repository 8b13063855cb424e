import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { findExecutable } from "@pyflink-devkit/runner";

export const has = (tool: string): boolean => findExecutable(tool) !== undefined;

export function tempDir(): string {
  return mkdtempSync(path.join(tmpdir(), "fat-jar-test-"));
}

/** Writes files under `root` from a path → content map. */
export function writeTree(root: string, files: Readonly<Record<string, string>>): void {
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(root, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
}

/** Compiles Java sources with the real javac and packs classes + resources with the JDK's `jar`. */
export function buildJar(work: string, name: string, sources: Readonly<Record<string, string>>, resources: Readonly<Record<string, string>> = {}, classpath: readonly string[] = []): string {
  const src = path.join(work, `${name}-src`);
  const out = path.join(work, `${name}-classes`);
  writeTree(src, sources);
  writeTree(out, resources);
  const files = Object.keys(sources).map((file) => path.join(src, file));
  if (files.length > 0) execFileSync("javac", ["-d", out, ...(classpath.length > 0 ? ["-cp", classpath.join(path.delimiter)] : []), ...files]);
  const jar = path.join(work, name);
  execFileSync("jar", ["--create", "--file", jar, "-C", out, "."]);
  return jar;
}

/** Signs a jar in place with a throw-away RSA key, as a vendor-signed jar (bouncycastle, ...) is. */
export function signJar(work: string, jar: string): void {
  const keystore = path.join(work, "keystore.p12");
  execFileSync("keytool", ["-genkeypair", "-keystore", keystore, "-storetype", "PKCS12", "-storepass", "changeit", "-alias", "vendor", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=vendor", "-validity", "2"], { stdio: "ignore" });
  execFileSync("jarsigner", ["-keystore", keystore, "-storepass", "changeit", jar, "vendor"], { stdio: "ignore" });
}
