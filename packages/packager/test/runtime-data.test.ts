// The checked-in dataset: well-formed, covering every line and managed runtime, and consistent
// with apache-flink's own published Requires-Dist (each declared range holds the resolved version,
// checked with a PEP 440 implementation independent of pip).
import { readFile } from "node:fs/promises";
import { satisfies } from "@renovatebot/pep440";
import { describe, expect, it } from "vitest";
import { normalizeName } from "../src/runtime/flink-releases.js";
import { chooseReleases, formatRuntimeData, mergeRuntimeData, unsatisfiedRequirement } from "../src/runtime/generate-runtimes.js";
import { MANAGED_RUNTIMES } from "../src/runtime/managed-runtimes.js";
import { findRelease, flinkLines, parseRuntimeData, runtimeData, RUNTIME_DATA_URL, runtimePackages } from "../src/runtime/runtime-data.js";

const data = runtimeData();

describe("runtime dataset", () => {
  it("is exactly what the generator's formatter writes (no hand edits)", async () => {
    const text = await readFile(RUNTIME_DATA_URL, "utf8");
    expect(formatRuntimeData(parseRuntimeData(text, "runtimes.json"))).toBe(text);
  });

  it("has every release line from 1.15 to 2.3", () => {
    expect(flinkLines()).toEqual(expect.arrayContaining(["1.15", "1.16", "1.17", "1.18", "1.19", "1.20", "2.0", "2.1", "2.2", "2.3"]));
  });

  it("has a row for every managed runtime's release and Python", () => {
    for (const runtime of MANAGED_RUNTIMES) {
      const release = findRelease(runtime.pyflink ?? runtime.flink);
      expect(release?.line, runtime.id).toBe(runtime.flink);
      if (runtime.pyflink !== undefined) expect(release?.pyflink, runtime.id).toBe(runtime.pyflink);
      for (const python of runtime.pythons) expect(() => runtimePackages(runtime.pyflink ?? runtime.flink, python, runtime.published), `${runtime.id} on ${python}`).not.toThrow();
    }
  });

  it("every row installs apache-flink itself at its release and a version inside each of apache-flink's declared ranges", () => {
    for (const release of data.releases) {
      for (const env of release.environments) {
        const installed = new Map(env.installed.map((dist) => [normalizeName(dist.name), dist.version]));
        expect(installed.get("apache-flink"), `${release.pyflink} py${env.python}`).toBe(release.pyflink);
        for (const [name, range] of Object.entries(env.pyflinkRanges)) {
          const version = installed.get(normalizeName(name));
          expect(version, `${name} in ${release.pyflink} py${env.python}`).toBeDefined();
          expect(satisfies(version ?? "", range), `${name} ${version ?? ""} in ${range} (${release.pyflink} py${env.python})`).toBe(true);
        }
      }
    }
  });

  it("keeps apache-flink's Requires-Dist as published: every range in a row comes from one of its lines", () => {
    for (const release of data.releases) {
      const declared = new Set(release.requiresDist.map((line) => normalizeName(/^[A-Za-z0-9._-]+/.exec(line)?.[0] ?? "")));
      for (const env of release.environments) for (const name of Object.keys(env.pyflinkRanges)) expect(declared.has(normalizeName(name)), `${name} in ${release.pyflink}`).toBe(true);
    }
  });

  it("MSF 2.2 resolves for CPython 3.12 (H1)", () => {
    const packages = runtimePackages("2.2", "3.12");
    expect(packages.python).toBe("3.12");
    expect(packages.pyflink).toMatch(/^2\.2\.\d+$/);
  });

  it("names an unknown line and the lines it has", () => {
    expect(() => runtimePackages("1.9", "3.8")).toThrow(/Flink 1\.9 is not in the runtime dataset \(it has 1\.15, /);
  });
});

describe("update-runtimes helpers", () => {
  it("takes the newest final patch of each line from the index, plus managed runtimes' published patches, and the Pythons from the wheel tags", () => {
    const wheel = (version: string, py: string): { filename: string } => ({ filename: `apache_flink-${version}-cp${py}-cp${py}-manylinux1_x86_64.whl` });
    const files = [wheel("1.15.2", "38"), wheel("1.15.4", "37"), wheel("1.15.4", "38"), wheel("1.14.6", "38"), { filename: "apache_flink-1.15.9rc1-cp38-cp38-manylinux1_x86_64.whl" }, { filename: "apache-flink-1.15.4.tar.gz" }];
    const chosen = chooseReleases(files, undefined);
    expect(chosen.map((c) => [c.version, c.pythons])).toEqual([
      ["1.15.2", ["3.8"]],
      ["1.15.4", ["3.7", "3.8"]],
    ]);
    expect(chosen[0]?.reason).toMatch(/msf-flink-1\.15/);
  });

  it("reads the unsatisfiable requirement from pip's two ways of saying it", () => {
    expect(unsatisfiedRequirement("ERROR: No matching distribution found for avro-python3!=1.9.2,>=1.8.1")).toBe("avro-python3!=1.9.2,>=1.8.1");
    expect(unsatisfiedRequirement("The conflict is caused by:\n    apache-beam 2.48.0 depends on crcmod<2.0 and >=1.7\n")).toBe("crcmod<2.0,>=1.7");
  });

  it("merges a partial run over the previous dataset", () => {
    const fresh = { ...data, releases: data.releases.filter((release) => release.line === "1.20") };
    expect(mergeRuntimeData(data, fresh).releases.map((release) => release.pyflink)).toEqual(data.releases.map((release) => release.pyflink));
  });
});
