import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { populationStability, PSI_FLAG } from "../../src/digest/index.ts";

describe("populationStability", () => {
  it("matches a hand-computed example", () => {
    // Shares e = ¼ each, a = 0.1, 0.2, 0.3, 0.4:
    // (−0.15)·ln 0.4 + (−0.05)·ln 0.8 + 0.05·ln 1.2 + 0.15·ln 1.6
    // = 0.137444 + 0.011157 + 0.009116 + 0.070501 = 0.228218 — above the 0.2 flag.
    const psi = populationStability([25, 25, 25, 25], [10, 20, 30, 40]);
    expect(psi).toBeCloseTo(0.2282174096, 9);
    expect(psi > PSI_FLAG).toBe(true);
  });

  it("counts an empty bin as a 1e-4 share so new values still register", () => {
    // e = 0.5, 0.5, 1e-4 (empty); a = 0.4, 0.5, 0.1:
    // (−0.1)·ln 0.8 + 0 + (0.1 − 0.0001)·ln(0.1 / 0.0001) = 0.022314 + 0.690085
    expect(populationStability([50, 50, 0], [40, 50, 10])).toBeCloseTo(0.7123991075, 9);
  });

  it("is 0 for the same shares at any scale, and symmetric in its arguments", () => {
    expect(populationStability([3, 1, 6], [300, 100, 600])).toBeCloseTo(0, 12);
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(1000), fc.nat(1000)), { minLength: 1, maxLength: 12 }),
        (pairs) => {
          const e = pairs.map((p) => p[0] + 1);
          const a = pairs.map((p) => p[1] + 1);
          const psi = populationStability(e, a);
          expect(psi).toBeGreaterThanOrEqual(0);
          expect(psi).toBeCloseTo(populationStability(a, e), 10);
        },
      ),
    );
  });

  it("names what is wrong with its input", () => {
    expect(() => populationStability([1, 2], [1, 2, 3])).toThrow(
      "bin counts differ: expected 2 bins, actual 3",
    );
    expect(() => populationStability([0, 0], [1, 2])).toThrow("no expected observations");
    expect(() => populationStability([1, -1], [1, 2])).toThrow("invalid expected count: -1 (bin 1)");
    expect(() => populationStability([1, 1], [1, 1], 0)).toThrow("invalid empty-bin share: 0");
  });
});
