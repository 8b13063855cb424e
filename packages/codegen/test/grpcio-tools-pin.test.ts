// Without committed pb2 files, `--flink-python` reproduces the protobuf release implied by the
// checkout's pyflink/gen_protos.py grpcio-tools pin. Checked on a real Flink checkout: its
// committed files (written upstream by the pinned grpcio-tools) are removed, regenerated, and
// must come back byte for byte. The pin → release mapping reads the grpcio-tools matrix, which a
// script fills by installing each grpcio-tools release and asking its protoc.
import { cpSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { fixtureAvailable, skipUnless, valueOf } from "@pyflink-devkit/reference-tools";
import { protobufForGrpcioTools, readGrpcioToolsPin } from "../src/grpcio-tools-pin.js";
import { freshCacheDir, runCli, tempDir } from "./support/cli.js";

const flinkCheckout = fixtureAvailable("flink-checkout");
const work = tempDir("pins");
afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

const GENERATED = ["flink_fn_execution_pb2.py", "flink_fn_execution_pb2.pyi"];

/** A copy of the shared Flink checkout's flink-python without its committed pb2/pyi; returns it and what was committed. */
function checkoutWithoutGenerated(): { flinkPython: string; committed: Map<string, string> } {
  const flinkPython = path.join(work, Math.random().toString(36).slice(2), "flink-python");
  cpSync(path.join(valueOf(flinkCheckout), "flink-python"), flinkPython, { recursive: true });
  const committed = new Map<string, string>();
  for (const name of GENERATED) {
    const file = path.join(flinkPython, "pyflink", "fn_execution", name);
    committed.set(name, readFileSync(file, "utf8"));
    rmSync(file);
  }
  return { flinkPython, committed };
}

describe("--flink-python without committed pb2 files", () => {
  it("reproduces the release gen_protos.py's grpcio-tools pin implies, and says so in one line (needs the shared Flink checkout)", skipUnless(flinkCheckout), () => {
    const { flinkPython, committed } = checkoutWithoutGenerated();
    const result = runCli(["--flink-python", flinkPython], { cacheDir: freshCacheDir() });
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    const notes = result.stdout.split("\n").filter((line) => line.includes("gen_protos.py's grpcio-tools"));
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatch(/^gen-protos: protobuf 6\.31\.1\b.*gen_protos\.py's grpcio-tools==1\.80\.0 .*libprotoc 31\.1.*no committed \S*flink_fn_execution_pb2\.py/u);
    for (const name of GENERATED) expect(readFileSync(path.join(flinkPython, "pyflink", "fn_execution", name), "utf8"), name).toBe(committed.get(name));
  });

  it("an explicit --protobuf-python wins over the pin (needs the shared Flink checkout)", skipUnless(flinkCheckout), () => {
    const { flinkPython, committed } = checkoutWithoutGenerated();
    const result = runCli(["--flink-python", flinkPython, "--protobuf-python", "4.21.12"], { cacheDir: freshCacheDir() });
    expect(result.status).toBe(0);
    expect(result.stdout).not.toContain("gen_protos.py");
    const py = readFileSync(path.join(flinkPython, "pyflink", "fn_execution", "flink_fn_execution_pb2.py"), "utf8");
    expect(py).not.toBe(committed.get("flink_fn_execution_pb2.py"));
    // 4.21's generator writes no version line, 6.31.1's (the pin's) does.
    expect(committed.get("flink_fn_execution_pb2.py")).toContain("# Protobuf Python Version: 6.31.1");
    expect(py).not.toContain("# Protobuf Python Version");
  });
});

describe("grpcio-tools pins", () => {
  it("reads GRPC_TOOLS from Flink's gen_protos.py (needs the shared Flink checkout)", skipUnless(flinkCheckout), () => {
    const script = readFileSync(path.join(valueOf(flinkCheckout), "flink-python", "pyflink", "gen_protos.py"), "utf8");
    expect(readGrpcioToolsPin(script)).toEqual({ specifier: "==1.80.0" });
  });

  it("reads the range pins of older Flink branches and finds no pin where there is none", () => {
    expect(readGrpcioToolsPin("GRPC_TOOLS = 'grpcio-tools>=1.29.0,<=1.48.2'\n")).toEqual({ specifier: ">=1.29.0,<=1.48.2" });
    expect(readGrpcioToolsPin('GRPC_TOOLS = "grpcio-tools >= 1.3.5, <= 1.14.2"\n')).toEqual({ specifier: ">=1.3.5,<=1.14.2" });
    expect(readGrpcioToolsPin("import grpc_tools\n")).toBeUndefined();
    expect(readGrpcioToolsPin("GRPC_TOOLS = 'grpcio-tools'\n")).toBeUndefined();
  });

  it("maps a pin to the protobuf release of the grpcio-tools pip would install", () => {
    // Ranges: pip takes the newest admitted release; both upper bounds are matrix rows.
    expect(protobufForGrpcioTools({ specifier: ">=1.29.0,<=1.48.2" })?.protobufPython).toBe("3.19.5");
    expect(protobufForGrpcioTools({ specifier: ">=1.3.5,<=1.14.2" })?.protobufPython).toBe("3.5.1");
    expect(protobufForGrpcioTools({ specifier: "==1.29.0" })?.protobufPython).toBe("3.11.2");
    // Not a row itself: the row of its minor release (upstream Flink records 1.80.0 → 6.31.1).
    expect(protobufForGrpcioTools({ specifier: "==1.80.0" })?.protobufPython).toBe("6.31.1");
    // Newer than every row, or nothing admitted: no answer (the caller falls back to the default).
    expect(protobufForGrpcioTools({ specifier: "==99.0.0" })).toBeUndefined();
    expect(protobufForGrpcioTools({ specifier: ">2,<1" })).toBeUndefined();
  });
});
