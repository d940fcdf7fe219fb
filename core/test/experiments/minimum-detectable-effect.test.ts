import { describe, expect, it } from "vitest";
import { minimumDetectableEffect } from "../../src/experiments/minimum-detectable-effect.ts";
import { twoProportionPower } from "../../src/experiments/power.ts";

describe("minimumDetectableEffect", () => {
  it("is the fall at which the power reaches the target", () => {
    const mde = minimumDetectableEffect({ baseline: 0.265, nA: 3500, nB: 3500 })!;
    expect(twoProportionPower({ rateA: 0.265, rateB: 0.265 - mde, nA: 3500, nB: 3500 })).toBeCloseTo(0.8, 9);
    // The fixture's 3-point fall has power 0.826 at this size, so the MDE is a little under 3 points.
    expect(mde).toBeGreaterThan(0.028);
    expect(mde).toBeLessThan(0.03);
  });

  it("shrinks with the sample and grows with the wanted power", () => {
    const base = { baseline: 0.265, nA: 3500, nB: 3500 };
    const mde = minimumDetectableEffect(base)!;
    expect(minimumDetectableEffect({ ...base, nA: 14_000, nB: 14_000 })!).toBeLessThan(mde);
    expect(minimumDetectableEffect({ ...base, power: 0.9 })!).toBeGreaterThan(mde);
  });

  it("is null when even a fall to zero would be missed too often", () => {
    expect(minimumDetectableEffect({ baseline: 0.02, nA: 20, nB: 20 })).toBeNull();
  });
});
