// Real tools from PyPI in cached venvs: what each prints about itself is checked against what we asked for.
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { run } from "@pyflink-devkit/runner";
import { apacheFlink, GRPCIO_TOOLS_MATRIX, grpcioTools, protobufRuntime, skipNowUnless, skipUnless, TOOL_PINS, tox, uv, valueOf } from "../src/index.js";

const newest = await grpcioTools();
const legacy = await grpcioTools("1.14.2");

describe("grpcio-tools (protoc releases)", () => {
  it("the matrix has one row per protobuf release line and the seed's 1.14.2", () => {
    const lines = GRPCIO_TOOLS_MATRIX.map((row) => row.protobufPython.split(".").slice(0, 2).join("."));
    expect(new Set(lines).size).toBe(lines.length);
    expect(GRPCIO_TOOLS_MATRIX.find((row) => row.grpcioTools === "1.14.2")?.protobufPython).toBe("3.5.1");
  });

  describe("the newest", skipUnless(newest), () => {
    it("prints the libprotoc its matrix row says, and stamps that protobuf release into its output", async () => {
      const tool = valueOf(newest);
      const row = GRPCIO_TOOLS_MATRIX[0];
      expect([tool.grpcioTools, tool.libprotoc, tool.protobufPython]).toEqual([row?.grpcioTools, row?.libprotoc, row?.protobufPython]);
      const dir = await mkdtemp(path.join(os.tmpdir(), "ref-grpc-"));
      try {
        await writeFile(path.join(dir, "hello.proto"), 'syntax = "proto3";\npackage hello;\nmessage Hi { string name = 1; }\n');
        await tool.protoc([`-I${dir}`, `--python_out=${dir}`, path.join(dir, "hello.proto")]);
        // Since 4.25 protoc writes the release it generates for into every _pb2.py.
        expect(await readFile(path.join(dir, "hello_pb2.py"), "utf8")).toContain(`# Protobuf Python Version: ${tool.protobufPython}`);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });
  });

  describe("1.14.2 (the seed's legacy protoc 3.5.1)", skipUnless(legacy), () => {
    it("prints libprotoc 3.5.1 on Python 3.7", () => {
      expect(valueOf(legacy).libprotoc).toBe("3.5.1");
      expect(valueOf(legacy).env.interpreter.minor).toBe("3.7");
    });
  });
});

describe("uv and tox at Flink's pins and current", () => {
  for (const [name, get, pins] of [["uv", uv, TOOL_PINS.uv], ["tox", tox, TOOL_PINS.tox]] as const) {
    for (const version of [pins.flink, pins.current]) {
      it(`${name} ${version} prints its version`, { timeout: 600_000 }, async (context) => {
        const ref = await get(version);
        skipNowUnless(context, ref);
        expect((await run(valueOf(ref).bin, ["--version"])).stdout).toContain(version);
      });
    }
  }
});

describe("protobuf runtimes", () => {
  it("imports the version asked for", { timeout: 600_000 }, async (context) => {
    const ref = await protobufRuntime("4.25.8");
    skipNowUnless(context, ref);
    const printed = await run(valueOf(ref).python, ["-c", "import google.protobuf as p; print(p.__version__)"]);
    expect(printed.stdout.trim()).toBe("4.25.8");
  });
});

describe("PyFlink", () => {
  it("apache-flink at the default pin imports and reports its own version", { timeout: 1_200_000 }, async (context) => {
    const ref = await apacheFlink();
    skipNowUnless(context, ref);
    const printed = await run(valueOf(ref).python, ["-c", "from pyflink.version import __version__; print(__version__)"]);
    expect(printed.stdout.trim()).toBe(valueOf(ref).flink);
  });
});
