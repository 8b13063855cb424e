import type { CodeGeneratorRequest } from "@bufbuild/protobuf/wkt";
import { createRequire } from "node:module";
import type { RelativeOutput } from "./python-bindings.js";
import type { UnformattedFile } from "./typescript-format.js";

/**
 * ts-proto options: ESM with explicit `.js` import suffixes (NodeNext), default-import interop,
 * no service stubs (the Flink proto has none and the package ships no RPC layer), and no
 * version block — ts-proto would print "protoc unknown" since buf, not protoc, compiled the
 * request; we print our own provenance line instead.
 */
export const TS_PROTO_PARAMETER = "esModuleInterop=true,importSuffix=.js,outputServices=false,annotateFilesWithVersion=false";

/**
 * Runs ts-proto in-process, exactly as its protoc plugin entry point does (plugin.js), but
 * without a child process: the request is handed over as the same bytes protoc would write to
 * the plugin's stdin, decoded with ts-proto's own descriptor types.
 */
export async function generateTypeScriptBindings(request: CodeGeneratorRequest): Promise<RelativeOutput[]> {
  return generateTypeScriptFromRequestBytes(await encodeRequest(request));
}

/** A CodeGeneratorRequest's wire bytes, as protoc would pipe them to a plugin. */
export async function encodeRequest(request: CodeGeneratorRequest): Promise<Uint8Array> {
  const [{ toBinary }, { CodeGeneratorRequestSchema }] = await Promise.all([import("@bufbuild/protobuf"), import("@bufbuild/protobuf/wkt")]);
  return toBinary(CodeGeneratorRequestSchema, request);
}

/** ts-proto on a serialized CodeGeneratorRequest (its parameter is ignored: TS_PROTO_PARAMETER applies). */
export function generateTypeScriptFromRequestBytes(bytes: Uint8Array): Promise<RelativeOutput[]> {
  const provenance = provenanceLine();
  return Promise.resolve(
    renderTypeScript(bytes).map(({ name, code, poetOptions }) => ({ name, content: addProvenance(code.toString(poetOptions), provenance) })),
  );
}

/**
 * ts-proto on a serialized CodeGeneratorRequest, stopped before ts-poet's dprint formatting, so
 * the formatting can be shared between threads (typescript-format.ts).
 */
export function generateUnformattedTypeScript(bytes: Uint8Array): UnformattedFile[] {
  return renderTypeScript(bytes).map(({ name, code, poetOptions }) => ({
    name,
    code: code.toString({ ...poetOptions, format: false }),
    dprintOptions: poetOptions.dprintOptions ?? {},
  }));
}

type PoetOptions = ReturnType<TsProtoModules["options"]["getTsPoetOpts"]> & { readonly path: string };

function renderTypeScript(bytes: Uint8Array): { name: string; code: { toString(options: PoetOptions): string }; poetOptions: PoetOptions }[] {
  const { descriptors, main, types, context, options } = loadTsProto();
  const tsRequest = descriptors.CodeGeneratorRequest.decode(bytes);
  const tsOptions = options.optionsFromParameter(TS_PROTO_PARAMETER);
  const typeMap = types.createTypeMap(tsRequest, tsOptions);
  const utils = main.makeUtils(tsOptions);
  const wanted = new Set(tsRequest.fileToGenerate);
  return tsRequest.protoFile
    .filter((file) => wanted.has(file.name))
    .map((file) => {
      const [name, code] = main.generateFile({ typeMap, options: tsOptions, utils, currentFile: context.createFileContext(file) }, file);
      return { name, code, poetOptions: { ...options.getTsPoetOpts(tsOptions, "", "", file.name), path: name } };
    });
}

interface TsProtoModules {
  readonly descriptors: typeof import("ts-proto-descriptors");
  readonly main: typeof import("ts-proto/build/src/main.js");
  readonly types: typeof import("ts-proto/build/src/types.js");
  readonly context: typeof import("ts-proto/build/src/context.js");
  readonly options: typeof import("ts-proto/build/src/options.js");
}

let tsProtoModules: TsProtoModules | undefined;

// ts-proto and its descriptors are CommonJS: `require` loads them as they are, while `import()`
// first runs Node's CommonJS export scanner over each entry file and wraps it in an ES module,
// which more than doubled the load time (~0.2 s → ~0.06 s here).
function importTsProto(): TsProtoModules {
  const require = createRequire(import.meta.url);
  return {
    descriptors: require("ts-proto-descriptors") as typeof import("ts-proto-descriptors"),
    main: require("ts-proto/build/src/main.js") as typeof import("ts-proto/build/src/main.js"),
    types: require("ts-proto/build/src/types.js") as typeof import("ts-proto/build/src/types.js"),
    context: require("ts-proto/build/src/context.js") as typeof import("ts-proto/build/src/context.js"),
    options: require("ts-proto/build/src/options.js") as typeof import("ts-proto/build/src/options.js"),
  };
}

function loadTsProto(): TsProtoModules {
  tsProtoModules ??= importTsProto();
  return tsProtoModules;
}

/** Loads ts-proto ahead of use, so a caller can overlap the loading with buf's compilation. */
export function warmUpTsProto(): void {
  loadTsProto();
}

/** The ts-proto release in use, from its package.json. */
export function tsProtoVersion(): string {
  const manifest = createRequire(import.meta.url)("ts-proto/package.json") as { version?: unknown };
  return typeof manifest.version === "string" ? manifest.version : "unknown";
}

/** Our line under ts-proto's "Code generated by protoc-gen-ts_proto. DO NOT EDIT.". */
export function provenanceLine(): string {
  return `// Generated by pyflink-devkit gen-protos with ts-proto ${tsProtoVersion()}; regenerate with \`pnpm gen:protos\`.`;
}

/** Puts our provenance line right after ts-proto's "Code generated by ..." first line. */
export function addProvenance(content: string, provenance: string): string {
  const end = content.indexOf("\n");
  return end < 0 ? `${content}\n${provenance}\n` : `${content.slice(0, end + 1)}${provenance}\n${content.slice(end + 1)}`;
}
