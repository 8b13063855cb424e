import { defineConfig } from "vitest/config";
import { sharedTestConfig } from "../../vitest.shared.js";

// Three test files at once, not vitest's default of (CPUs - 1): the Flink checkout tests each spend
// most of their time in one child process (a Sphinx build, a uv install) and would otherwise run one
// after another on a 2-core machine; their environments are shared safely through python-env's locks.
export default defineConfig({ test: { ...sharedTestConfig, maxWorkers: 3 } });
