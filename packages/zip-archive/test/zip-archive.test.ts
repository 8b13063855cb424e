// The zip layer against independent readers and writers: Python's zipfile writes the hostile
// archives and reads back what we write; `unzip -t` checks our CRCs.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { extractZip, openZip, unsafeEntryName, withZip, writeZip, ZipArchiveError, zipToBuffer } from "../src/index.js";
import { requirement, skipUnless } from "@pyflink-devkit/reference-tools";

const python = spawnSync("python3", ["-c", "pass"]).status === 0 ? "python3" : undefined;
const unzip = spawnSync("unzip", ["-v"]).status === 0 ? "unzip" : undefined;
const tempDir = (): string => mkdtempSync(path.join(tmpdir(), "zip-archive-test-"));

/** Writes a zip with Python's zipfile: entries as [name, text, unix mode]. */
function pythonZip(file: string, entries: readonly [string, string, number][]): void {
  const script = [
    "import json, sys, zipfile",
    "with zipfile.ZipFile(sys.argv[1], 'w') as z:",
    "    for name, text, mode in json.loads(sys.argv[2]):",
    "        info = zipfile.ZipInfo(name)",
    "        info.external_attr = mode << 16",
    "        z.writestr(info, text)",
  ].join("\n");
  execFileSync("python3", ["-c", script, file, JSON.stringify(entries)]);
}

describe("against Python's zipfile", skipUnless(requirement(python !== undefined, "python:3", "interpreter", "no python3 on PATH")), () => {
  it("writes what zipfile reads back: names in the given order, contents, modes, the 1980-01-01 timestamp", async () => {
    const dir = tempDir();
    const file = path.join(dir, "out.zip");
    const written = await writeZip(file, [
      { kind: "directory", name: "pkg/" },
      { kind: "buffer", name: "pkg/run.sh", data: Buffer.from("#!/bin/sh\n"), executable: true },
      { kind: "stream", name: "pkg/data.txt", size: 5, open: () => Promise.resolve(Readable.from([Buffer.from("hello")])) },
    ]);
    const listing = execFileSync("python3", ["-c", "import json, sys, zipfile\nz = zipfile.ZipFile(sys.argv[1])\nprint(json.dumps([[i.filename, list(i.date_time), oct(i.external_attr >> 16), z.read(i).decode()] for i in z.infolist()]))", file], { encoding: "utf8" });
    expect(JSON.parse(listing)).toEqual([
      ["pkg/", [1980, 1, 1, 0, 0, 0], "0o40755", ""],
      ["pkg/run.sh", [1980, 1, 1, 0, 0, 0], "0o100755", "#!/bin/sh\n"],
      ["pkg/data.txt", [1980, 1, 1, 0, 0, 0], "0o100644", "hello"],
    ]);
    const sha = execFileSync("sha256sum", [file], { encoding: "utf8" }).split(" ")[0];
    expect(written.sha256).toBe(sha);
    expect(written.bytes).toBe(readFileSync(file).length);
  });

  it("the same entries give the same bytes, on disk and in memory", async () => {
    const dir = tempDir();
    const entries = [{ kind: "buffer", name: "a.py", data: Buffer.from("x = 1\n"), executable: false }] as const;
    const first = await writeZip(path.join(dir, "1.zip"), entries);
    const second = await writeZip(path.join(dir, "2.zip"), entries);
    expect(second.sha256).toBe(first.sha256);
    expect((await zipToBuffer(entries)).equals(readFileSync(path.join(dir, "1.zip")))).toBe(true);
  });

  it("reads the names as written, a '../' entry included, with sizes, modes and contents", async () => {
    const dir = tempDir();
    const file = path.join(dir, "in.zip");
    pythonZip(file, [["ok.py", "x = 1", 0o100644], ["../evil.py", "import os", 0o100755], ["tool", "0123456789", 0o100755]]);
    await withZip(file, async (zip) => {
      expect(zip.entries.map((entry) => [entry.name, entry.size, entry.mode])).toEqual([["ok.py", 5, 0o100644], ["../evil.py", 9, 0o100755], ["tool", 10, 0o100755]]);
      const [, evil, tool] = zip.entries;
      if (evil === undefined || tool === undefined) throw new Error("entries missing");
      expect((await zip.read(evil)).toString()).toBe("import os");
      expect((await zip.head(tool, 4)).toString()).toBe("0123");
    });
    expect(unsafeEntryName("../evil.py")).toBe("climbs out with '..'");
    expect(unsafeEntryName("/etc/passwd")).toBe("is an absolute path");
    expect(unsafeEntryName("pkg/ok.py")).toBeUndefined();
  });

  it("extracts a normal zip with its modes, and refuses '../' and symlinks out of the archive, writing nothing outside", async () => {
    const dir = tempDir();
    const good = path.join(dir, "good.zip");
    pythonZip(good, [["bin/tool", "#!/bin/sh\n", 0o100755], ["lib/a.txt", "a", 0o100644]]);
    await extractZip(good, path.join(dir, "good"));
    expect(readFileSync(path.join(dir, "good", "lib", "a.txt"), "utf8")).toBe("a");
    expect(execFileSync("stat", ["-c", "%a", path.join(dir, "good", "bin", "tool")], { encoding: "utf8" }).trim()).toBe("755");

    const slip = path.join(dir, "slip.zip");
    pythonZip(slip, [["../escaped.py", "import os", 0o100644]]);
    await expect(extractZip(slip, path.join(dir, "out", "slip"))).rejects.toThrow(/refused to extract entry "\.\.\/escaped\.py": it climbs out with '\.\.'/);
    expect(existsSync(path.join(dir, "out", "escaped.py"))).toBe(false);

    const link = path.join(dir, "link.zip");
    pythonZip(link, [["leak", "/etc/passwd", 0o120777]]);
    const refused = await extractZip(link, path.join(dir, "out", "link")).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ZipArchiveError);
    expect(refused).toMatchObject({ code: "unsafe-entry", entry: "leak" });
  });
});

describe("against unzip", skipUnless(requirement(unzip !== undefined, "debian:unzip", "debian", "no unzip on PATH (Debian package unzip)")), () => {
  it("unzip -t finds every CRC right in what writeZip wrote", async () => {
    const dir = tempDir();
    const file = path.join(dir, "t.zip");
    writeFileSync(path.join(dir, "big.txt"), "line\n".repeat(10_000));
    await writeZip(file, [{ kind: "buffer", name: "big.txt", data: readFileSync(path.join(dir, "big.txt")), executable: false }]);
    expect(execFileSync("unzip", ["-t", file], { encoding: "utf8" })).toContain("No errors detected");
  });
});

describe("what is not a zip", () => {
  it("is one ZipArchiveError naming the file", async () => {
    const dir = tempDir();
    const file = path.join(dir, "download.jar");
    writeFileSync(file, "<html>not found</html>");
    await expect(openZip(file)).rejects.toMatchObject({ code: "unreadable", file, message: expect.stringContaining(`${file}: cannot read it as a zip`) as unknown });
  });
});
