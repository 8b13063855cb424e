// The conflict rule on the checked-in dataset. Expected ranges and versions are apache-flink's own
// published pins (its Requires-Dist, restated in each case) and the vendors' published lists (H4),
// not values read back from our output.
import { describe, expect, it } from "vitest";
import { checkShippedVersions, parseUserRequirements, planRequirements, type RuntimeUnderCheck, type UserRequirement } from "../src/runtime/conflict-rule.js";
import { MANAGED_RUNTIMES } from "../src/runtime/managed-runtimes.js";
import { runtimePackages } from "../src/runtime/runtime-data.js";

function managed(id: string, python?: string): RuntimeUnderCheck {
  const runtime = MANAGED_RUNTIMES.find((row) => row.id === id);
  if (runtime === undefined) throw new Error(`no managed runtime ${id}`);
  return { id, packages: runtimePackages(runtime.pyflink ?? runtime.flink, python ?? runtime.pythons[0] ?? "", runtime.published) };
}

function req(text: string): UserRequirement {
  const match = /^([A-Za-z0-9._-]+)(.*)$/.exec(text);
  return { name: match?.[1] ?? text, specifier: match?.[2] ?? "", text };
}

const names = (list: readonly { name: string }[]): string[] => list.map((item) => item.name.toLowerCase());

describe("conflict rule: a pin inside PyFlink's declared range is shipped with one warning", () => {
  // apache-flink 1.20.x declares python-dateutil>=2.8.0,<3 (its Requires-Dist).
  const msf120 = managed("msf-flink-1.20");

  it("python-dateutil==2.9.0.post0 on MSF 1.20 is not refused", () => {
    const plan = planRequirements(msf120, [req("python-dateutil==2.9.0.post0")]);
    expect(plan.refusals).toEqual([]);
  });

  it("python-dateutil==2.8.2 on MSF 1.20 ships (the runtime resolves a newer one) and warns once, naming the range", () => {
    const plan = planRequirements(msf120, [req("python-dateutil==2.8.2")]);
    expect(plan.refusals).toEqual([]);
    expect(names(plan.shipped)).toEqual(["python-dateutil"]);
    expect(names(plan.provided)).not.toContain("python-dateutil");
    const checked = checkShippedVersions(msf120, plan, new Map([["python-dateutil", "2.8.2"]]));
    expect(checked.refusals).toEqual([]);
    expect(checked.warnings).toHaveLength(1);
    expect(checked.warnings[0]).toMatch(/python-dateutil 2\.8\.2 is shipped and shadows the runtime's .* \(inside apache-flink 1\.20\.\d+ \(msf-flink-1\.20\)'s range (<3,>=2\.8\.0|>=2\.8\.0,<3)\)/);
  });

  it("an exact pin outside the range is refused at once, naming the range and the fix", () => {
    const plan = planRequirements(msf120, [req("python-dateutil==2.7.5")]);
    expect(plan.shipped).toEqual([]);
    expect(plan.refusals).toHaveLength(1);
    expect(plan.refusals[0]).toMatch(/"python-dateutil==2\.7\.5" resolves to python-dateutil 2\.7\.5, outside apache-flink 1\.20\.\d+ \(msf-flink-1\.20\)'s declared range .*2\.8\.0.*Choose a version in/);
  });

  it("a range the resolver fills outside PyFlink's range is refused after resolution (pandas<2.3 in 1.20)", () => {
    const plan = planRequirements(msf120, [req("pandas>=2.3")]);
    expect(plan.refusals).toEqual([]);
    const [shipped] = plan.shipped;
    expect(shipped?.range).toMatch(/<2\.3/);
    const checked = checkShippedVersions(msf120, plan, new Map([["pandas", "2.3.3"]]));
    expect(checked.warnings).toEqual([]);
    expect(checked.refusals[0]).toMatch(/pandas 2\.3\.3, outside apache-flink 1\.20/);
  });
});

describe("conflict rule: packages PyFlink is made of are never shadowed", () => {
  const msf120 = managed("msf-flink-1.20");
  for (const text of ["apache-flink==1.19.3", "apache-flink-libraries==1.19.0", "py4j==0.10.9.5", "pemja==0.4.1"]) {
    it(`refuses ${text}`, () => {
      const plan = planRequirements(msf120, [req(text)]);
      expect(plan.shipped).toEqual([]);
      expect(plan.refusals).toHaveLength(1);
      expect(plan.refusals[0]).toContain(`"${text}" would shadow`);
      expect(plan.refusals[0]).toMatch(/must not be replaced: .*Drop it from the job's requirements/);
    });
  }

  it("a pin on the runtime's own release line (apache-flink==1.20.0 for local development) is served by the runtime", () => {
    const plan = planRequirements(msf120, [req("apache-flink==1.20.0")]);
    expect(plan.refusals).toEqual([]);
    expect(plan.shipped).toEqual([]);
    expect(plan.servedByLine).toEqual([{ name: "apache-flink", version: "1.20.0" }]);
    expect(names(plan.provided)).toContain("apache-flink");
  });

  it("accepts an unpinned py4j (the runtime's copy serves it)", () => {
    const plan = planRequirements(msf120, [req("py4j")]);
    expect(plan.refusals).toEqual([]);
    expect(plan.shipped).toEqual([]);
    expect(names(plan.provided)).toContain("py4j");
  });
});

describe("conflict rule: what the runtime installs is subtracted transitively", () => {
  it("boto3's and requests' dependencies that pip install apache-flink brings (six, urllib3, python-dateutil, idna, certifi) are provided on MSF 1.20", () => {
    const plan = planRequirements(managed("msf-flink-1.20"), [req("boto3"), req("requests")]);
    expect(plan.refusals).toEqual([]);
    expect(plan.shipped).toEqual([]);
    // python-dateutil needs six, requests needs urllib3, idna and certifi (their own Requires-Dist).
    expect(names(plan.provided)).toEqual(expect.arrayContaining(["six", "urllib3", "python-dateutil", "idna", "certifi", "requests"]));
    expect(names(plan.provided)).not.toContain("boto3");
  });
});

describe("conflict rule: requirement lines", () => {
  it("reads name and specifier, drops extras, markers, comments, options and URLs", () => {
    expect(parseUserRequirements(["boto3[crt] >= 1.34 ; python_version >= '3.8'  # aws", "# comment", "-r other.txt", "--hash=sha256:00", "pkg @ https://example.com/pkg.whl", "", "six"])).toEqual([
      { name: "boto3", specifier: ">=1.34", text: "boto3[crt] >= 1.34 ; python_version >= '3.8'" },
      { name: "six", specifier: "", text: "six" },
    ]);
  });
});

describe("conflict rule: managed runtimes' published differences", () => {
  it("pandas>=2.0 on VVR 11.7 is served by the pre-installed pandas 2.3.3 (H4)", () => {
    const vvr = managed("vvr-11.7", "3.11");
    const plan = planRequirements(vvr, [req("pandas>=2.0")]);
    expect(plan.refusals).toEqual([]);
    expect(plan.shipped).toEqual([]);
    expect(plan.provided).toContainEqual({ name: "pandas", version: "2.3.3" });
  });

  it("VVR 11's pemja 0.5.5 and protobuf 4.25.8 replace the resolved versions (H4)", () => {
    const packages = managed("vvr-11.0").packages;
    const byName = new Map(packages.distributions.map((dist) => [dist.name.toLowerCase(), dist]));
    expect(byName.get("pemja")).toMatchObject({ version: "0.5.5", source: "published" });
    expect(byName.get("protobuf")).toMatchObject({ version: "4.25.8", source: "published" });
  });
});
