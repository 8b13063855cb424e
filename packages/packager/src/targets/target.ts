// What a deploy target is: one typed definition per target (targets/flink.ts, msf.ts, vvp.ts),
// registered in targets/registry.ts. Pack, verify, inspect, the size budgets and the CLI read
// targets only through this shape, so a new target is one file the compiler checks field by field.
import type { ZipInput } from "../archive/deterministic-zip.js";
import type { PackConfig } from "../config.js";
import type { FlinkRelease, ProvidedPackage } from "../runtime/flink-releases.js";
import type { Profile, ProfileRequest } from "../profiles.js";
import type { ProjectFile } from "../project/collect-project.js";

export interface SizeLimit {
  /** Which artifact the limit applies to (`bundle` = every artifact we upload). */
  readonly applies: "bundle" | "app-zip" | "archive";
  readonly bytes: number;
  readonly severity: "hard" | "advice";
  readonly what: string;
}

/** The runtime a target resolved a request to; profiles.ts turns it into a Profile. */
export interface RuntimeChoice {
  readonly id: string;
  readonly flink: string;
  readonly python: string;
  readonly machine: "x86_64" | "aarch64";
  readonly glibc: string;
  readonly release: FlinkRelease;
  /** What the runtime has installed (the dataset, with a managed runtime's published differences). */
  readonly provided: readonly ProvidedPackage[];
  /** Where the facts came from, for the summary and the lock file. */
  readonly notes: readonly string[];
}

export type ArtifactPlan =
  | { readonly kind: "zip"; readonly name: string; readonly inputs: readonly ZipInput[]; readonly role: string }
  | { readonly kind: "copy"; readonly name: string; readonly from: string; readonly role: string }
  | { readonly kind: "json"; readonly name: string; readonly value: unknown; readonly role: string }
  | { readonly kind: "text"; readonly name: string; readonly text: string; readonly role: string };

export interface LayoutInput {
  readonly profile: Profile;
  readonly projectDir: string;
  readonly config: PackConfig;
  readonly name: string;
  readonly entry: ProjectFile | undefined;
  readonly module: string | undefined;
  /** Own sources, `rel` relative to sourceRoot. */
  readonly sources: readonly ProjectFile[];
  /** Third-party files, names relative to the dependency root (no prefix). */
  readonly deps: readonly ZipInput[];
  readonly jars: readonly ProjectFile[];
  /** Data files, `rel` relative to the project. */
  readonly data: readonly ProjectFile[];
  /** Interpreter archive inputs (names start with venv/), or undefined. */
  readonly interpreter: readonly ZipInput[] | undefined;
  /** Absolute path the bundle will have when done (for file:// URLs). */
  readonly finalOutDir: string;
  /** Project paths left out (directories end in `/`), for run options that name one. */
  readonly excluded?: readonly string[];
  /**
   * Project files the code names at run time (set_python_requirements, open, ...) and nothing
   * else ships, `rel` relative to the project: placed beside the entry at that path where the
   * target can (MSF zip root, flink bundle directory).
   */
  readonly companions?: readonly ProjectFile[];
}

export interface Layout<Config> {
  readonly artifacts: readonly ArtifactPlan[];
  readonly deployConfig: Config;
  readonly warnings: readonly string[];
}

export type WorkerEntry = { readonly kind: "script"; readonly path: string } | { readonly kind: "module"; readonly name: string };

/** The worker-side meaning of the deploy config, with paths relative to `base`. */
export interface WorkerSpec {
  /** Directory the relative paths below are resolved against (the bundle, or the extracted MSF zip). */
  readonly base: string;
  /** python.files in order (A1, A28). */
  readonly pythonFiles: readonly string[];
  /** python.archives with their target directory names (A2: `#alias` or the file name). */
  readonly archives: readonly { readonly path: string; readonly target: string }[];
  /** python.executable as configured; relative values resolve against the archives directory (A30). */
  readonly executable: string | undefined;
  readonly entry: WorkerEntry | undefined;
  /** The jars the deploy config names (pipeline.jars, -j, MSF's jarfile), relative to `base` unless absolute, in classpath order. */
  readonly jars: readonly string[];
  /** Files the target serves the job at fixed absolute paths (MSF: its runtime properties) → the bundle file holding them. */
  readonly providedFiles?: Readonly<Record<string, string>>;
  /** Where each value came from, for the report. */
  readonly notes: readonly string[];
}

export interface BundleFile {
  /** Path relative to the bundle root, with `/`. */
  readonly rel: string;
  readonly abs: string;
  readonly bytes: number;
}

/** What a target's own bundle reader gets: the opened bundle directory and a scratch directory. */
export interface BundleContext {
  readonly root: string;
  readonly files: readonly BundleFile[];
  readonly scratch: string;
}

/** The pack flags only some targets take; each target says which of them it reads, and how. */
export type TargetFlag = "--engine" | "--glibc" | "--machine" | "--module" | "--interpreter-env" | "--application-properties";

/** Everything about a target that does not depend on its deploy config's type. */
export interface TargetTraits {
  /** One line, for summaries and the lock file. */
  readonly description: string;
  /** A few words after `name =` in the list of targets (CLI help, unknown-target errors). */
  readonly shortName: string;
  readonly sizeLimits: readonly SizeLimit[];
  /** The deploy-config keys this target understands (what the packager emits for it). */
  readonly deployKeys: readonly string[];
  /** Can the target run a module entry (`-pym`)? */
  readonly moduleEntry: boolean;
  /** How many jars the target can take (undefined: any number). */
  readonly maxJars: number | undefined;
  /** The runtime table and its resolution: request → runtime, or a PackError naming what is wrong. */
  resolve(request: ProfileRequest, machine: "x86_64" | "aarch64"): RuntimeChoice;
  /** Every runtime the target knows, as requests (for `listProfiles`). */
  profileRequests(): ProfileRequest[];
  /** Refuses settings the target cannot honour, before anything is resolved or built. */
  checkConfig(config: PackConfig): void;
  /** The worker layout a deploy config (as pack returns it, or parsed from JSON) describes; undefined when it is not one of this target's. */
  workerSpec(config: unknown, base: string): WorkerSpec | undefined;
  /** Reads a bundle of this target its own way; undefined falls back to the deploy file and pack's file conventions. */
  readBundle(bundle: BundleContext): Promise<{ readonly worker: WorkerSpec; readonly deployConfig: unknown } | undefined>;
  /** What a bundle file is, when this target names it specially (inspect's role column). */
  roleOf(rel: string): string | undefined;
  /** What to do when an artifact is over one of `sizeLimits`, per limit kind. */
  readonly budgetFixes: Readonly<Record<SizeLimit["applies"], readonly string[]>>;
  /** What to do about a big jar on this target. */
  readonly jarHint: string;
  /** The target-specific pack flags it reads, with their help text. */
  readonly flags: Readonly<Partial<Record<TargetFlag, string>>>;
}

export interface TargetDefinition<Config> extends TargetTraits {
  /** The bundle's artifacts and deploy config. */
  layout(input: LayoutInput): Promise<Layout<Config>>;
  /** The deploy section of the pack summary. */
  summary(config: Config, outDir: string): string[];
}
