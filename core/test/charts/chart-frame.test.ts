import { describe, expect, it } from "vitest";
import { chartFrame } from "../../src/charts/chart-frame.ts";

describe("chartFrame", () => {
  it("makes room for a wrapped title, subtitle and legend above the plot", () => {
    const bare = chartFrame({ title: "Churn" }).plot([]);
    const full = chartFrame({
      title: "Churn",
      subtitle:
        "A subtitle long enough to wrap onto a second line at this width, which is narrow on purpose.",
      legend: [{ label: "High churn risk", color: "#d64550" }],
      width: 400,
    }).plot([]);
    expect(bare.marginTop).toBeLessThan(full.marginTop!);
    // Title, two subtitle lines, a legend swatch and its label.
    expect(full.marks).toHaveLength(5);
    expect([full.width, full.height]).toEqual([400, 450]);
  });

  it("refuses sizes its labels cannot fit", () => {
    expect(() => chartFrame({ title: "Churn", width: 100 })).toThrow("chart too small: 100×450");
    expect(() => chartFrame({ title: "Churn", width: 300, marginLeft: 200, marginRight: 60 })).toThrow(
      "chart too small for its labels: 300×450",
    );
  });
});
