// Public API of @pyflink-devkit/job-runner: run a laid-out PyFlink bundle on a real PyFlink.
export type { ArchiveEntry, BundleLayout, JobRunOutcome, RunJobRequest, RunModeRequest, Submission } from "./run-request.js";
export { runJob } from "./run-job.js";
export { checkJdk, javaMajor } from "./check-jdk.js";
export type { JdkCheck } from "./check-jdk.js";
export { ensureFlinkEnvironment } from "./flink-environment.js";
export type { FlinkEnvironmentResult } from "./flink-environment.js";
export { JobRunnerError } from "./job-runner-error.js";
export { msfLayout, MSF_PROPERTIES_PATH } from "./msf-layout.js";
