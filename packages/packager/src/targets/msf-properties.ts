// application_properties.json for MSF (B1, B5): the user's property groups, with the
// `kinesis.analytics.flink.run.options` group set to what the bundle needs.
import { z } from "zod";
import { PackError } from "../pack-error.js";

export const RUN_OPTIONS_GROUP = "kinesis.analytics.flink.run.options";

const propertyGroups = z.array(
  z.strictObject({
    PropertyGroupId: z.string().min(1),
    PropertyMap: z.record(z.string(), z.string()),
  }),
);

export type PropertyGroup = z.infer<typeof propertyGroups>[number];

export function parsePropertyGroups(text: string, file: string): PropertyGroup[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new PackError("config", `${file}: not valid JSON (${(error as Error).message}). Fix it, or point "applicationProperties" elsewhere.`);
  }
  const parsed = propertyGroups.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new PackError("config", `${file}: not an MSF property-group array (${issue ? `${issue.path.map(String).join(".") || "top level"}: ${issue.message}` : "invalid"}). Expected [{"PropertyGroupId": "...", "PropertyMap": {"key": "value"}}].`);
  }
  return parsed.data;
}

/** Sets the run-options group (in place of the user's, keeping its position), other groups untouched. */
export function mergeRunOptions(existing: readonly PropertyGroup[], runOptions: Readonly<Record<string, string>>, warnings: string[]): PropertyGroup[] {
  const out: PropertyGroup[] = [];
  let placed = false;
  for (const group of existing) {
    if (group.PropertyGroupId !== RUN_OPTIONS_GROUP) {
      out.push(group);
      continue;
    }
    const merged: Record<string, string> = { ...group.PropertyMap };
    for (const [key, value] of Object.entries(runOptions)) {
      const before = merged[key];
      if (before !== undefined && before !== value) warnings.push(`${RUN_OPTIONS_GROUP}.${key}: replaced "${before}" with "${value}" to match the bundle`);
      merged[key] = value;
    }
    out.push({ PropertyGroupId: RUN_OPTIONS_GROUP, PropertyMap: merged });
    placed = true;
  }
  if (!placed) out.push({ PropertyGroupId: RUN_OPTIONS_GROUP, PropertyMap: { ...runOptions } });
  return out;
}
