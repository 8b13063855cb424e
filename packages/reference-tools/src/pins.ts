/**
 * Versions of the Python tools the tests use, and where each pin comes from. "current" ones are the
 * newest on PyPI when this table was last updated (`pip index versions <name>`); bump them by hand.
 */
export const TOOL_PINS = {
  /** Flink's dev/lint-python.sh downloads uv 0.7.20 (UV_VERSION). */
  uv: { flink: "0.7.20", current: "0.13.9", python: "3.12" },
  /** Flink's flink-python/pyproject.toml dependency group `tox` pins tox==3.14.0; lint-python.sh runs it on 3.12. */
  tox: { flink: "3.14.0", current: "4.67.15", python: "3.12" },
} as const;

/** apache-flink releases the tests run bundles on, with a Python each supports (its wheels' tags). */
export const APACHE_FLINK_PINS = {
  default: "1.20.3",
  pythonFor: [
    { flink: /^1\.(19|20)\./, python: "3.11" },
    { flink: /^1\.1[5-8]\./, python: "3.9" },
    { flink: /^2\./, python: "3.11" },
  ],
} as const;

/**
 * The Python a protobuf runtime imports under by default: old runtimes use APIs that newer Pythons
 * removed (collections.MutableMapping, gone in 3.10), new ones have no wheels for old Pythons.
 */
export const PROTOBUF_RUNTIME_PYTHON: readonly { readonly below: string; readonly python: string }[] = [
  { below: "3.20", python: "3.7" },
  { below: "4.22", python: "3.10" },
  { below: "99", python: "3.12" },
];

/** The Java versions each Flink line supports (Flink's docs: 1.x on Java 11 and 17; 2.x on 11, 17 and 21). */
export const FLINK_JAVA: readonly { readonly flink: RegExp; readonly java: readonly number[] }[] = [
  { flink: /^1\./, java: [11, 17] },
  { flink: /^2\./, java: [11, 17, 21] },
];
