// Shared vitest settings: every package's vitest.config.ts spreads this.
import type { ViteUserConfig } from "vitest/config";

export const sharedTestConfig: ViteUserConfig["test"] = {
  include: ["test/**/*.test.ts"],
  passWithNoTests: true,
  testTimeout: 120_000,
  hookTimeout: 300_000,
  reporters: ["default", "json"],
  outputFile: { json: ".vitest-report.json" },
};
