// Wheel compatibility tags (PEP 425, PEP 600, PEP 656) checked against one target: the question
// pip would answer on the runtime, answered here before deploy.
import { ARCHES, compareVersions, pythonMinor, type AuditTarget } from "./audit-target.js";

export interface WheelTag {
  readonly python: string;
  readonly abi: string;
  readonly platform: string;
}

/** The legacy manylinux names are aliases of glibc versions (PEP 600). */
const LEGACY_MANYLINUX: Readonly<Record<string, string>> = {
  manylinux1: "2.5",
  manylinux2010: "2.12",
  manylinux2014: "2.17",
};

/** Tags from the `Tag:` lines of a `.dist-info/WHEEL` file; compressed tag sets (`py2.py3`) are expanded. */
export function parseWheelFileTags(text: string): WheelTag[] {
  const tags: WheelTag[] = [];
  for (const line of text.split(/\r?\n/)) {
    const match = /^Tag:\s*(\S+)\s*$/.exec(line);
    if (match?.[1] !== undefined) tags.push(...expandTag(match[1]));
  }
  return tags;
}

/** Tags from a wheel file name `name-version(-build)?-python-abi-platform.whl`. */
export function parseWheelFileNameTags(fileName: string): WheelTag[] {
  const parts = fileName.replace(/\.whl$/, "").split("-");
  if (parts.length < 5) return [];
  return expandTag(parts.slice(-3).join("-"));
}

function expandTag(compressed: string): WheelTag[] {
  const [pythons, abis, platforms] = compressed.split("-");
  if (pythons === undefined || abis === undefined || platforms === undefined) return [];
  const tags: WheelTag[] = [];
  for (const python of pythons.split(".")) {
    for (const abi of abis.split(".")) {
      for (const platform of platforms.split(".")) tags.push({ python, abi, platform });
    }
  }
  return tags;
}

export function formatTag(tag: WheelTag): string {
  return `${tag.python}-${tag.abi}-${tag.platform}`;
}

/** Why a tag does not fit the target, or undefined when it does. */
export function tagMismatch(tag: WheelTag, target: AuditTarget): string | undefined {
  // pip pairs platform `any` only with generic `pyXY-none` tags (packaging.tags.compatible_tags).
  if (tag.platform === "any" && (tag.abi !== "none" || !tag.python.startsWith("py"))) return `tag ${formatTag(tag)} is not a pure-Python tag, yet names platform any`;
  return platformMismatch(tag.platform, target) ?? pythonMismatch(tag, target);
}

function pythonMismatch(tag: WheelTag, target: AuditTarget): string | undefined {
  const [major, minor] = pythonMinor(target);
  const wanted = `CPython ${major}.${minor}`;
  const pythonMatch = /^(py|cp)(\d)(\d*)$/.exec(tag.python);
  if (!pythonMatch) return `interpreter tag ${tag.python} is not CPython (${wanted})`;
  const [, impl, tagMajor, tagMinor] = pythonMatch;
  if (Number(tagMajor) !== major) return `interpreter tag ${tag.python} is for Python ${tagMajor ?? "?"}, the runtime has ${wanted}`;
  const versionMinor = tagMinor === undefined || tagMinor === "" ? undefined : Number(tagMinor);

  if (tag.abi === "none") {
    // py3 / py38: pure Python usable from that version on; cp311-none: only that CPython.
    if (versionMinor === undefined) return undefined;
    if (impl === "cp" ? versionMinor !== minor : versionMinor > minor) return `interpreter tag ${tag.python} does not include ${wanted}`;
    return undefined;
  }
  if (tag.abi === "abi3") {
    if (impl !== "cp") return `abi3 with interpreter tag ${tag.python} is not a CPython stable-ABI tag`;
    if (versionMinor !== undefined && versionMinor > minor) return `stable ABI built for CPython ${major}.${versionMinor}+, the runtime has ${wanted}`;
    return undefined;
  }
  const abiMatch = /^cp(\d)(\d+)[dmu]*$/.exec(tag.abi);
  if (!abiMatch) return `ABI tag ${tag.abi} is not a CPython ABI`;
  // A version-specific ABI only exists together with the same CPython's interpreter tag.
  if (impl !== "cp" || `${tagMajor ?? ""}${tagMinor ?? ""}` !== `${abiMatch[1] ?? ""}${abiMatch[2] ?? ""}`) {
    return `tag ${tag.python}-${tag.abi} pairs an interpreter with another interpreter's ABI`;
  }
  if (Number(abiMatch[1]) !== major || Number(abiMatch[2]) !== minor) {
    return `built for CPython ${abiMatch[1] ?? "?"}.${abiMatch[2] ?? "?"} (ABI ${tag.abi}), the runtime has ${wanted}`;
  }
  return undefined;
}

function platformMismatch(platform: string, target: AuditTarget): string | undefined {
  if (platform === "any") return undefined;
  const arch = ARCHES[target.arch].tagArch;
  const linux = /^linux_(.+)$/.exec(platform);
  if (linux) return linux[1] === arch ? undefined : `platform ${platform} is not ${arch}`;
  const manylinux = /^(manylinux1|manylinux2010|manylinux2014|manylinux_(\d+)_(\d+))_(.+)$/.exec(platform);
  if (manylinux) {
    const [, family = "", major, minor, tagArch] = manylinux;
    if (tagArch !== arch) return `platform ${platform} is for ${tagArch ?? "?"}, the runtime is ${arch}`;
    const needs = major !== undefined && minor !== undefined ? `${major}.${minor}` : (LEGACY_MANYLINUX[family] ?? "0");
    if (compareVersions(needs, target.glibc) > 0) return `platform ${platform} needs glibc ${needs}, the runtime has glibc ${target.glibc}`;
    return undefined;
  }
  if (platform.startsWith("musllinux_")) return `platform ${platform} is for musl libc, the runtime uses glibc ${target.glibc}`;
  if (platform.startsWith("macosx_")) return `platform ${platform} is macOS, the runtime is Linux ${arch}`;
  if (platform.startsWith("win")) return `platform ${platform} is Windows, the runtime is Linux ${arch}`;
  return `platform ${platform} is not Linux ${arch}`;
}
