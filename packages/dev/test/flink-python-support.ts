// What the tests on a copy of Flink's flink-python share: the Python they run on and how they read findings.
import { discoverInterpreters } from "@pyflink-devkit/python-env";
import type { CheckDefinition } from "@pyflink-devkit/lint-python";

const interpreters = await discoverInterpreters().catch(() => []);
/** Flink's bindings test needs grpcio-tools 1.80.0, pinned for Python >= 3.10 only. */
export const flinkPython = ["3.11", "3.12", "3.10"].find((minor) => interpreters.some((interpreter) => interpreter.minor === minor));

/** The tool's finding lines in an output, sorted, as the check table recognises them. */
export const findingLines = (output: string, definition: CheckDefinition): string[] => output.split("\n").map((line) => line.trimEnd()).filter((line) => definition.isFinding(line)).sort();
