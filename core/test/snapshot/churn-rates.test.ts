// The two churn rates a conversation answers with, each defined once: the historical share of
// labelled customers who churned, and the mean predicted probability of customers to act on
// (churned customers are history: never in the predicted one). Checked against plain loops.
import { table as columns } from "arquero";
import { describe, expect, it } from "vitest";
import { historicalChurnRate, predictedChurnRate } from "../../src/index.ts";

const statuses = ["churned", "retained", "current", "current", "churned", "retained", "retained", "current"];
const probabilities = [0.9, 0.2, 0.7, 0.1, 0.8, 0.3, 0.05, 0.45];
const table = columns({ status: statuses, probability: probabilities });

describe("historicalChurnRate", () => {
  it("is churned ÷ (churned + retained), current customers left out", () => {
    expect(historicalChurnRate(table)).toEqual({ churned: 2, labelled: 5, rate: 2 / 5 });
  });

  it("is null with no labelled customer, or no status column", () => {
    expect(historicalChurnRate(columns({ status: ["current"], probability: [0.5] }))).toEqual({
      churned: 0,
      labelled: 0,
      rate: null,
    });
    expect(historicalChurnRate(columns({ probability: [0.5] })).rate).toBeNull();
    expect(historicalChurnRate(table.filter(() => false)).rate).toBeNull();
  });
});

describe("predictedChurnRate", () => {
  it("is the mean probability of customers to act on (churned ones left out)", () => {
    const kept = probabilities.filter((_, i) => statuses[i] !== "churned");
    const { customers, rate } = predictedChurnRate(table);
    expect(customers).toBe(6);
    expect(rate).toBeCloseTo(kept.reduce((s, p) => s + p, 0) / kept.length, 12);
  });

  it("is null when every customer churned", () => {
    expect(predictedChurnRate(columns({ status: ["churned"], probability: [0.9] }))).toEqual({
      customers: 0,
      rate: null,
    });
  });
});
