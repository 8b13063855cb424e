// The bad-input and fault probe of pack:job, kept as tests: each case runs the real CLI on a copy
// of the fixture job with the fault added, and checks that nothing leaks, nothing is lost, and the
// one message says what, where and how to fix it (no stack trace).
import { spawnSync } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { mkdir, readFile, stat, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { skipUnless, systemTool, valueOf } from "@pyflink-devkit/reference-tools";
import { withZip } from "@pyflink-devkit/zip-archive";
import { BIN, makeJob, PIP_ENV, readJson, removeTempDirs, runCli, SKIP_REF, tempDir } from "./helpers.js";

afterAll(removeTempDirs);

interface JsonOut {
  artifacts: { path: string; sha256: string }[];
  excluded: string[];
  warnings: string[];
}

const TRUNCATE_REF = systemTool("truncate");
const PYTHON3_REF = systemTool("python3");

const FLINK = ["--target", "flink", "--flink", "1.20", "--python", "3.11", "--no-cache"];

/** Entry names of every zip in a bundle, as `artifact!entry`. */
async function bundleEntries(out: string, artifacts: readonly string[]): Promise<string[]> {
  const names: string[] = [];
  for (const artifact of artifacts.filter((name) => name.endsWith(".zip"))) {
    names.push(...(await withZip(path.join(out, artifact), (zip) => Promise.resolve(zip.entries.map((entry) => `${artifact}!${entry.name}`)))));
  }
  return names.sort();
}

/** Packs `project` for self-managed Flink; returns the parsed --json report and the bundle's zip entries. */
async function packOk(project: string, extra: readonly string[] = []): Promise<{ out: string; report: JsonOut; entries: string[] }> {
  const out = path.join(await tempDir("pyflink-pack-rel-out-"), "bundle");
  const result = runCli(["--project", project, ...FLINK, ...extra, "--out", out, "--json"]);
  if (result.status !== 0) throw new Error(`pack failed (${String(result.status)}):\n${result.stderr}`);
  const report = JSON.parse(result.stdout) as JsonOut;
  return { out, report, entries: await bundleEntries(out, report.artifacts.map((a) => path.relative(out, a.path))) };
}

/** A failed run's contract: the exit code, one message naming `mentions`, no stack trace. */
function expectOneMessage(result: { status: number | null; stderr: string }, status: number, mentions: readonly (string | RegExp)[]): void {
  expect(result.status, result.stderr).toBe(status);
  for (const mention of mentions) expect(result.stderr).toMatch(mention);
  expect(result.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
  expect(result.stderr).not.toContain("unexpected error");
}

describe("symlinks (bug 1: a file link to /etc/shadow shipped its contents)", () => {
  it("leaves out a file link and a directory link that resolve outside the project, and reports both", async () => {
    const project = await makeJob({ jar: false });
    const outside = await tempDir("pyflink-pack-rel-outside-");
    await writeFile(path.join(outside, "shadow"), "root:SECRET-OUTSIDE-CONTENT:19000:0:99999:7:::\n");
    await mkdir(path.join(outside, "dir"));
    await writeFile(path.join(outside, "dir", "more.csv"), "SECRET-OUTSIDE-DIR\n");
    await symlink(path.join(outside, "shadow"), path.join(project, "data", "x.csv"));
    await symlink(path.join(outside, "dir"), path.join(project, "data", "ext"));
    const { out, report, entries } = await packOk(project);
    expect(entries).toContain("data.zip!data/lookup.csv");
    expect(entries.filter((e) => e.includes("x.csv") || e.includes("ext/"))).toEqual([]);
    expect(report.excluded).toEqual(expect.arrayContaining(["data/x.csv", "data/ext/"]));
    // Nothing of the targets' bytes anywhere in the bundle.
    for (const artifact of report.artifacts) expect((await readFile(artifact.path)).includes("SECRET-OUTSIDE")).toBe(false);
    const human = runCli(["--project", project, ...FLINK, "--out", `${out}-2`]);
    expect(human.status).toBe(0);
    expect(human.stdout).toMatch(/data\/x\.csv .*symlink to .*shadow, outside the project/);
  });

  it("ships an outside link that --include names, with a warning", async () => {
    const project = await makeJob({ jar: false });
    const outside = await tempDir("pyflink-pack-rel-outside-");
    await writeFile(path.join(outside, "shared.csv"), "a,b\n");
    await symlink(path.join(outside, "shared.csv"), path.join(project, "data", "shared.csv"));
    const { report, entries } = await packOk(project, ["--include", "data/shared.csv"]);
    expect(entries).toContain("data.zip!data/shared.csv");
    expect(report.warnings.some((w) => w.startsWith("data/shared.csv: symlink to") && w.includes("--include"))).toBe(true);
  });

  it("follows links inside the project (file and directory) and leaves out a link loop", async () => {
    const project = await makeJob({ jar: false });
    await symlink("lookup.csv", path.join(project, "data", "alias.csv"));
    await mkdir(path.join(project, "shared", "tables"), { recursive: true });
    await writeFile(path.join(project, "shared", "tables", "t.csv"), "t\n");
    await symlink("../shared/tables", path.join(project, "data", "tables"));
    await symlink("..", path.join(project, "data", "loop"));
    const { report, entries } = await packOk(project);
    expect(entries).toEqual(expect.arrayContaining(["data.zip!data/alias.csv", "data.zip!data/tables/t.csv"]));
    expect(report.warnings.some((w) => w.startsWith("data/loop/") && w.includes("loop"))).toBe(true);
  });
});

describe("symlinks to what the safe defaults leave out", () => {
  it("a link inside the project to .env or into .ssh/ is left out as its target would be", async () => {
    const project = await makeJob({ jar: false, junk: true });
    await mkdir(path.join(project, ".ssh"));
    await writeFile(path.join(project, ".ssh", "config"), "Host x\n");
    await symlink("../.env", path.join(project, "data", "settings.env"));
    await symlink("../.ssh", path.join(project, "data", "ssh"));
    const { report, entries } = await packOk(project);
    expect(entries.filter((e) => e.includes("settings.env") || e.includes("/ssh"))).toEqual([]);
    expect(report.excluded).toEqual(expect.arrayContaining(["data/settings.env", "data/ssh/"]));
  });
});

describe("--out data loss (a thesis.tex beside an old bundle was deleted)", () => {
  it("refuses an --out that holds files the previous bundle's lock does not list, names them, and keeps them", async () => {
    const project = await makeJob({ jar: false });
    const { out } = await packOk(project);
    await writeFile(path.join(out, "thesis.tex"), "\\documentclass{article}\n");
    const result = runCli(["--project", project, ...FLINK, "--out", out]);
    expectOneMessage(result, 1, [/--out .*holds a previous bundle plus 1 file\(s\) its lock does not list: thesis\.tex/, /Move them out/]);
    expect(await readFile(path.join(out, "thesis.tex"), "utf8")).toContain("documentclass");
  });

  it("replaces an --out that is exactly a previous bundle", async () => {
    const project = await makeJob({ jar: false });
    const { out } = await packOk(project);
    const again = runCli(["--project", project, ...FLINK, "--out", out, "--json"]);
    expect(again.status, again.stderr).toBe(0);
    const lock = (await readJson(path.join(out, "pyflink-pack.lock.json"))) as { artifacts: { path: string }[] };
    expect(lock.artifacts.map((a) => a.path)).toContain("job.zip");
  });

  it("refuses an --out with an unreadable lock instead of guessing", async () => {
    const project = await makeJob({ jar: false });
    const out = path.join(await tempDir("pyflink-pack-rel-out-"), "bundle");
    await mkdir(out);
    await writeFile(path.join(out, "pyflink-pack.lock.json"), "{ not json");
    await writeFile(path.join(out, "notes.md"), "mine\n");
    expectOneMessage(runCli(["--project", project, ...FLINK, "--out", out]), 1, [/pyflink-pack\.lock\.json cannot be read/]);
    expect(await stat(path.join(out, "notes.md"))).toBeTruthy();
  });
});

describe("secrets by content and by name", () => {
  it("leaves out files holding a private key, an AWS access key, .netrc lines, and secrets.yaml/token.txt inside a package", async () => {
    const project = await makeJob({ jar: false });
    const { privateKey } = generateKeyPairSync("ed25519", { privateKeyEncoding: { type: "pkcs8", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } });
    const rsa = generateKeyPairSync("rsa", { modulusLength: 2048, privateKeyEncoding: { type: "pkcs1", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } });
    await writeFile(path.join(project, "mypkg", "signing.py"), `KEY = """${privateKey}"""\n`);
    await writeFile(path.join(project, "data", "deploy.txt"), rsa.privateKey);
    // An access key ID of the documented shape (AKIA + 16), not AWS's published example, which detectors allow.
    await writeFile(path.join(project, "mypkg", "settings.py"), 'AWS_ACCESS_KEY_ID = "AKIA2E0A8F3B244C9986"\nREGION = "eu-west-1"\n');
    await writeFile(path.join(project, "mypkg", "hosts.cfg"), "machine repo.example.com login deploy password s3cr3t-pass\n");
    await writeFile(path.join(project, "mypkg", "secrets.yaml"), "db: x\n");
    await writeFile(path.join(project, "mypkg", "token.txt"), "abc\n");
    const { report, entries } = await packOk(project);
    for (const leaked of ["signing.py", "deploy.txt", "settings.py", "hosts.cfg", "secrets.yaml", "token.txt"]) {
      expect(entries.filter((e) => e.endsWith(leaked))).toEqual([]);
    }
    expect(report.excluded).toEqual(expect.arrayContaining(["mypkg/signing.py", "data/deploy.txt", "mypkg/settings.py", "mypkg/hosts.cfg", "mypkg/secrets.yaml", "mypkg/token.txt"]));
    expect(entries).toContain("job.zip!mypkg/udfs.py");
    const human = runCli(["--project", project, ...FLINK, "--out", path.join(await tempDir("pyflink-pack-rel-out-"), "b")]);
    expect(human.stdout).toMatch(/mypkg\/settings\.py .*AWS access key at line 1/);
    expect(human.stdout).toMatch(/mypkg\/signing\.py .*private key/);
    expect(human.stdout).toMatch(/mypkg\/hosts\.cfg .*\.netrc credentials/);
  });
});

describe("large files (bug 3: ≥ 1 GiB crashed with 'buffer too large')", () => {
  it("streams a file of more than 2 GiB into data.zip; the entry holds every byte (sparse file, read back by yauzl)", { ...skipUnless(TRUNCATE_REF), timeout: 900_000 }, async () => {
    const project = await makeJob({ jar: false });
    const size = 2 * 1024 ** 3 + 7;
    const big = path.join(project, "data", "big.bin");
    // A sparse file: no disk space, but every byte is read and deflated like a real one.
    expect(spawnSync(valueOf(TRUNCATE_REF), ["-s", String(size), big]).status).toBe(0);
    await writeFile(path.join(project, "data", "after.csv"), "tail\n");
    const { out, entries } = await packOk(project);
    expect(entries).toEqual(expect.arrayContaining(["data.zip!data/big.bin", "data.zip!data/after.csv"]));
    await withZip(path.join(out, "data.zip"), async (zip) => {
      const entry = zip.entries.find((item) => item.name === "data/big.bin");
      expect(entry?.size).toBe(size);
      // Inflate it again, streaming, and count: the stored size and CRC are checked by yauzl as it reads.
      let bytes = 0;
      if (entry !== undefined) for await (const chunk of await zip.stream(entry)) bytes += (chunk as Buffer).length;
      expect(bytes).toBe(size);
    });
  });
});

describe("verify and inspect on a bundle changed after pack", () => {
  it("verify names every artifact whose sha256 no longer matches the lock, and files added or missing (exit 1)", async () => {
    const project = await makeJob({ jar: false });
    const { out } = await packOk(project);
    await writeFile(path.join(out, "main.py"), `${await readFile(path.join(out, "main.py"), "utf8")}\nprint("tampered")\n`);
    await writeFile(path.join(out, "extra.py"), "x = 1\n");
    const result = runCli(["verify", out, "--no-imports"]);
    expect(result.status, result.stderr).toBe(1);
    expect(result.stdout).toMatch(/main\.py changed after pack: its sha256 is [0-9a-f]{16}…, the lock recorded [0-9a-f]{16}…/);
    expect(result.stdout).toMatch(/extra\.py is in the bundle but not in pyflink-pack\.lock\.json/);
    expect(result.stdout).not.toMatch(/job\.zip changed/);
  });

  it("verify says every artifact matches on an untouched bundle", async () => {
    const { out } = await packOk(await makeJob({ jar: false }));
    const result = runCli(["verify", out, "--no-imports", "--json"]);
    const report = JSON.parse(result.stdout) as { ok: boolean; notes: string[]; problems: string[] };
    expect(report.problems).toEqual([]);
    expect(report.notes).toContain("all 4 artifacts match the sha256 values in the lock");
  });

  it("inspect warns about '../' and absolute entries of a tampered zip (written by Python's zipfile)", skipUnless(PYTHON3_REF), async () => {
    const { out } = await packOk(await makeJob({ jar: false }));
    const script = "import sys, zipfile\nwith zipfile.ZipFile(sys.argv[1], 'w') as z:\n    z.writestr('mypkg/__init__.py', '')\n    z.writestr('../../evil.py', 'x')\n    z.writestr('/etc/cron.d/evil', 'x')\n";
    const made = spawnSync(valueOf(PYTHON3_REF), ["-c", script, path.join(out, "job.zip")], { encoding: "utf8" });
    expect(made.status, made.stderr).toBe(0);
    const result = runCli(["inspect", out, "--json"]);
    expect(result.status, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as { warnings: string[] };
    expect(report.warnings).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^job\.zip: unsafe entry "\.\.\/\.\.\/evil\.py": it climbs out with '\.\.'/),
        expect.stringMatching(/^job\.zip: unsafe entry "\/etc\/cron\.d\/evil": it is an absolute path/),
        expect.stringMatching(/^job\.zip changed after pack/),
      ]),
    );
  });
});

describe("names that are not UTF-8 (bug 4: unexpected error: ENOENT … stat)", () => {
  it("refuses by name with the fix, exit 1, no stack", async () => {
    const project = await makeJob({ jar: false });
    // Latin-1 "café.csv": the bytes a Windows or old Linux tool leaves behind.
    const name = Buffer.concat([Buffer.from(path.join(project, "data", "caf")), Buffer.from([0xe9]), Buffer.from(".csv")]);
    await writeFile(name, "x\n");
    const out = path.join(await tempDir("pyflink-pack-rel-out-"), "bundle");
    const result = runCli(["--project", project, ...FLINK, "--out", out]);
    expectOneMessage(result, 1, [/data\/caf\\xe9\.csv/, /not UTF-8/, /Rename them to UTF-8/]);
    expect(await stat(out).catch(() => undefined)).toBeUndefined();
  });

  it("leaves a non-UTF-8 name quietly out when an exclude rule covers it", async () => {
    const project = await makeJob({ jar: false });
    await mkdir(path.join(project, "scratch"));
    await writeFile(Buffer.concat([Buffer.from(path.join(project, "scratch", "x")), Buffer.from([0xff])]), "x\n");
    const { entries } = await packOk(project, ["--exclude", "scratch/"]);
    expect(entries.some((e) => e.includes("scratch"))).toBe(false);
  });
});

describe("one clear message for bad flags", () => {
  it("pack without --project outside a job project says so (exit 2) instead of walking the current directory", async () => {
    const cwd = await tempDir("pyflink-pack-rel-cwd-");
    await writeFile(path.join(cwd, "README.md"), "not a job\n");
    const result = spawnSync(process.execPath, [BIN, ...FLINK, "--out", path.join(cwd, "out")], { cwd, encoding: "utf8", env: { ...process.env, ...PIP_ENV } });
    expectOneMessage({ status: result.status, stderr: result.stderr }, 2, [/no --project given/, /is not a job project/, /Pass --project <dir>/]);
    expect(await stat(path.join(cwd, "out")).catch(() => undefined)).toBeUndefined();
  });

  it("pack without --project inside a job project uses it and says which directory", async () => {
    const project = await makeJob({ jar: false });
    const out = path.join(await tempDir("pyflink-pack-rel-out-"), "bundle");
    const result = spawnSync(process.execPath, [BIN, ...FLINK, "--out", out], { cwd: project, encoding: "utf8", env: { ...process.env, ...PIP_ENV } });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).toContain(`project: ${project} (the current directory; no --project given)`);
  });

  it("--entry ../../../../etc/passwd is refused as outside the project, not as excluded", async () => {
    const project = await makeJob({ jar: false });
    const result = runCli(["--project", project, ...FLINK, "--entry", "../../../../etc/passwd", "--out", path.join(await tempDir("pyflink-pack-rel-out-"), "b")]);
    expectOneMessage(result, 1, [/Entry script \.\.\/\.\.\/\.\.\/\.\.\/etc\/passwd is outside the project/, /Move the script into the project/]);
    expect(result.stderr).not.toContain("safe defaults");
  });

  it("a requirement that exists on no index gets 'not on the index', not the missing-platform-wheel fix", skipUnless(SKIP_REF), async () => {
    const links = await tempDir("pyflink-pack-rel-links-");
    const project = await makeJob({ jar: false, requirements: ["--no-index", `--find-links ${links}`, "pyflink-devkit-no-such-package-xq==1.0"] });
    const result = runCli(["--project", project, ...FLINK, "--out", path.join(await tempDir("pyflink-pack-rel-out-"), "b")]);
    expectOneMessage(result, 1, [/"pyflink-devkit-no-such-package-xq" is not on the package index/, /typo/, /--find-links/]);
    expect(result.stderr).not.toContain("publishes a manylinux wheel");
  });
});
