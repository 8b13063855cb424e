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
    expect(() => resolveProfile({ target: "msf", flink: "1.13" })).toThrow(/--flink 1\.15 \(Python 3\.8\) \| 1\.18 \(Python 3\.10\) \| 1\.19 \(Python 3\.11\) \| 1\.20 \(Python 3\.11\) \| 2\.2 \(Python 3\.12\)/);
    // apache-flink 1.20 publishes cp38–cp311 wheels only.
    expect(() => resolveProfile({ target: "flink", flink: "1.20", python: "3.12" })).toThrow(/apache-flink 1\.20\.\d+ runs Python 3\.8\/3\.9\/3\.10\/3\.11, not 3\.12/);
  });
});

describe("resolveProfile on the runtime dataset (docs/packaging-facts.md, H)", () => {
  it("MSF Flink 2.2 runs CPython 3.12 (H1) and is MSF's default, the newest", () => {
    const profile = resolveProfile({ target: "msf", flink: "2.2" });
    expect([profile.id, profile.pythonVersion, profile.abi, profile.glibc]).toEqual(["msf-flink-2.2", "3.12", "cp312", "2.17"]);
    expect(profile.pyflink).toMatch(/^2\.2\.\d+$/);
    expect(resolveProfile({ target: "msf" }).id).toBe("msf-flink-2.2");
  });

  it("self-managed Flink 2.3 exists and is the default; its Pythons are 3.9–3.12 (H2)", () => {
    const profile = resolveProfile({ target: "flink", flink: "2.3" });
    expect(profile.pyflink).toBe("2.3.0");
    expect(profile.pythonVersion).toBe("3.12");
    expect(resolveProfile({ target: "flink" }).flinkVersion).toBe("2.3");
    for (const python of ["3.9", "3.10", "3.11", "3.12"]) expect(resolveProfile({ target: "flink", flink: "2.3", python }).pythonVersion).toBe(python);
  });

  it("--python alone picks the newest line that has it and says which", () => {
    const profile = resolveProfile({ target: "flink", python: "3.8" });
    expect(profile.pythonVersion).toBe("3.8");
    expect(profile.notes.join(" ")).toMatch(/--python 3\.8 alone: Flink \d\.\d+, the newest release line that has it/);
  });

  it("vvp --python 3.7 picks the engine line that has 3.7: VVR 8.0.0–8.0.10 on Flink 1.17.2 (C1, H3)", () => {
    const profile = resolveProfile({ target: "vvp", python: "3.7" });
    expect(profile.id).toBe("vvp-vvr-8.0-py37-py3.7");
    expect([profile.pyflink, profile.abi, profile.glibc]).toEqual(["1.17.2", "cp37m", "2.17"]);
    expect(profile.notes.join(" ")).toMatch(/engine line vvr-8\.0-py37 \(VVR 8\.0\.0 up to 8\.0\.11, exclusive, Flink 1\.17\.2\)/);
  });

  it("ARM VVR up to 11.2 runs glibc 2.17, from 11.3 2.31; x86 VVR 11 runs 2.31 (H5)", () => {
    expect(resolveProfile({ target: "vvp", engine: "11.2.0", machine: "aarch64" }).glibc).toBe("2.17");
    expect(resolveProfile({ target: "vvp", engine: "11.3.0", machine: "aarch64" }).glibc).toBe("2.31");
    expect(resolveProfile({ target: "vvp", engine: "11.2.0" }).glibc).toBe("2.31");
  });

  it("VVR 11 provides its published pandas 2.3.3 (H4); no provided set is hand-typed otherwise: boto3's six and urllib3 are in it", () => {
    expect(resolveProfile({ target: "vvp", engine: "11.7.0", python: "3.11" }).provided).toContainEqual({ name: "pandas", version: "2.3.3", exact: true });
    const names = resolveProfile({ target: "msf", flink: "1.20" }).provided.map((p) => p.name.toLowerCase());
    expect(names).toEqual(expect.arrayContaining(["six", "urllib3", "idna", "certifi", "python-dateutil"]));
  });
});
