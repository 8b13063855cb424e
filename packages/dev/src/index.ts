// Public API of @pyflink-devkit/dev: the doctor and the dev loop as libraries; the bins are thin.
export { DevError } from "./dev-error.js";
export { runDoctor } from "./doctor/run-doctor.js";
export type { DoctorOptions, DoctorReport } from "./doctor/run-doctor.js";
export { DOCTOR_CHECKS, OPTIONAL_TOOLS, FLINK_PYTHON_MINORS, LINT_PYTHON_MINIMUM, findBufLauncher } from "./doctor/doctor-checks.js";
export type { CheckRow, DoctorCheck, DoctorContext, DoctorInterpreter, Requirement } from "./doctor/doctor-checks.js";
export { formatDoctorReport } from "./doctor/format-doctor.js";
export { INSTALL_HINTS, installHint } from "./doctor/install-hints.js";
export { compareDotted, meetsRequirement } from "./doctor/versions.js";
