// Which protobuf release gen-protos reproduces: the one asked for; in a checkout that commits its
// generated files (Flink's release branches), the one that wrote them; in a checkout without them,
// the one its proto script's grpcio-tools pin implies; else the default.

import { readFile } from "node:fs/promises";
import path from "node:path";
import { displayPath } from "./display-path.js";
import { compareText } from "./diff-summary.js";
import type { RelativeOutput } from "./python-bindings.js";
import type { GenerationTarget } from "./targets.js";

export interface ReleaseChoice {
  readonly version: string;
  /** One line saying how the release was chosen, when it was not asked for. */
  readonly note: string | undefined;
  /** The Python outputs of `version`, when choosing rendered them already. */
  readonly rendered: readonly RelativeOutput[] | undefined;
}

type Plugin = typeof import("@pyflink-devkit/protoc-gen-python");

export interface ChooseReleaseInput {
  readonly target: GenerationTarget;
  readonly protoFiles: readonly string[];
  readonly cwd: string;
  readonly plugin: Plugin;
  /** The Python outputs one release writes. */
  readonly render: (version: string) => Promise<readonly RelativeOutput[]>;
}

/** protoc's output name of a `.proto`: a/b-c.proto → a/b_c_pb2.py. */
function pb2Name(protoFile: string): string {
  return protoFile.replace(/\.proto$/u, "").replaceAll("-", "_") + "_pb2.py";
}

/** How far `outputs` are from what is on disk: 0 when every file is identical. */
function distance(outputs: readonly RelativeOutput[], onDisk: ReadonlyMap<string, string>): number {
  let total = 0;
  for (const output of outputs) {
    const comparison = compareText(output.content, onDisk.get(output.name));
    if (comparison.status === "missing") total += output.content.split("\n").length;
    else if (comparison.status === "differs") for (const hunk of comparison.hunks) total += Math.max(hunk.added.length, hunk.removed.length);
  }
  return total;
}

async function readIfPresent(file: string): Promise<string | undefined> {
  return readFile(file, "utf8").catch(() => undefined);
}

function range(plugin: Plugin, version: string): string {
  const same = plugin.releasesWritingLike(version);
  const first = same[0];
  const last = same[same.length - 1];
  return same.length > 1 && first !== undefined && last !== undefined ? ` (as ${first}–${last})` : "";
}

/**
 * The release to reproduce. With `target.detectRelease` and no `protobufPython`, the committed
 * `_pb2.py` of the first proto says which releases could have written it; each distinct
 * candidate is rendered and the one closest to the committed `.py`/`.pyi` (identical, when the
 * protos did not change) wins.
 */
export async function chooseRelease(input: ChooseReleaseInput): Promise<ReleaseChoice> {
  const { target, plugin } = input;
  if (target.protobufPython !== undefined) return { version: target.protobufPython, note: undefined, rendered: undefined };
  const fallback = plugin.DEFAULT_PROTOBUF_PYTHON;
  const first = input.protoFiles[0];
  if (target.detectRelease !== true || first === undefined) return { version: fallback, note: undefined, rendered: undefined };

  const committedPath = path.join(target.pythonOut, pb2Name(first));
  const shown = displayPath(committedPath, input.cwd);
  const committed = await readIfPresent(committedPath);
  const evidence = committed === undefined ? undefined : plugin.releasesMatchingGeneratedCode(committed);
  if (committed === undefined) return fromPins(input, `no committed ${shown} to detect from`);
  if (evidence === undefined || evidence.candidates.length === 0) {
    const why = evidence === undefined ? `${shown} is not protoc's output` : `${shown}: ${evidence.evidence}`;
    return { version: fallback, note: `protobuf ${fallback} (the default): ${why}; --protobuf-python picks another`, rendered: undefined };
  }

  const names = new Set<string>();
  for (const file of input.protoFiles) {
    names.add(pb2Name(file));
    names.add(pb2Name(file) + "i");
  }
  const onDisk = new Map<string, string>();
  await Promise.all(
    [...names].map(async (name) => {
      const text = await readIfPresent(path.join(target.pythonOut, name));
      if (text !== undefined) onDisk.set(name, text);
    }),
  );
  let best: { version: string; rendered: readonly RelativeOutput[]; distance: number } | undefined;
  let failure: unknown;
  for (const version of evidence.candidates) {
    let rendered: readonly RelativeOutput[];
    try {
      rendered = await input.render(version);
    } catch (error) {
      // A candidate that cannot write these protos (a feature it lacks) did not write them.
      failure ??= error;
      continue;
    }
    const d = distance(rendered, onDisk);
    if (best === undefined || d < best.distance) best = { version, rendered, distance: d };
    if (d === 0) break;
  }
  if (best === undefined) throw failure;
  const how = best.distance === 0 ? "" : "; closest match, the protos changed since";
  return {
    version: best.version,
    note: `protobuf ${best.version}${range(plugin, best.version)}, detected from ${shown} (${evidence.evidence}${how}); --protobuf-python picks another`,
    rendered: best.rendered,
  };
}

/** Without committed files: the release the checkout's grpcio-tools pin implies, else the default. */
async function fromPins(input: ChooseReleaseInput, noCommitted: string): Promise<ReleaseChoice> {
  const { target, plugin } = input;
  const fallback = plugin.DEFAULT_PROTOBUF_PYTHON;
  const defaulted = (why: string): ReleaseChoice => ({ version: fallback, note: `protobuf ${fallback} (the default): ${noCommitted}, ${why}; --protobuf-python picks another`, rendered: undefined });
  const scriptPath = target.protoGeneratorScript;
  if (scriptPath === undefined) return defaulted("and no proto script to read a grpcio-tools pin from");
  const script = displayPath(scriptPath, input.cwd);
  const text = await readIfPresent(scriptPath);
  if (text === undefined) return defaulted(`and no ${script} to read a grpcio-tools pin from`);
  // Loaded only here: the PEP 440 library and the grpcio-tools matrix are not on any other path.
  const pins = await import("./grpcio-tools-pin.js");
  const pin = pins.readGrpcioToolsPin(text);
  if (pin === undefined) return defaulted(`and ${script} pins no grpcio-tools version`);
  const pinned = pins.protobufForGrpcioTools(pin);
  if (pinned === undefined) return defaulted(`and the grpcio-tools matrix has no release for ${script}'s grpcio-tools${pin.specifier}`);
  if (!plugin.SUPPORTED_PROTOBUF_PYTHON.includes(pinned.protobufPython)) {
    return defaulted(`and ${script}'s grpcio-tools${pin.specifier} implies protobuf ${pinned.protobufPython}, which the Python generator does not reproduce`);
  }
  return {
    version: pinned.protobufPython,
    note: `protobuf ${pinned.protobufPython}${range(plugin, pinned.protobufPython)}, from ${script}'s grpcio-tools${pin.specifier} (${pinned.how}); ${noCommitted}; --protobuf-python picks another`,
    rendered: undefined,
  };
}
