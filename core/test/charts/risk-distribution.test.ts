import { table } from "arquero";
import { describe, expect, it } from "vitest";
import { createSvgRenderer } from "../../src/charts/render-svg.ts";
import { riskBins, riskDistribution } from "../../src/charts/risk-distribution.ts";
import { RISK_BINS } from "./chart-fixtures.ts";
import { expectGoldenSvg } from "./golden.ts";

describe("riskDistribution", () => {
  it("matches its golden SVG", async () => {
    await expectGoldenSvg("risk-distribution", createSvgRenderer().render(riskDistribution(RISK_BINS)));
  });

  it("totals each band for the legend, alt text and table", () => {
    // Fixture: Low = 150+130+110+90+75+60 = 615, Medium = 55+50+45+40+35+30 = 255, High = 130.
    const spec = riskDistribution(RISK_BINS);
    expect(spec.table.rows).toEqual([
      ["High", "130", "13%"],
      ["Medium", "255", "26%"],
      ["Low", "615", "62%"],
    ]);
    expect(spec.alt).toBe(
      "Histogram of churn probability for 1,000 customers: 130 high risk (13%), 255 medium risk (26%), 615 low risk (62%).",
    );
  });

  it("rejects bins outside [0, 1]", () => {
    expect(() => riskDistribution([{ from: 0.9, to: 1.1, band: "High", customers: 1 }])).toThrow(
      "invalid risk bin: [0.9, 1.1) High 1",
    );
  });
});

describe("riskBins", () => {
  it("counts customers per 5-point bin and band; p = 1 falls in the last bin", () => {
    const t = table({
      probability: [0, 0.049, 0.05, 0.29, 0.31, 0.31, 1],
      band: ["Low", "Low", "Low", "Low", "Medium", "Low", "High"],
    });
    expect(riskBins(t)).toEqual([
      { from: 0, to: 0.05, band: "Low", customers: 2 },
      { from: 0.05, to: 0.1, band: "Low", customers: 1 },
      { from: 0.25, to: 0.3, band: "Low", customers: 1 },
      { from: 0.3, to: 0.35, band: "Low", customers: 1 },
      { from: 0.3, to: 0.35, band: "Medium", customers: 1 },
      { from: 0.95, to: 1, band: "High", customers: 1 },
    ]);
  });

  it("takes other bin widths that divide 1, and no others", () => {
    expect(riskBins(table({ probability: [0.6], band: ["High"] }), 0.5)).toEqual([
      { from: 0.5, to: 1, band: "High", customers: 1 },
    ]);
    expect(() => riskBins(table({ probability: [0.6], band: ["High"] }), 0.3)).toThrow(
      "invalid bin width: 0.3",
    );
  });
});
