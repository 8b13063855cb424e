import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { CodegenError } from "./codegen-error.js";

// @bufbuild/buf ships the real binary in one optional package per platform; its own bin is a Node
// shim that finds and spawns it. Running the native binary directly saves a Node start-up
// (~50 ms) on every generation. Keys are `${process.platform} ${os.arch()}`, as the shim uses.
const BUF_PLATFORM_PACKAGES: Readonly<Record<string, { readonly pkg: string; readonly bin: string }>> = {
  "linux x64": { pkg: "@bufbuild/buf-linux-x64", bin: "bin/buf" },
  "linux arm64": { pkg: "@bufbuild/buf-linux-aarch64", bin: "bin/buf" },
  "linux arm": { pkg: "@bufbuild/buf-linux-armv7", bin: "bin/buf" },
  "darwin x64": { pkg: "@bufbuild/buf-darwin-x64", bin: "bin/buf" },
  "darwin arm64": { pkg: "@bufbuild/buf-darwin-arm64", bin: "bin/buf" },
  "win32 x64": { pkg: "@bufbuild/buf-win32-x64", bin: "bin/buf.exe" },
  "win32 arm64": { pkg: "@bufbuild/buf-win32-arm64", bin: "bin/buf.exe" },
};

export interface BufCommand {
  /** Program to run. */
  readonly file: string;
  /** Arguments that come before buf's own (the shim's path when buf runs through Node). */
  readonly prefixArgs: readonly string[];
  /** @bufbuild/buf's package.json version. */
  readonly version: string;
}

/** Where @bufbuild/buf's package lives, and its version, without running anything. */
export function bufPackage(): { readonly dir: string; readonly version: string } {
  const require = createRequire(import.meta.url);
  let manifestPath: string;
  try {
    manifestPath = require.resolve("@bufbuild/buf/package.json");
  } catch (error) {
    throw new CodegenError(
      "gen-protos needs buf, but the @bufbuild/buf package is not installed. Run `pnpm install` in the repository.",
      { cause: error },
    );
  }
  const manifest = require(manifestPath) as { version?: unknown };
  return { dir: path.dirname(manifestPath), version: typeof manifest.version === "string" ? manifest.version : "unknown" };
}

/** The buf binary from the @bufbuild/buf npm package (never one from PATH, so the version is pinned). */
export function locateBuf(): BufCommand {
  const { dir, version } = bufPackage();
  const platform = BUF_PLATFORM_PACKAGES[`${process.platform} ${os.arch()}`];
  if (platform !== undefined) {
    try {
      const native = createRequire(path.join(dir, "package.json")).resolve(`${platform.pkg}/${platform.bin}`);
      return { file: native, prefixArgs: [], version };
    } catch {
      // Not installed for this platform (e.g. optional dependencies skipped): use the shim below.
    }
  }
  const shim = path.join(dir, "bin", "buf");
  if (!existsSync(shim)) {
    throw new CodegenError(
      `gen-protos found @bufbuild/buf ${version} in ${dir} but neither its binary for ${process.platform}/${os.arch()} nor its bin/buf. Reinstall it with \`pnpm install --force\`.`,
    );
  }
  return { file: process.execPath, prefixArgs: [shim], version };
}
