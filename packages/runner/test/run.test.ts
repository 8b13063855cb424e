import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CommandError, findExecutable, formatCommand, killAllChildren, run, runBuffer, runningChildren } from "../src/index.js";

// A zombie (state Z in /proc: ended, not yet reaped by its new parent) has ended too.
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  const stat = readFileSafe(`/proc/${pid}/stat`);
  return stat !== undefined && !/^\d+ \(.*\) Z /.test(stat);
}

function readFileSafe(file: string): string | undefined {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
}

// Generous bounds: on a loaded 2-core CI machine a shell can take seconds to start or to be reaped.
async function waitUntilGone(pid: number, ms = 20_000): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (!isAlive(pid)) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return !isAlive(pid);
}

// A shell that starts a grandchild, reports its pid, and waits: the tree a real tool (tox, pip) makes.
const TREE = ["-c", "sleep 60 & echo $!; wait"];
// A timeout long enough for that shell to have started its grandchild even on a loaded machine (the
// test is about what the timeout kills, so the tree must exist before it fires).
const TREE_TIMEOUT_MS = 5_000;

describe("run", () => {
  it("collects stdout, stderr and the exit code of a real program", async () => {
    const result = await run("sh", ["-c", "echo out; echo err >&2"]);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe("out\n");
    expect(result.stderr).toBe("err\n");
    expect(result.command).toBe("sh -c 'echo out; echo err >&2'");
  });

  it("throws a CommandError naming the command and exit code, with the output's tail", async () => {
    const failure = run("sh", ["-c", "echo broken >&2; exit 3"]);
    await expect(failure).rejects.toBeInstanceOf(CommandError);
    await expect(failure).rejects.toMatchObject({ exitCode: 3, stderr: "broken\n" });
    await expect(failure).rejects.toThrow(/sh -c .*exited with code 3\.\nbroken/);
  });

  it("returns the failure instead with reject: false", async () => {
    const result = await run("sh", ["-c", "exit 4"], { reject: false });
    expect(result.exitCode).toBe(4);
  });

  it("says when a program cannot be started, and how to fix it", async () => {
    await expect(run("no-such-program-xyz", [])).rejects.toThrow(/could not start 'no-such-program-xyz'.*installed and on PATH/);
  });

  it("streams prefixed lines to onLine and to the log file", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "runner-"));
    const logFile = path.join(dir, "logs", "task.log");
    const lines: string[] = [];
    await run("sh", ["-c", "printf 'a\\nb\\n'; printf 'c' >&2"], { prefix: "[t] ", logFile, onLine: (line) => lines.push(line) });
    expect(lines.sort()).toEqual(["[t] a", "[t] b", "[t] c"]);
    const log = readFileSync(logFile, "utf8");
    expect(log.split("\n")[0]).toBe(`$ sh -c 'printf '\\''a\\nb\\n'\\''; printf '\\''c'\\'' >&2'`);
    expect(log).toContain("[t] a\n[t] b\n");
    expect(log).toContain("[t] c\n");
  });

  it("passes input and environment to the child", async () => {
    const result = await run("sh", ["-c", 'cat; echo "$GREETING"'], { input: "in\n", env: { GREETING: "hello" } });
    expect(result.stdout).toBe("in\nhello\n");
  });

  it("keeps binary stdout as bytes", async () => {
    const result = await runBuffer("printf", ["\\001\\377"]);
    expect([...result.stdout]).toEqual([1, 255]);
  });
});

describe("process trees", () => {
  it("a timeout ends the child and its grandchildren", async () => {
    let grandchild = 0;
    const result = await run("sh", TREE, {
      timeoutMs: TREE_TIMEOUT_MS,
      reject: false,
      onLine: (line) => {
        grandchild = Number(line);
      },
    });
    expect(result.timedOut).toBe(true);
    expect(grandchild).toBeGreaterThan(0);
    expect(await waitUntilGone(grandchild)).toBe(true);
    expect(runningChildren()).toBe(0);
  });

  it("aborting ends the whole tree and rejects as cancelled", async () => {
    const controller = new AbortController();
    let grandchild = 0;
    const pending = run("sh", TREE, {
      signal: controller.signal,
      onLine: (line) => {
        grandchild = Number(line);
        controller.abort();
      },
    });
    await expect(pending).rejects.toMatchObject({ cancelled: true });
    expect(grandchild).toBeGreaterThan(0);
    expect(await waitUntilGone(grandchild)).toBe(true);
  });

  it("a timed-out run that rejects says how long it waited", async () => {
    await expect(run("sleep", ["5"], { timeoutMs: 200 })).rejects.toThrow(/timed out after 200 ms/);
  });
});

// runBuffer has its own implementation (node:child_process, not execa): the same contract, tested on its own.
describe("runBuffer", () => {
  // The tree of TREE, but the grandchild's pid goes to a file: runBuffer has no onLine.
  function treeWritingPid(): { readonly args: string[]; readonly grandchild: () => Promise<number> } {
    const pidFile = path.join(mkdtempSync(path.join(tmpdir(), "runner-")), "pid");
    return {
      args: ["-c", `sleep 60 & echo $! > '${pidFile}'; wait`],
      grandchild: async () => {
        for (let i = 0; i < 1000 && !existsSync(pidFile); i++) await new Promise((resolve) => setTimeout(resolve, 20));
        return Number(readFileSync(pidFile, "utf8"));
      },
    };
  }

  it("returns stdout as a plain Uint8Array, stderr as text, and the exit code", async () => {
    const result = await runBuffer("sh", ["-c", "printf 'a\\000b'; echo err >&2; exit 0"]);
    expect(result.stdout).toBeInstanceOf(Uint8Array);
    expect(Buffer.isBuffer(result.stdout)).toBe(false);
    expect([...result.stdout]).toEqual([0x61, 0, 0x62]);
    expect(result.stderr).toBe("err\n");
    expect(result.exitCode).toBe(0);
    expect(result.command).toBe("sh -c 'printf '\\''a\\000b'\\''; echo err >&2; exit 0'");
  });

  it("throws a CommandError with the stderr tail on a non-zero exit, or returns it with reject: false", async () => {
    const failure = runBuffer("sh", ["-c", "echo broken >&2; exit 3"]);
    await expect(failure).rejects.toBeInstanceOf(CommandError);
    await expect(failure).rejects.toThrow(/sh -c .*exited with code 3\.\nbroken/);
    const result = await runBuffer("sh", ["-c", "exit 4"], { reject: false });
    expect(result.exitCode).toBe(4);
  });

  it("says when a program cannot be started, even with reject: false", async () => {
    await expect(runBuffer("no-such-program-xyz", [], { reject: false })).rejects.toThrow(/could not start 'no-such-program-xyz'.*ENOENT.*installed and on PATH/);
    expect(runningChildren()).toBe(0);
  });

  it("passes input, environment (undefined removes a variable) and cwd; logs lines to the log file", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "runner-"));
    const logFile = path.join(dir, "buffer.log");
    const result = await runBuffer("sh", ["-c", 'cat; echo "$GREETING ${HOME:-no-home}"; pwd'], {
      input: "in\n",
      env: { GREETING: "hello", HOME: undefined },
      cwd: dir,
      logFile,
      prefix: "[b] ",
    });
    expect(new TextDecoder().decode(result.stdout)).toBe(`in\nhello no-home\n${dir}\n`);
    expect(readFileSync(logFile, "utf8")).toContain("[b] hello no-home\n");
  });

  it("a timeout ends the child and its grandchildren", async () => {
    const tree = treeWritingPid();
    const result = await runBuffer("sh", tree.args, { timeoutMs: TREE_TIMEOUT_MS, reject: false });
    expect(result.timedOut).toBe(true);
    expect(result.exitCode).toBe(-1);
    expect(await waitUntilGone(await tree.grandchild())).toBe(true);
    expect(runningChildren()).toBe(0);
    await expect(runBuffer("sleep", ["5"], { timeoutMs: 200 })).rejects.toThrow(/timed out after 200 ms/);
  });

  it("aborting ends the whole tree and rejects as cancelled", async () => {
    const tree = treeWritingPid();
    const controller = new AbortController();
    const pending = runBuffer("sh", tree.args, { signal: controller.signal });
    const grandchild = await tree.grandchild();
    expect(runningChildren()).toBe(1);
    controller.abort();
    await expect(pending).rejects.toMatchObject({ cancelled: true });
    expect(await waitUntilGone(grandchild)).toBe(true);
    await expect(runBuffer("sh", ["-c", "exit 0"], { signal: controller.signal })).rejects.toThrow(/cancelled/);
  });

  it("killAllChildren ends a running tree", async () => {
    const tree = treeWritingPid();
    const pending = runBuffer("sh", tree.args, { reject: false });
    const grandchild = await tree.grandchild();
    await killAllChildren(500);
    expect((await pending).exitCode).toBe(-1);
    expect(await waitUntilGone(grandchild)).toBe(true);
    expect(runningChildren()).toBe(0);
  });
});

describe("helpers", () => {
  it("findExecutable finds real programs on PATH and nothing for absent ones", () => {
    const sh = findExecutable("sh");
    expect(sh).toBeDefined();
    expect(path.isAbsolute(sh ?? "")).toBe(true);
    expect(findExecutable("no-such-program-xyz")).toBeUndefined();
    expect(findExecutable("sh", "")).toBeUndefined();
  });

  it("formatCommand quotes only what a shell would split", () => {
    expect(formatCommand("pip", ["install", "a b", "it's", "x==1"])).toBe(`pip install 'a b' 'it'\\''s' x==1`);
  });
});
