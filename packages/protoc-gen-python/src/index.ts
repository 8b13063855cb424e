// Public API of @pyflink-devkit/protoc-gen-python: `_pb2.py` / `_pb2.pyi`
// byte-identical to what protoc's built-in python/pyi generators of a chosen
// protobuf release write, from a CodeGeneratorRequest (buf's or protoc's).

export {
  DEFAULT_PROTOBUF_PYTHON,
  SUPPORTED_PROTOBUF_PYTHON,
  generatePython,
  type GeneratedFile,
  type PythonGeneratorOptions,
} from "./generate-python.js";
export { protocGenPython } from "./plugin.js";
export { PythonGeneratorError } from "./python-generator-error.js";
export { releasesMatchingGeneratedCode, releasesWritingLike, type ReleaseEvidence } from "./detect-release.js";
export { requestFromDescriptorSet } from "./descriptor-set-request.js";
