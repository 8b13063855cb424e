// Every difference between the descriptor-style `_pb2.py` written by protoc
// 3.5 … 3.19, as data. Read from protobuf's
// src/google/protobuf/compiler/python/python_generator.cc at each release tag;
// the generator source changed only at the releases listed in LEGACY_FORMATS
// (3.5.x, 3.6.x, 3.7.x, 3.8, 3.9.x, 3.10.x, 3.11.x, 3.12.x, 3.13, 3.14,
// 3.15–3.18, 3.19.x). test/legacy-table.test.ts re-checks this against the
// generator source when a protobuf checkout is available.

/** Python keywords as listed in the generator's kKeywords[] of a release. */
const KEYWORDS_3_5 = [
  "False", "None", "True", "and", "as", "assert", "break", "class", "continue", "def", "del",
  "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is",
  "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with", "yield",
] as const;
const KEYWORDS_3_8 = [...KEYWORDS_3_5, "print"] as const;
const KEYWORDS_3_13 = [...KEYWORDS_3_8, "async", "await"] as const;

export interface LegacyFormat {
  /** The releases (major.minor.patch, = protobuf Python package version) that write this format. */
  readonly releases: readonly string[];
  /** `# -*- coding: utf-8 -*-` as the first line (3.7+). */
  readonly codingLine: boolean;
  /**
   * Python 2 compatibility: the `import sys` + `_b=…` helper and `_b('…')`
   * around every bytes literal (until 3.10); later releases write b'…'.
   */
  readonly bytesHelper: boolean;
  /** `"""Generated protocol buffer code."""` after the source line (3.13+). */
  readonly docstring: boolean;
  /** `from google.protobuf import descriptor_pb2` among the imports (3.5 only). */
  readonly importsDescriptorPb2: boolean;
  /** `from google.protobuf import descriptor_pool as _descriptor_pool` (3.19). */
  readonly importsDescriptorPool: boolean;
  /**
   * How options are passed: 3.5 parses them at import time
   * (`options=_descriptor._ParseOptions(descriptor_pb2.XOptions(), …)`),
   * 3.6+ hands over the bytes (`serialized_options=…`).
   */
  readonly options: "parse" | "serialized";
  /** `create_key=_descriptor._internal_create_key` arguments (3.12+). */
  readonly createKey: boolean;
  /**
   * Message classes: `dict(\n DESCRIPTOR = …,\n __module__ = …\n)` before
   * 3.8, a dict literal `{'DESCRIPTOR' : …, '__module__' : …}` from 3.8.
   */
  readonly classBody: "dict-call" | "dict-literal";
  /** Names that are Python keywords become globals()['x'] / getattr(…) (3.8+). */
  readonly resolvesKeywords: boolean;
  readonly keywords: readonly string[];
  /**
   * "descriptors": every Descriptor is spelled out with serialized_start/end
   * arguments (3.5–3.18). "pool": 3.19 adds the serialized file to the
   * default pool, finds the descriptors in it, and sets _serialized_start/end
   * and options under `if _descriptor._USE_C_DESCRIPTORS == False:`.
   */
  readonly layout: "descriptors" | "pool";
  /**
   * Whether the generator declares FEATURE_PROTO3_OPTIONAL (3.12+); protoc
   * refuses proto3 `optional` fields for generators that do not.
   */
  readonly proto3Optional: boolean;
}

const base: LegacyFormat = {
  releases: ["3.5.0", "3.5.1", "3.5.2"],
  codingLine: false,
  bytesHelper: true,
  docstring: false,
  importsDescriptorPb2: true,
  importsDescriptorPool: false,
  options: "parse",
  createKey: false,
  classBody: "dict-call",
  resolvesKeywords: false,
  keywords: KEYWORDS_3_5,
  layout: "descriptors",
  proto3Optional: false,
};
const v3_6: LegacyFormat = { ...base, releases: ["3.6.0", "3.6.1"], importsDescriptorPb2: false, options: "serialized" };
const v3_7: LegacyFormat = { ...v3_6, releases: ["3.7.0", "3.7.1"], codingLine: true };
const v3_8: LegacyFormat = {
  ...v3_7,
  releases: ["3.8.0", "3.9.0", "3.9.1", "3.9.2", "3.10.0", "3.10.1"],
  classBody: "dict-literal",
  resolvesKeywords: true,
  keywords: KEYWORDS_3_8,
};
const v3_11: LegacyFormat = { ...v3_8, releases: ["3.11.0", "3.11.1", "3.11.2", "3.11.3", "3.11.4"], bytesHelper: false };
const v3_12: LegacyFormat = { ...v3_11, releases: ["3.12.0", "3.12.1", "3.12.2", "3.12.4"], createKey: true, proto3Optional: true };
// 3.12.3 shipped the docstring of 3.13 early; 3.12.4 took it out again.
const v3_12_3: LegacyFormat = { ...v3_12, releases: ["3.12.3"], docstring: true };
const v3_13: LegacyFormat = {
  ...v3_12,
  releases: [
    "3.13.0", "3.14.0",
    "3.15.0", "3.15.1", "3.15.2", "3.15.3", "3.15.4", "3.15.5", "3.15.6", "3.15.7", "3.15.8",
    "3.16.0", "3.16.1", "3.16.2", "3.16.3",
    "3.17.0", "3.17.1", "3.17.2", "3.17.3",
    "3.18.0", "3.18.1", "3.18.2", "3.18.3",
  ],
  docstring: true,
  keywords: KEYWORDS_3_13,
};
const v3_19: LegacyFormat = {
  ...v3_13,
  releases: ["3.19.0", "3.19.1", "3.19.2", "3.19.3", "3.19.4", "3.19.5", "3.19.6"],
  importsDescriptorPool: true,
  layout: "pool",
};

/** Formats in release order. */
export const LEGACY_FORMATS: readonly LegacyFormat[] = [base, v3_6, v3_7, v3_8, v3_11, v3_12, v3_12_3, v3_13, v3_19];

/**
 * Every protobuf release (Python package version = protoc version in the 3.x
 * line) whose python generator writes a legacy format: the release tags
 * v3.5.0 … v3.19.6 of protocolbuffers/protobuf.
 */
export const LEGACY_RELEASES: readonly string[] = LEGACY_FORMATS.flatMap((f) => f.releases).sort(compareVersions);

function compareVersions(a: string, b: string): number {
  const ka = a.split(".").map(Number);
  const kb = b.split(".").map(Number);
  for (let i = 0; i < Math.max(ka.length, kb.length); i++) {
    const d = (ka[i] ?? 0) - (kb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** The format a legacy release writes, or undefined when it is not a legacy release. */
export function legacyFormatFor(release: string): LegacyFormat | undefined {
  return LEGACY_FORMATS.find((f) => f.releases.includes(release));
}
