/**
 * The one error class of @pyflink-devkit/job-runner: a request that cannot be run at all (a missing
 * entry, a jar that is not there). Its message names the input, the problem and the fix. A job that
 * runs and fails is not an error but a `failed` outcome.
 */
export class JobRunnerError extends Error {
  override readonly name = "JobRunnerError";
}
