import * as aq from "arquero";
import { describe, expect, it } from "vitest";
import { dependence } from "../../src/explain/dependence.ts";

const table = aq.table({
  tenure: [1, 2, 3, 4, 5, 6],
  shap_tenure: [0.6, 0.5, 0.3, 0.1, -0.2, -0.4],
  Contract: ["Month-to-month", "One year", "Month-to-month", "Two year", "Month-to-month", "Two year"],
  shap_Contract: [0.5, -0.3, 0.7, -1, 0.6, -1.2],
});

describe("dependence", () => {
  it("samples numeric columns evenly and deterministically", () => {
    const d = dependence(table, "tenure", { maxPoints: 3 });
    expect(d).toEqual({
      source: "tenure",
      kind: "numeric",
      points: [
        { value: 1, shap: 0.6 },
        { value: 3, shap: 0.3 },
        { value: 5, shap: -0.2 },
      ],
    });
  });

  it("summarises categories with Arquero", () => {
    const d = dependence(table, "Contract");
    expect(d.kind).toBe("category");
    if (d.kind !== "category") return;
    expect(d.categories).toEqual([
      { value: "Month-to-month", customers: 3, meanShap: expect.closeTo(0.6, 9), minShap: 0.5, maxShap: 0.7 },
      { value: "One year", customers: 1, meanShap: -0.3, minShap: -0.3, maxShap: -0.3 },
      { value: "Two year", customers: 2, meanShap: expect.closeTo(-1.1, 9), minShap: -1.2, maxShap: -1 },
    ]);
  });

  it("names a column without SHAP values", () => {
    expect(() => dependence(table, "persona")).toThrow('no SHAP values for column "persona"');
  });
});
