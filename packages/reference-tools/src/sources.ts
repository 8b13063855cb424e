/**
 * Where a reference comes from, and whether a machine of ours can always get it. Under CI a skip
 * for a source marked `installableHere` fails the run (unless allow-listed), since the project's
 * own files (.ci/run, this package) can install it; the others are things no machine here has.
 */
export const SOURCES = {
  pypi: { installableHere: true, label: "PyPI", fix: "check that pip reaches PyPI (pip config list, PIP_INDEX_URL)" },
  maven: { installableHere: true, label: "Maven Central", fix: "check that mvn reaches Maven Central (~/.m2/settings.xml mirrors, proxies)" },
  npm: { installableHere: true, label: "the npm registry", fix: "run ./tools/setup" },
  debian: { installableHere: true, label: "Debian", fix: "apt-get install the package named in the reason (.ci/run does it when run as root)" },
  fixture: { installableHere: true, label: "the shared fixtures", fix: "put the shared directory beside the repository (../shared) or set PYFLINK_DEVKIT_SHARED" },
  interpreter: { installableHere: false, label: "a Python interpreter", fix: "install that Python (pyenv install X.Y) or put it on PATH" },
  platform: { installableHere: false, label: "the platform", fix: "run on the platform the reason names" },
  conda: { installableHere: false, label: "conda", fix: "install conda, mamba or micromamba (no channel is reachable from our build machines)" },
  unsupported: { installableHere: false, label: "the reference's own limits", fix: "none needed: the reference itself cannot do this (e.g. protoc 3.5.1 rejects proto3 optional), so there is nothing to compare" },
  docker: { installableHere: false, label: "a Docker engine", fix: "run with a Docker engine (none on our build machines)" },
} as const satisfies Readonly<Record<string, { readonly installableHere: boolean; readonly label: string; readonly fix: string }>>;

export type SourceKind = keyof typeof SOURCES;

export function isSourceKind(value: unknown): value is SourceKind {
  return typeof value === "string" && Object.hasOwn(SOURCES, value);
}
