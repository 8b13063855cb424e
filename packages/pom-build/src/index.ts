// Public API of @pyflink-devkit/pom-build: a PyFlink project's pom.xml → the shaded jar to ship.
export { buildPomJars } from "./build-pom.js";
export type { PomBuildOptions, PomBuildResult } from "./build-pom.js";
export { readPomCoordinates, shippedCoordinates } from "./pom-coordinates.js";
export type { PomDependency, PomSummary } from "./pom-coordinates.js";
export { PomBuildError } from "./pom-build-error.js";
