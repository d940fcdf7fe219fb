import { describe, expect, it } from "vitest";
import { chooseDecisionThreshold } from "../../src/model/decision-threshold.ts";
import { DEFAULT_RISK_BANDS, riskBand } from "../../src/model/risk-bands.ts";
import { seededRandom } from "../../src/model/seeded-random.ts";

describe("chooseDecisionThreshold", () => {
  it("maximises realised profit over the candidate thresholds", () => {
    // Offer cost 20, value 500, save rate 0.3: a saved churner nets 150 − 20 = 130, a non-churner costs 20.
    // Sorted by p: 0.9 (churn), 0.5 (no), 0.3 (churn), 0.2 (no), 0.1 (no).
    // Prefix profits: 130, 110, 240, 220, 200 → best: offer to the top three (p ≥ 0.3).
    const r = chooseDecisionThreshold([0, 1, 0, 1, 0], [0.1, 0.9, 0.2, 0.3, 0.5]);
    expect(r.threshold).toBeCloseTo(0.25, 12); // midway between 0.3 (offered) and 0.2 (not)
    expect(r.profitPerCustomer).toBeCloseTo(240 / 5, 12);
    expect(r.offerRate).toBeCloseTo(3 / 5, 12);
    expect(r.breakEven).toBeCloseTo(20 / 150, 12);
  });

  it("makes no offers when none pays", () => {
    const r = chooseDecisionThreshold([0, 0, 1], [0.9, 0.8, 0.1], {
      offerCost: 100,
      customerValue: 200,
      saveRate: 0.5,
    });
    expect(r.threshold).toBe(1);
    expect(r.offerRate).toBe(0);
    expect(r.profitPerCustomer).toBe(0);
  });

  it("lands near the break-even probability when probabilities are calibrated", () => {
    const rng = seededRandom(3);
    const p = Array.from({ length: 50000 }, () => rng());
    const y = p.map((q) => (rng() < q ? 1 : 0));
    const r = chooseDecisionThreshold(y, p, { offerCost: 20, customerValue: 500, saveRate: 0.3 });
    expect(Math.abs(r.threshold - r.breakEven)).toBeLessThan(0.03);
    // Cheaper offers → lower threshold.
    expect(chooseDecisionThreshold(y, p, { offerCost: 5 }).threshold).toBeLessThan(r.threshold);
  });

  it("rejects nonsense costs", () => {
    expect(() => chooseDecisionThreshold([1], [0.5], { saveRate: 1.5 })).toThrow("invalid saveRate: 1.5");
    expect(() => chooseDecisionThreshold([1], [0.5], { offerCost: -1 })).toThrow("invalid offerCost: -1");
  });
});

describe("riskBand", () => {
  it("uses Low < 0.3 ≤ Medium < 0.6 ≤ High by default", () => {
    expect(DEFAULT_RISK_BANDS).toEqual({ medium: 0.3, high: 0.6 });
    expect([0, 0.29, 0.3, 0.59, 0.6, 1].map((p) => riskBand(p))).toEqual([
      "Low",
      "Low",
      "Medium",
      "Medium",
      "High",
      "High",
    ]);
    expect(riskBand(0.25, { medium: 0.2, high: 0.5 })).toBe("Medium");
  });

  it("rejects a probability outside [0, 1] and inverted bands", () => {
    expect(() => riskBand(1.2)).toThrow("invalid probability: 1.2");
    expect(() => riskBand(0.5, { medium: 0.7, high: 0.6 })).toThrow("invalid risk bands");
  });
});
