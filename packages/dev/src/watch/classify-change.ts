import path from "node:path";
import type { ProjectLayout } from "@pyflink-devkit/project-layout";

/** The task keys of the dev loop; each runs one at a time. */
export type TaskKey = "gen:protos" | "gen:ts" | "flake8" | "mypy" | "tests";

/** What one changed path asks for: task keys and the files each gets as input. */
export interface ChangeRequest {
  readonly key: TaskKey;
  readonly inputs: readonly string[];
}

interface ChangeRule {
  readonly matches: (file: string, layout: ProjectLayout) => boolean;
  /** Task keys asked for; `tests` of a .py change is resolved later (needs the test files). */
  readonly keys: readonly TaskKey[];
}

// Generated bindings are written by gen:protos itself and excluded from Flink's flake8 config;
// reacting to them would lint generated code and loop.
const GENERATED = /_pb2(?:_grpc)?\.pyi?$/;

/** First matching rule wins. */
const CHANGE_RULES: readonly ChangeRule[] = [
  { matches: (file, layout) => file.endsWith(".proto") && isInside(file, layout.protoDir), keys: ["gen:protos"] },
  { matches: (file) => GENERATED.test(path.basename(file)), keys: [] },
  { matches: (file, layout) => file.endsWith(".py") && layout.pythonDirs.some((dir) => isInside(file, dir)), keys: ["flake8", "mypy", "tests"] },
];

/** Which tasks a changed path (absolute) asks for; an empty list for everything else. */
export function classifyChange(file: string, layout: ProjectLayout): readonly ChangeRequest[] {
  if (isIgnored(file, layout)) return [];
  const rule = CHANGE_RULES.find((candidate) => candidate.matches(file, layout));
  return (rule?.keys ?? []).map((key) => ({ key, inputs: [file] }));
}

function isIgnored(file: string, layout: ProjectLayout): boolean {
  const relative = path.relative(layout.pythonProject, file);
  return relative.split(path.sep).some((part) => layout.ignoredDirs.includes(part) || part.startsWith(".#"));
}

export function isInside(file: string, dir: string): boolean {
  const relative = path.relative(dir, file);
  return relative !== "" && !relative.startsWith("..") && !path.isAbsolute(relative);
}
