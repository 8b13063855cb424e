import path from "node:path";
import type { ProjectLayout } from "@pyflink-devkit/project-layout";

/** What kind of source a changed path is to the dev loop; undefined for anything else. */
export type ChangeKind = "proto" | "python";

interface ChangeRule {
  readonly kind: ChangeKind | undefined;
  readonly matches: (file: string, layout: ProjectLayout) => boolean;
}

// Generated bindings are written by gen:protos itself and excluded from Flink's flake8 config;
// reacting to them would lint generated code and loop.
const GENERATED = /_pb2(?:_grpc)?\.pyi?$/;

/** First matching rule wins. */
const CHANGE_RULES: readonly ChangeRule[] = [
  { kind: "proto", matches: (file, layout) => file.endsWith(".proto") && isInside(file, layout.protoDir) },
  { kind: undefined, matches: (file) => GENERATED.test(path.basename(file)) },
  { kind: "python", matches: (file, layout) => file.endsWith(".py") && layout.pythonDirs.some((dir) => isInside(file, dir)) },
];

/** Whether a changed path (absolute) is a proto, a Python source, or nothing the loop reacts to. */
export function classifyChange(file: string, layout: ProjectLayout): ChangeKind | undefined {
  if (isIgnored(file, layout)) return undefined;
  return CHANGE_RULES.find((candidate) => candidate.matches(file, layout))?.kind;
}

function isIgnored(file: string, layout: ProjectLayout): boolean {
  const relative = path.relative(layout.root, file);
  return relative.split(path.sep).some((part) => layout.ignoredDirs.includes(part) || part.startsWith(".#"));
}

export function isInside(file: string, dir: string): boolean {
  const relative = path.relative(dir, file);
  return relative !== "" && !relative.startsWith("..") && !path.isAbsolute(relative);
}
