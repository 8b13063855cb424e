import type { FileDescriptorProto } from "@bufbuild/protobuf/wkt";

/** The one error type of this package; the message names the input, the problem and the fix. */
export class PythonGeneratorError extends Error {
  override name = "PythonGeneratorError";
}

/**
 * `file.proto:line:col` of the element at `path` (a SourceCodeInfo path, e.g. [4, 0, 2, 1] for
 * the second field of the first message), or just the file name when the descriptor carries no
 * source info (protoc and buf send it for every file to generate).
 */
export function sourcePosition(file: FileDescriptorProto, path: readonly number[]): string {
  const location = file.sourceCodeInfo?.location.find(
    (l) => l.path.length === path.length && l.path.every((n, i) => n === path[i]),
  );
  const [line, column] = location?.span ?? [];
  return line === undefined || column === undefined ? file.name : `${file.name}:${line + 1}:${column + 1}`;
}
