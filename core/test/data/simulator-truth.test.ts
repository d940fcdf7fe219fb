import { describe, expect, it } from "vitest";
import {
  TRUE_CHURN_COEFFICIENTS,
  trueChurnLogit,
  trueChurnProbability,
  trueVariantEffect,
  VARIANT_B_EFFECT,
} from "../../src/data/simulator-truth.ts";
import { simulateCustomers } from "../../src/data/simulator.ts";
import type { Customer } from "../../src/data/schema.ts";
import { customer } from "../fixtures/customer.ts";

const population = [...simulateCustomers({ rows: 20_000, seed: 31 })];

/** Rank AUC of scores against labels (ties count half). */
function auc(scores: number[], labels: boolean[]): number {
  const order = scores.map((_, i) => i).sort((a, b) => scores[a] - scores[b]);
  let rankSum = 0;
  let positives = 0;
  for (let k = 0; k < order.length; ) {
    let end = k;
    while (end + 1 < order.length && scores[order[end + 1]] === scores[order[k]]) end++;
    const midRank = (k + end) / 2 + 1;
    for (let j = k; j <= end; j++) {
      if (labels[order[j]]) {
        rankSum += midRank;
        positives++;
      }
    }
    k = end + 1;
  }
  const negatives = labels.length - positives;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

describe("VARIANT_B_EFFECT", () => {
  it("multiplies the churn odds of month-to-month customers in B by the stated odds ratio", () => {
    const a = customer({ Contract: "Month-to-month", variant: "A" });
    const b = { ...a, variant: "B" as const };
    expect(trueChurnLogit(b) - trueChurnLogit(a)).toBeCloseTo(Math.log(VARIANT_B_EFFECT.oddsRatio), 12);
    const odds = (p: number) => p / (1 - p);
    expect(odds(trueChurnProbability(b)) / odds(trueChurnProbability(a))).toBeCloseTo(0.75, 12);
  });

  it("leaves customers on one- and two-year contracts unaffected", () => {
    for (const Contract of ["One year", "Two year"] as const) {
      expect(trueChurnLogit(customer({ Contract, variant: "B" }))).toBe(trueChurnLogit(customer({ Contract, variant: "A" })));
    }
  });
});

describe("trueVariantEffect", () => {
  it("averages each customer's probability under both arms", () => {
    const few = population.slice(0, 50);
    const pA = few.map((c) => trueChurnProbability({ ...c, variant: "A" }));
    const pB = few.map((c) => trueChurnProbability({ ...c, variant: "B" }));
    const effect = trueVariantEffect(few);
    const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(effect.customers).toBe(50);
    expect(effect.churnIfAllA).toBeCloseTo(mean(pA), 12);
    expect(effect.churnIfAllB).toBeCloseTo(mean(pB), 12);
    expect(effect.difference).toBeCloseTo(mean(pB) - mean(pA), 12);
  });

  it("is a reduction of a few points overall, larger among month-to-month, zero on long contracts", () => {
    const overall = trueVariantEffect(population).difference;
    expect(overall).toBeLessThan(-0.015);
    expect(overall).toBeGreaterThan(-0.05);
    const monthly = trueVariantEffect(population.filter((c) => c.Contract === "Month-to-month")).difference;
    expect(monthly).toBeLessThan(overall);
    expect(trueVariantEffect(population.filter((c) => c.Contract === "Two year")).difference).toBe(0);
  });

  it("matches the observed B − A churn difference up to sampling noise", () => {
    const rate = (v: "A" | "B") => {
      const arm = population.filter((c) => c.variant === v);
      return arm.filter((c) => c.Churn === "Yes").length / arm.length;
    };
    // Standard error of a difference of two rates over 10k customers each is about 0.0062.
    expect(Math.abs(rate("B") - rate("A") - trueVariantEffect(population).difference)).toBeLessThan(0.025);
  });

  it("rejects an empty population", () => {
    expect(() => trueVariantEffect([])).toThrow("no customers");
  });
});

describe("trueChurnProbability", () => {
  it("rises with support calls and payment delay, and with low usage", () => {
    const base = customer({ supportCalls90d: 0, paymentDelayDays: 0, sessionsPerMonth: 30 });
    const p = trueChurnProbability(base);
    expect(trueChurnProbability({ ...base, supportCalls90d: 5 })).toBeGreaterThan(p);
    expect(trueChurnProbability({ ...base, paymentDelayDays: 20 })).toBeGreaterThan(p);
    expect(trueChurnProbability({ ...base, sessionsPerMonth: 1 })).toBeGreaterThan(p);
    expect(TRUE_CHURN_COEFFICIENTS.supportCall).toBeGreaterThan(0);
  });

  it("has the risk directions of the Telco data", () => {
    const c = customer({ Contract: "Month-to-month", InternetService: "DSL" });
    const p = trueChurnProbability(c);
    expect(trueChurnProbability({ ...c, Contract: "Two year" })).toBeLessThan(p);
    expect(trueChurnProbability({ ...c, InternetService: "Fiber optic" })).toBeGreaterThan(p);
    expect(trueChurnProbability({ ...c, SeniorCitizen: 1 })).toBeGreaterThan(p);
    expect(trueChurnProbability({ ...c, tenure: 60 })).toBeLessThan(p);
    expect(trueChurnProbability({ ...c, TechSupport: "Yes" })).toBeLessThan(p);
    expect(trueChurnProbability({ ...c, PaymentMethod: "Mailed check" })).toBeLessThan(p);
  });

  it("ignores Churn and the stored truth", () => {
    const c: Customer = customer({ Churn: "No" });
    expect(trueChurnProbability({ ...c, Churn: "Yes", true_churn_probability: 0.99 } as Customer)).toBe(
      trueChurnProbability(c),
    );
  });

  it("ranks churners well above chance: the Bayes-optimal AUC of the simulation", () => {
    const value = auc(
      population.map((c) => c.true_churn_probability as number),
      population.map((c) => c.Churn === "Yes"),
    );
    expect(value).toBeGreaterThan(0.84);
    expect(value).toBeLessThan(0.9);
  });
});
