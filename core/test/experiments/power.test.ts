import { describe, expect, it } from "vitest";
import { twoProportionPower } from "../../src/experiments/power.ts";

describe("twoProportionPower", () => {
  it("is alpha when there is no effect, and grows with the effect and the sample", () => {
    expect(twoProportionPower({ rateA: 0.3, rateB: 0.3, nA: 500, nB: 500 })).toBeCloseTo(0.05, 12);
    const at = (rateB: number, n: number) => twoProportionPower({ rateA: 0.3, rateB, nA: n, nB: n });
    expect(at(0.27, 1000)).toBeLessThan(at(0.25, 1000));
    expect(at(0.27, 1000)).toBeLessThan(at(0.27, 4000));
  });

  it("takes unequal arms", () => {
    const even = twoProportionPower({ rateA: 0.3, rateB: 0.25, nA: 1000, nB: 1000 });
    const skewed = twoProportionPower({ rateA: 0.3, rateB: 0.25, nA: 1800, nB: 200 });
    expect(skewed).toBeLessThan(even);
  });

  it("refuses nonsense", () => {
    expect(() => twoProportionPower({ rateA: 1.2, rateB: 0.3, nA: 1, nB: 1 })).toThrow("invalid rateA: 1.2");
    expect(() => twoProportionPower({ rateA: 0.2, rateB: 0.3, nA: 0, nB: 1 })).toThrow("invalid nA: 0");
  });
});
