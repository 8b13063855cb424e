import { XMLParser } from "fast-xml-parser";
import { PomBuildError } from "./pom-build-error.js";

/** A `<dependency>` of a pom, with `${property}` references filled in from its `<properties>`. */
export interface PomDependency {
  readonly groupId: string;
  readonly artifactId: string;
  readonly version: string | undefined;
  /** `compile` when the pom says nothing. */
  readonly scope: string;
}

export interface PomSummary {
  readonly artifactId: string | undefined;
  readonly dependencies: readonly PomDependency[];
}

type XmlNode = Record<string, unknown>;

function asArray(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

function text(value: unknown): string | undefined {
  if (typeof value === "string") return value.trim();
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return undefined;
}

function isNode(value: unknown): value is XmlNode {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** `${a.b}` → the property's value (properties may refer to each other); unknown ones stay as they are. */
function interpolate(value: string | undefined, properties: ReadonlyMap<string, string>): string | undefined {
  if (value === undefined) return undefined;
  let current = value;
  for (let round = 0; round < 10 && current.includes("${"); round++) {
    current = current.replace(/\$\{([^}]+)\}/g, (whole: string, key: string) => properties.get(key) ?? whole);
  }
  return current;
}

/** Reads a pom's own dependencies (the connector jars a PyFlink job declares there). */
export function readPomCoordinates(pomXml: string, pomPath: string): PomSummary {
  let parsed: unknown;
  try {
    parsed = new XMLParser({ ignoreAttributes: true, parseTagValue: false }).parse(pomXml);
  } catch (error) {
    throw new PomBuildError(`${pomPath} is not well-formed XML (${error instanceof Error ? error.message : String(error)}); fix it so that \`mvn package\` can read it.`, { cause: error });
  }
  const project = isNode(parsed) ? parsed.project : undefined;
  if (!isNode(project)) throw new PomBuildError(`${pomPath} has no <project> element; a Maven pom starts with <project>. Fix or remove the file.`);
  const properties = new Map<string, string>();
  const props = project.properties;
  if (isNode(props)) {
    for (const [key, value] of Object.entries(props)) {
      const v = text(value);
      if (v !== undefined) properties.set(key, v);
    }
  }
  const own = (key: string): string | undefined => text(project[key]);
  for (const key of ["groupId", "artifactId", "version"]) {
    const v = own(key);
    if (v !== undefined) properties.set(`project.${key}`, v);
  }
  const dependencies: PomDependency[] = [];
  const deps = project.dependencies;
  for (const dep of asArray(isNode(deps) ? deps.dependency : undefined)) {
    if (!isNode(dep)) continue;
    const groupId = interpolate(text(dep.groupId), properties);
    const artifactId = interpolate(text(dep.artifactId), properties);
    if (groupId === undefined || artifactId === undefined) continue;
    dependencies.push({ groupId, artifactId, version: interpolate(text(dep.version), properties), scope: text(dep.scope) ?? "compile" });
  }
  return { artifactId: own("artifactId"), dependencies };
}

/** `group:artifact:version` of every dependency that ends up in a jar (not `provided`/`test`). */
export function shippedCoordinates(summary: PomSummary): string[] {
  return summary.dependencies
    .filter((d) => d.scope !== "provided" && d.scope !== "test")
    .map((d) => `${d.groupId}:${d.artifactId}${d.version === undefined ? "" : `:${d.version}`}`);
}
