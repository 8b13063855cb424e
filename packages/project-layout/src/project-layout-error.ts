/**
 * The one error class of @pyflink-devkit/project-layout. Its message names the directory, what it
 * lacks and what to pass instead.
 */
export class ProjectLayoutError extends Error {
  override readonly name = "ProjectLayoutError";
}
