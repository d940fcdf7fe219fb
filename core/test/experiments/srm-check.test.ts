import { describe, expect, it } from "vitest";
import { srmCheck, SRM_THRESHOLD } from "../../src/experiments/srm-check.ts";

describe("srmCheck", () => {
  it("tests against the configured weights, not an even split", () => {
    // 90/10 of 1000: expected 900 and 100; observed 880/120 → 400/900 + 400/100 = 4.444…
    const r = srmCheck({ A: 880, B: 120 }, { A: 9, B: 1 });
    expect(r.expected).toEqual({ A: 900, B: 100 });
    expect(r.chiSquare).toBeCloseTo(40 / 9, 12);
    expect(r.df).toBe(1);
    // For one degree of freedom the upper tail is erfc(sqrt(x / 2)) = 2·(1 − Φ(sqrt(x))) = 0.035015…
    expect(r.pValue).toBeCloseTo(0.0350151, 6);
    expect(r.mismatch).toBe(false);
  });

  it("flags a split this unlikely as a mismatch", () => {
    const r = srmCheck({ A: 5200, B: 4800 }, { A: 0.5, B: 0.5 });
    expect(r.chiSquare).toBe(16);
    expect(r.pValue).toBeLessThan(SRM_THRESHOLD);
    expect(r.mismatch).toBe(true);
    expect(srmCheck({ A: 5100, B: 4900 }, { A: 0.5, B: 0.5 }).mismatch).toBe(false);
  });

  it("counts an arm nobody is in as observed zero", () => {
    const r = srmCheck({ A: 10 }, { A: 1, B: 1 });
    expect(r.observed).toEqual({ A: 10, B: 0 });
    expect(r.chiSquare).toBe(10);
  });

  it("refuses what it cannot check", () => {
    expect(() => srmCheck({ A: 1, C: 2 }, { A: 1, B: 1 })).toThrow('arm without a weight: "C"');
    expect(() => srmCheck({ A: 0, B: 0 }, { A: 1, B: 1 })).toThrow("no customers");
    expect(() => srmCheck({ A: 1, B: 1 }, { A: 1, B: 0 })).toThrow("invalid weight of arm B: 0");
  });
});
