// Secrets found by content, not only by name: a file of the project whose text holds a private
// key, a cloud access key, a token or credentials is left out of the bundle and reported. The
// detection is secretlint's recommended rule set (private keys, AWS/GCP/Azure/GitHub/Slack/npm/...
// credentials, basic-auth URLs); `.netrc`-style lines, which it does not cover, are one more rule here.
import { open } from "node:fs/promises";
import { lintSource } from "@secretlint/core";
import { creator as recommended } from "@secretlint/secretlint-rule-preset-recommend";
import type { SecretLintCoreConfig } from "@secretlint/types";

/** How much of each file is read: secrets sit in config and code, not deep inside data blobs. */
export const SCAN_BYTES = 1024 * 1024;

// The AWS rule looks for access key IDs (AKIA…) only when asked: a key ID alone is what leaks most.
const CONFIG: SecretLintCoreConfig = {
  rules: [{ id: "@secretlint/secretlint-rule-preset-recommend", rule: recommended, rules: [{ id: "@secretlint/secretlint-rule-aws", options: { enableIDScanRule: true } }] }],
};

// Extra content rules: a table, read by one loop. Each names what it found, never the secret.
// `covered`: the secretlint rule that, when it reported, already said the same.
const EXTRA_RULES: readonly { readonly what: string; readonly pattern: RegExp; readonly covered?: string }[] = [
  // secretlint wants a key body of 100+ base64 characters (against placeholders), so an Ed25519
  // key (64) passes it; the header alone is enough here.
  { what: "private key", pattern: /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----/, covered: "privatekey" },
  { what: ".netrc credentials (machine … login … password …)", pattern: /^[ \t]*(?:machine\s+\S+|default)\s+(?:.*\s)?login\s+\S+\s+(?:.*\s)?password\s+\S+/m },
];

/** secretlint rule ids as words for the report. */
const RULE_NAMES: Readonly<Record<string, string>> = {
  aws: "AWS access key",
  gcp: "GCP service account key",
  privatekey: "private key",
  github: "GitHub token",
  slack: "Slack token",
  npm: "npm token",
  basicauth: "password in a URL",
  "database-connection-string": "database password in a connection string",
};

/** Reads up to SCAN_BYTES of `file`; undefined for binary content (a NUL byte in the first 8 KiB). */
async function readHead(file: string): Promise<string | undefined> {
  const handle = await open(file, "r");
  try {
    const buffer = Buffer.alloc(SCAN_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, SCAN_BYTES, 0);
    const head = buffer.subarray(0, bytesRead);
    if (head.subarray(0, 8192).includes(0)) return undefined;
    return head.toString("utf8");
  } finally {
    await handle.close();
  }
}

/** What secret `file` holds, one phrase per finding, with its line; empty when none was found. */
export async function findSecrets(file: string, rel: string): Promise<string[]> {
  const content = await readHead(file);
  if (content === undefined) return [];
  const found: string[] = [];
  const result = await lintSource({ source: { content, filePath: rel, contentType: "text" }, options: { config: CONFIG, maskSecrets: true, noPhysicFilePath: true } });
  const rules = new Set<string>();
  for (const message of result.messages) {
    const rule = message.ruleId.replace(/^@secretlint\/secretlint-rule-/, "");
    rules.add(rule);
    found.push(`${RULE_NAMES[rule] ?? rule} at line ${message.loc.start.line}`);
  }
  for (const rule of EXTRA_RULES) {
    if (rule.covered !== undefined && rules.has(rule.covered)) continue;
    const match = rule.pattern.exec(content);
    if (match !== null) found.push(`${rule.what} at line ${content.slice(0, match.index).split("\n").length}`);
  }
  return found;
}
