import { describe, expect, it } from "vitest";
import { sampleSummary } from "../../src/experiments/sample-summary.ts";
import { welchTTest } from "../../src/experiments/welch-t-test.ts";

describe("welchTTest", () => {
  it("works a small case by hand", () => {
    // a: mean 2, var 1 (n 3); b: mean 5, var 4 (n 4): se² = 1/3 + 1 = 4/3, t = 3 / 1.154701 = 2.598076;
    // df = (4/3)² / ((1/3)²/2 + 1²/3) = 1.777778 / 0.388889 = 4.571429.
    const r = welchTTest(sampleSummary([1, 2, 3]), { n: 4, mean: 5, variance: 4 });
    expect(r.difference).toBe(3);
    expect(r.t).toBeCloseTo(2.598076, 6);
    expect(r.df).toBeCloseTo(4.571429, 6);
    expect(r.pValue).toBeGreaterThan(0.02);
    expect(r.pValue).toBeLessThan(0.1);
    // The interval excludes 0 exactly when p < 0.05.
    expect(r.interval[0] > 0).toBe(r.pValue < 0.05);
  });

  it("is antisymmetric in its samples", () => {
    const a = sampleSummary([3, 9, 4, 7, 1]);
    const b = sampleSummary([8, 6, 9, 12, 5, 7]);
    const ab = welchTTest(a, b);
    const ba = welchTTest(b, a);
    expect(ba.t).toBeCloseTo(-ab.t, 12);
    expect(ba.pValue).toBeCloseTo(ab.pValue, 12);
    expect(ba.interval[0]).toBeCloseTo(-ab.interval[1], 12);
  });

  it("refuses samples it cannot test", () => {
    expect(() => welchTTest(sampleSummary([1]), sampleSummary([1, 2]))).toThrow(
      "too few values in sample a: 1",
    );
    expect(() => welchTTest(sampleSummary([2, 2]), sampleSummary([3, 3]))).toThrow(
      "no variation in either sample",
    );
  });
});
