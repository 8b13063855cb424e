import { describe, expect, it } from "vitest";
import { zipSafety } from "../src/python/install-wheels.js";

describe("zipSafety", () => {
  it("pure .py modules with metadata are zip-safe", () => {
    expect(zipSafety([{ name: "six.py", data: Buffer.from("import sys\n") }, { name: "six-1.17.0.dist-info/RECORD" }])).toEqual({ zipSafe: true, reasons: [] });
  });

  it("compiled extensions, data files and __file__ readers are not", () => {
    expect(zipSafety([{ name: "fast/_c.cpython-311-x86_64-linux-gnu.so" }]).reasons).toEqual(["compiled code (fast/_c.cpython-311-x86_64-linux-gnu.so)"]);
    expect(zipSafety([{ name: "certs/cacert.pem" }]).reasons).toEqual(["data files next to the code (certs/cacert.pem)"]);
    expect(zipSafety([{ name: "m/__init__.py", data: Buffer.from("HERE = os.path.dirname(__file__)\n") }]).reasons).toEqual(["reads paths relative to __file__ (m/__init__.py)"]);
  });
});
