// Profiles are data; these check the table against the facts in docs/packaging-facts.md (IDs cited) and the
// platform tags against PEP 600/599 naming, not against the code's own output.
import { describe, expect, it } from "vitest";
import { listProfiles, PackError, resolveProfile } from "../src/index.js";

describe("resolveProfile", () => {
  it("MSF Flink 1.20 runs CPython 3.11 on x86_64 manylinux2014 (B7, B11)", () => {
    const profile = resolveProfile({ target: "msf", flink: "1.20" });
    expect(profile.pythonVersion).toBe("3.11");
    expect(profile.abi).toBe("cp311");
    expect(profile.platforms).toContain("manylinux2014_x86_64");
    expect(profile.deployKeys).toEqual(["python", "jarfile", "pyFiles", "pyArchives"]);
    expect(profile.maxJars).toBe(1);
  });

  it("MSF Flink 1.15 runs Python 3.8 (B11)", () => {
    expect(resolveProfile({ target: "msf", flink: "1.15" }).pythonVersion).toBe("3.8");
  });

  it("Ververica VVR 8.0.10 → Python 3.7 (cp37m ABI), 8.0.11 → 3.9, both glibc 2.17; VVR 11 → glibc 2.31 (C1, C2)", () => {
    const old = resolveProfile({ target: "vvp", engine: "vvr-8.0.10-flink-1.17" });
    expect([old.pythonVersion, old.abi, old.glibc]).toEqual(["3.7", "cp37m", "2.17"]);
    const newer = resolveProfile({ target: "vvp", engine: "8.0.11" });
    expect([newer.pythonVersion, newer.glibc]).toEqual(["3.9", "2.17"]);
    const eleven = resolveProfile({ target: "vvp", engine: "11.1.0" });
    expect(eleven.glibc).toBe("2.31");
    // PEP 600 tags for every glibc from 2.31 down to 2.17: pip does not expand them itself (D5).
    expect(eleven.platforms.slice(0, 15)).toEqual(Array.from({ length: 15 }, (_, i) => `manylinux_2_${31 - i}_x86_64`));
  });

  it("VVR 11.7 accepts Python 3.10 and 3.11, older 11.x only 3.9 (C1)", () => {
    expect(resolveProfile({ target: "vvp", engine: "11.7.0", python: "3.11" }).pythonVersion).toBe("3.11");
    expect(() => resolveProfile({ target: "vvp", engine: "11.2.0", python: "3.11" })).toThrow(/runs Python 3\.9, not 3\.11/);
  });

  it("every profile provides apache-flink itself, so a requirement on it is never downloaded", () => {
    for (const profile of listProfiles()) expect(profile.provided.map((p) => p.name)).toContain("apache-flink");
  });

  it("provided overrides replace a version or drop a package", () => {
    const profile = resolveProfile({ target: "msf", provided: { numpy: "1.26.4", requests: null } });
    expect(profile.provided.find((p) => p.name === "numpy")?.version).toBe("1.26.4");
    expect(profile.provided.some((p) => p.name === "requests")).toBe(false);
  });

  it("unknown targets and versions are PackErrors that say what to use", () => {
    expect(() => resolveProfile({ target: "emr" })).toThrow(PackError);
    expect(() => resolveProfile({ target: "emr" })).toThrow(/Use one of: flink, msf, vvp/);
    expect(() => resolveProfile({ target: "msf", flink: "1.13" })).toThrow(/--flink 1\.15 \| 1\.18 \| 1\.19 \| 1\.20/);
    expect(() => resolveProfile({ target: "flink", flink: "1.20", python: "3.12" })).toThrow(/apache-flink 1\.20\.0 runs Python 3\.8\/3\.9\/3\.10\/3\.11, not 3\.12/);
  });
});
