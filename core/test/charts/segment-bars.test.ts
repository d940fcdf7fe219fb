import { describe, expect, it } from "vitest";
import { segmentBars } from "../../src/charts/segment-bars.ts";
import { CONTRACTS } from "./chart-fixtures.ts";

const wording = { name: "contract-segmentation", title: "Churn risk by contract", segmentHeader: "Contract" };

describe("segmentBars", () => {
  it("tells the riskiest segment and the total in the subtitle, and every number in the alt text", () => {
    const spec = segmentBars(CONTRACTS, wording);
    expect(spec.name).toBe("contract-segmentation");
    expect(spec.alt).toBe(
      "Bar chart, churn risk by contract: Month-to-month: 550 customers (55%), average churn risk 42%, 140 at high risk; " +
        "One year: 210 customers (21%), average churn risk 12%, 0 at high risk; " +
        "Two year: 240 customers (24%), average churn risk 4%, 0 at high risk.",
    );
  });

  it("gives a text table with counts, shares and risks", () => {
    expect(segmentBars(CONTRACTS, wording).table).toEqual({
      columns: ["Contract", "Customers", "Share", "Avg churn risk", "High risk"],
      align: ["left", "right", "right", "right", "right"],
      rows: [
        ["Month-to-month", "550", "55%", "42%", "140"],
        ["One year", "210", "21%", "12%", "0"],
        ["Two year", "240", "24%", "4%", "0"],
      ],
    });
  });

  it("draws empty segments as such rather than failing", () => {
    const spec = segmentBars([{ segment: "Free", customers: 0, meanProbability: NaN, highRisk: 0 }], wording);
    expect(spec.table.rows).toEqual([["Free", "0", "–", "–", "0"]]);
    expect(spec.alt).toBe("Churn risk by contract: no customers.");
  });

  it("rejects impossible counts", () => {
    expect(() =>
      segmentBars([{ segment: "Free", customers: 3, meanProbability: 0.2, highRisk: 4 }], wording),
    ).toThrow('invalid segment counts: "Free" (3 customers, 4 high risk)');
  });
});
