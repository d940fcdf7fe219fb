import { describe, expect, it } from "vitest";
import { twoProportionPower } from "../../src/experiments/power.ts";
import { requiredSampleSize } from "../../src/experiments/required-sample-size.ts";

describe("requiredSampleSize", () => {
  it("is the smallest even split that reaches the wanted power", () => {
    const size = requiredSampleSize({ baseline: 0.265, effect: -0.03 })!;
    expect(size.A).toBe(size.B);
    expect(size.power).toBeGreaterThanOrEqual(0.8);
    const smaller = twoProportionPower({ rateA: 0.265, rateB: 0.235, nA: size.A - 1, nB: size.B - 1 });
    expect(smaller).toBeLessThan(0.8);
    // 3500 per arm gives 0.826 (the scipy fixture), so a bit fewer suffice.
    expect(size.A).toBeLessThan(3500);
    expect(size.A).toBeGreaterThan(3000);
  });

  it("splits by the weights", () => {
    const size = requiredSampleSize({ baseline: 0.265, effect: -0.03, weights: { A: 3, B: 1 } })!;
    expect(size.A / size.total).toBeCloseTo(0.75, 3);
    const even = requiredSampleSize({ baseline: 0.265, effect: -0.03 })!;
    expect(size.total).toBeGreaterThan(even.total);
  });

  it("refuses an effect that leaves [0, 1]", () => {
    expect(() => requiredSampleSize({ baseline: 0.01, effect: -0.02 })).toThrow("invalid effect: -0.02");
    expect(() => requiredSampleSize({ baseline: 0.3, effect: 0 })).toThrow("invalid effect: 0");
  });
});
