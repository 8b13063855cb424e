/** Dotted numeric versions, compared part by part ("20.19" < "20.20.2"); anything after the numbers is ignored. */
export function compareDotted(a: string, b: string): number {
  const pa = numbers(a);
  const pb = numbers(b);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const diff = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}

function numbers(version: string): number[] {
  const match = /^v?(\d+(?:\.\d+)*)/.exec(version.trim());
  return match?.[1] === undefined ? [] : match[1].split(".").map(Number);
}

/**
 * Whether `version` meets an engines-style requirement. Only the forms this repository's
 * package.json uses are understood: `>=X.Y[.Z]` and an exact `X.Y.Z`.
 */
export function meetsRequirement(version: string, requirement: string): boolean {
  const wanted = requirement.trim();
  if (wanted.startsWith(">=")) return compareDotted(version, wanted.slice(2)) >= 0;
  return compareDotted(version, wanted) === 0 && numbers(version).length > 0;
}

/** The first `X.Y.Z`-looking token of a tool's `--version` output ("git version 2.39.5" → "2.39.5"). */
export function firstVersion(text: string): string | undefined {
  return /(\d+\.\d+(?:\.\d+)?)/.exec(text)?.[1];
}
