import { describe, expect, it } from "vitest";
import { PackError, parsePackConfig } from "../src/index.js";

describe("parsePackConfig", () => {
  it("accepts the documented keys", () => {
    expect(parsePackConfig({ target: "msf", entry: "main.py", data: ["data/**"], provided: { numpy: null } }, "x.json")).toEqual({
      target: "msf",
      entry: "main.py",
      data: ["data/**"],
      provided: { numpy: null },
    });
  });

  it("names an unknown key and the file, and lists the known ones", () => {
    let error: unknown;
    try {
      parsePackConfig({ entry: "main.py", requirement: "requirements.txt" }, "/p/pyflink-pack.json");
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PackError);
    expect((error as PackError).message).toMatch(/^\/p\/pyflink-pack\.json: unknown key "requirement"\. Known keys: .*requirements/);
  });

  it("names the key with a wrong type", () => {
    expect(() => parsePackConfig({ jars: "lib/a.jar" }, "c.json")).toThrow(/^c\.json: jars: /);
  });
});
