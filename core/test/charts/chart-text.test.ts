// The words around the charts: number formats, text width estimates, wrapping, text tables.
import { describe, expect, it } from "vitest";
import { count, logit, percent, points, sigmoid } from "../../src/charts/chart-format.ts";
import { formatTable } from "../../src/charts/text-table.ts";
import { textWidth, truncateText, wrapText } from "../../src/charts/text-width.ts";

describe("chart-format", () => {
  it("formats percentages honestly at the ends", () => {
    expect([
      percent(0.273),
      percent(0),
      percent(1),
      percent(0.004),
      percent(0.996),
      percent(0.2734, 1),
    ]).toEqual(["27%", "0%", "100%", "<1%", ">99%", "27.3%"]);
    expect(percent(NaN)).toBe("–");
  });

  it("formats probability changes in points", () => {
    expect([points(0.121), points(-0.01), points(0.001), points(-0.024, 1)]).toEqual([
      "+12 pts",
      "−1 pt",
      "+<1 pt",
      "−2.4 pts",
    ]);
  });

  it("formats counts and converts log-odds", () => {
    expect(count(3512.4)).toBe("3,512");
    expect(sigmoid(0)).toBe(0.5);
    expect(logit(sigmoid(1.25))).toBeCloseTo(1.25, 12);
  });
});

describe("text-width", () => {
  it("measures with DejaVu Sans advance widths", () => {
    // "Hi": H 752 + i 278 thousandths of an em; at 10 px: 10.3 px. Bold is 10% wider.
    expect(textWidth("Hi", 10)).toBeCloseTo(10.3, 10);
    expect(textWidth("Hi", 10, true)).toBeCloseTo(11.33, 10);
    expect(textWidth("Hi\nHello", 10)).toBe(textWidth("Hello", 10));
  });

  it("wraps at word boundaries and truncates with an ellipsis", () => {
    const lines = wrapText("churn risk 27% for the average customer", 100, 10);
    expect(lines.join(" ")).toBe("churn risk 27% for the average customer");
    for (const line of lines) expect(textWidth(line, 10)).toBeLessThanOrEqual(100);
    expect(lines.length).toBeGreaterThan(1);
    const short = truncateText("Payment method = Bank transfer (automatic)", 120, 13);
    expect(short.endsWith("…")).toBe(true);
    expect(textWidth(short, 13)).toBeLessThanOrEqual(120);
    expect(truncateText("Contract", 120, 13)).toBe("Contract");
  });
});

describe("formatTable", () => {
  it("aligns columns, numbers to the right, under the title", () => {
    expect(
      formatTable("Churn risk by band", {
        columns: ["Band", "Customers"],
        align: ["left", "right"],
        rows: [
          ["High", "661"],
          ["Medium", "1,285"],
        ],
      }),
    ).toBe(
      [
        "Churn risk by band",
        "Band    Customers",
        "------  ---------",
        "High          661",
        "Medium      1,285",
      ].join("\n"),
    );
  });
});
