// Every deploy target, by name. The one place a new target is added: its module plus one line
// here; `TargetName`, the CLI's --target choices and every per-target lookup follow from it.
import { flinkTarget } from "./flink.js";
import { msfTarget } from "./msf.js";
import type { Layout, LayoutInput, TargetDefinition, TargetFlag, TargetTraits } from "./target.js";
import { vvpTarget } from "./vvp.js";

const DEFINITIONS = {
  flink: flinkTarget,
  msf: msfTarget,
  vvp: vvpTarget,
};

export type TargetName = keyof typeof DEFINITIONS;

/** The deploy config type of each target. */
export type DeployConfigs = { readonly [K in TargetName]: (typeof DEFINITIONS)[K] extends TargetDefinition<infer C> ? C : never };

type DeploymentOf = { readonly [K in TargetName]: { readonly target: K; readonly deployConfig: DeployConfigs[K] } };

/** A deploy config together with the target it belongs to: a union discriminated by `target`. */
export type Deployment = DeploymentOf[TargetName];

const TARGET_DEFINITIONS: { readonly [K in TargetName]: TargetDefinition<DeployConfigs[K]> } = DEFINITIONS;

export const TARGETS: readonly TargetName[] = Object.keys(DEFINITIONS).filter(isTargetName);

export function isTargetName(name: string): name is TargetName {
  return Object.hasOwn(DEFINITIONS, name);
}

/** What every target has, whatever its deploy config. */
export function targetTraits(name: TargetName): TargetTraits {
  return TARGET_DEFINITIONS[name];
}

/** `flink = self-managed Flink, msf = …` for help texts and errors. */
export function describeTargets(): string {
  return TARGETS.map((name) => `${name} = ${TARGET_DEFINITIONS[name].shortName}`).join(", ");
}

/** The target's layout, its deploy config kept together with the target's name. */
export async function layOut<K extends TargetName>(target: K, input: LayoutInput): Promise<Omit<Layout<DeployConfigs[K]>, "deployConfig"> & { readonly deployment: DeploymentOf[K] }> {
  const definition: TargetDefinition<DeployConfigs[K]> = TARGET_DEFINITIONS[target];
  const layout = await definition.layout(input);
  // The pair is correct by construction (this target's layout made this config); TypeScript cannot
  // write to a mapped type through a generic key, so the pairing is asserted here, once.
  const deployment = { target, deployConfig: layout.deployConfig } as DeploymentOf[K];
  return { artifacts: layout.artifacts, warnings: layout.warnings, deployment };
}

/** The deploy section of the pack summary. */
export function deploymentSummary<K extends TargetName>(target: K, deployConfig: DeployConfigs[K], outDir: string): string[] {
  const definition: TargetDefinition<DeployConfigs[K]> = TARGET_DEFINITIONS[target];
  return definition.summary(deployConfig, outDir);
}

/** The help of a target-specific flag: the targets that read it, then what it does (`flink/vvp: x86_64 or aarch64`). */
export function targetFlagHelp(flag: TargetFlag): string {
  const readers = TARGETS.filter((name) => TARGET_DEFINITIONS[name].flags[flag] !== undefined);
  const [first] = readers;
  return `${readers.join("/")}: ${first === undefined ? "" : (TARGET_DEFINITIONS[first].flags[flag] ?? "")}`;
}
