// The Node.js check before any command loads: engines ranges as package.json writes them.
import { describe, expect, it } from "vitest";
import { satisfies, unsupportedNode } from "../node-version.ts";

const RANGE = ">=22.22.2 <23 || >=24.15";

describe("node version check", () => {
  it("reads engines ranges: alternatives, comparators, partial versions", () => {
    expect(satisfies("20.19.0", RANGE)).toBe(false);
    expect(satisfies("22.12.0", RANGE)).toBe(false);
    expect(satisfies("22.22.2", RANGE)).toBe(true);
    expect(satisfies("22.23.3", RANGE)).toBe(true);
    expect(satisfies("23.1.0", RANGE)).toBe(false);
    expect(satisfies("24.14.9", RANGE)).toBe(false);
    expect(satisfies("24.15.0", RANGE)).toBe(true);
    expect(satisfies("v26.0.0", RANGE)).toBe(true);
    expect(satisfies("22.1.0", ">22")).toBe(true);
    expect(satisfies("22.0.0", ">22")).toBe(false);
    expect(satisfies("18.0.0", "<=18")).toBe(true);
    expect(satisfies("20.0.0", "=20.0.0")).toBe(true);
    expect(satisfies("20.0.0", "^20")).toBe(false); // not understood: never taken as supported
  });

  it("names the version and the range in one sentence; this Node (the one running the tests) passes", () => {
    expect(unsupportedNode("20.19.0")).toMatch(
      /^Node\.js 20\.19\.0 cannot run EngageTrack: it needs Node\.js >=\S+ .*\(package\.json engines\)/,
    );
    expect(unsupportedNode(process.versions.node)).toBeNull();
    expect(unsupportedNode("99.0.0")).toBeNull();
  });
});
