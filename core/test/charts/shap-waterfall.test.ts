import { describe, expect, it } from "vitest";
import { createSvgRenderer } from "../../src/charts/render-svg.ts";
import { shapWaterfall, waterfallInput } from "../../src/charts/shap-waterfall.ts";
import type { Explanation } from "../../src/score/explain-customer.ts";
import { WATERFALL } from "./chart-fixtures.ts";
import { expectGoldenSvg } from "./golden.ts";

const sigmoid = (m: number) => 1 / (1 + Math.exp(-m));

describe("shapWaterfall", () => {
  it("matches its golden SVG", async () => {
    await expectGoldenSvg("shap-waterfall", createSvgRenderer().render(shapWaterfall(WATERFALL)));
  });

  it("goes from the average customer through the six largest drivers and the rest to this customer", () => {
    const { table } = shapWaterfall(WATERFALL);
    expect(table.rows.map((r) => r[0])).toEqual([
      "Average customer",
      "Contract = Month-to-month",
      "Tenure (months) = 2",
      "Payment delay (days) = 21",
      "Online security = Yes",
      "Support calls (90 days) = 6",
      "Engagement score = 71.5",
      "Other features (3)",
      "This customer",
    ]);
    // sigmoid(−1) = 26.9%; margin −1 + 1.36 = 0.36 → 58.9% raw; the end shows the calibrated 57%.
    expect(table.rows[0][3]).toBe("27%");
    expect(table.rows.at(-1)![3]).toBe("57%");
    // The remainder: 0.12 + 0.05 − 0.01 = 0.16 log-odds.
    expect(table.rows[7][2]).toBe("+0.16");
    expect(table.rows[4][2]).toBe("−0.30");
  });

  it("labels each step by the probability points it adds, and they add up to the whole move", () => {
    const spec = shapWaterfall(WATERFALL, { top: 3 });
    // Steps in order: +0.62 from −1 → −0.38: sigmoid(−0.38) − sigmoid(−1) = 0.4061 − 0.2689 = +14 pts;
    // +0.48 → 0.10: 0.5250 − 0.4061 = +12 pts; +0.35 → 0.45: 0.6106 − 0.5250 = +9 pts.
    expect(spec.table.rows[1][1]).toBe("+14 pts");
    const deltas = [0.62, 0.48, 0.35].reduce<number[]>((acc, v, i) => {
      const from = -1 + [0.62, 0.48, 0.35].slice(0, i).reduce((s, x) => s + x, 0);
      return [...acc, sigmoid(from + v) - sigmoid(from)];
    }, []);
    expect(spec.table.rows.slice(1, 4).map((r) => r[1])).toEqual(
      deltas.map((d) => `+${Math.round(d * 100)} pts`),
    );
    expect(spec.table.rows[4][0]).toBe("Other features (6)");
    expect(spec.alt).toBe(
      "Waterfall chart for customer 7590-VHVEG: from the average customer's 27% churn risk, " +
        "Contract = Month-to-month +14 pts, Tenure (months) = 2 +12 pts, Payment delay (days) = 21 +9 pts, " +
        "Other features (6) −2 pts, to 57% (calibrated; the model's raw score reads 59%).",
    );
  });

  it("ends at the calibrated probability the card shows; the axis says the bars are uncalibrated log-odds", () => {
    const spec = shapWaterfall({ ...WATERFALL, probability: 0.4321 });
    expect(spec.table.rows.at(-1)).toEqual(["This customer", "", "0.36", "43%"]);
    expect(spec.alt).toMatch(/to 43% \(calibrated; the model's raw score reads 59%\)\.$/);
    const svg = createSvgRenderer().render(spec);
    expect(svg).toContain("43%");
    expect(svg).toContain("Model score (log-odds), marked in uncalibrated probability");
    // Without a calibrated probability the raw score is the one number.
    const raw = shapWaterfall({ ...WATERFALL, probability: undefined });
    expect(raw.table.rows.at(-1)![3]).toBe("59%");
    expect(raw.alt).toMatch(/to 59%\.$/);
  });

  it("keeps local accuracy: drivers that do not reach the margin leave the gap in 'Other features'", () => {
    const spec = shapWaterfall({
      baseValue: 0,
      margin: 1,
      drivers: [{ label: "Contract = Month-to-month", value: 0.75 }],
    });
    expect(spec.table.rows.map((r) => [r[0], r[2]])).toEqual([
      ["Average customer", "0.00"],
      ["Contract = Month-to-month", "+0.75"],
      ["Other features", "+0.25"],
      ["This customer", "1.00"],
    ]);
  });

  it("draws no 'Other features' bar when the drivers shown are all there is", () => {
    const spec = shapWaterfall({
      baseValue: 0,
      margin: -0.5,
      drivers: [{ label: "Tenure (months) = 60", value: -0.5 }],
    });
    expect(spec.table.rows.map((r) => r[0])).toEqual([
      "Average customer",
      "Tenure (months) = 60",
      "This customer",
    ]);
    expect(spec.alt).not.toContain("Calibrated");
  });

  it("rejects values it cannot draw", () => {
    expect(() => shapWaterfall({ ...WATERFALL, margin: NaN })).toThrow("invalid margin: NaN");
    expect(() => shapWaterfall({ ...WATERFALL, drivers: [{ label: "x", value: Infinity }] })).toThrow(
      'invalid contribution: "x" = Infinity',
    );
    expect(() => shapWaterfall(WATERFALL, { top: 0 })).toThrow("invalid top: 0");
  });

  it("reads an explanation: every grouped source, the calibrated probability", () => {
    const explanation = {
      customerID: "C1",
      probability: 0.4,
      band: "Medium",
      baseValue: -1,
      margin: -0.5,
      contributions: {},
      grouped: [
        { source: "Contract", label: "Contract = One year", value: 0.75 },
        { source: "tenure", label: "Tenure (months) = 12", value: -0.25 },
      ],
      drivers: [],
      sentence: "",
      whatIf: [],
    } satisfies Explanation;
    expect(waterfallInput(explanation)).toEqual({
      customerID: "C1",
      baseValue: -1,
      margin: -0.5,
      drivers: [
        { label: "Contract = One year", value: 0.75 },
        { label: "Tenure (months) = 12", value: -0.25 },
      ],
      probability: 0.4,
    });
  });
});
