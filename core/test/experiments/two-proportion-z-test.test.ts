import { describe, expect, it } from "vitest";
import { twoProportionZTest } from "../../src/experiments/two-proportion-z-test.ts";

describe("twoProportionZTest", () => {
  it("squares to Pearson's chi-square of the 2×2 table", () => {
    // Table [[40, 80], [25, 105]]: expected cells from margins 65/185 and 120/130 of 250.
    const observed = [40, 80, 25, 105];
    const expected = [(120 * 65) / 250, (120 * 185) / 250, (130 * 65) / 250, (130 * 185) / 250];
    const chi2 = observed.reduce((s, o, i) => s + (o - expected[i]) ** 2 / expected[i], 0);
    const { z } = twoProportionZTest({ events: 40, n: 120 }, { events: 25, n: 130 });
    expect(z * z).toBeCloseTo(chi2, 10);
    expect(z).toBeLessThan(0);
  });

  it("keeps precision for tiny p-values", () => {
    const { pValue } = twoProportionZTest({ events: 5000, n: 10_000 }, { events: 4000, n: 10_000 });
    expect(pValue).toBeGreaterThan(0);
    expect(pValue).toBeLessThan(1e-40);
  });

  it("gives z = 0 and p = 1 when no arm has an event, or every trial is one", () => {
    expect(twoProportionZTest({ events: 0, n: 10 }, { events: 0, n: 20 })).toEqual({ z: 0, pValue: 1 });
    expect(twoProportionZTest({ events: 10, n: 10 }, { events: 20, n: 20 })).toEqual({ z: 0, pValue: 1 });
  });
});
