import { table } from "arquero";
import { describe, expect, it } from "vitest";
import {
  calibrationBins,
  calibrationCurve,
  calibrationFromTable,
} from "../../src/charts/calibration-curve.ts";
import { createSvgRenderer } from "../../src/charts/render-svg.ts";
import { expectedCalibrationError } from "../../src/model/metrics/ece.ts";
import { CALIBRATION } from "./chart-fixtures.ts";
import { expectGoldenSvg } from "./golden.ts";

describe("calibrationCurve", () => {
  it("matches its golden SVG", async () => {
    await expectGoldenSvg("calibration-curve", createSvgRenderer().render(calibrationCurve(CALIBRATION)));
  });

  it("reports the expected calibration error the model area computes", () => {
    // Deterministic data: 200 customers, p = (i + 0.5) / 200, churned when i % 3 == 0 or p > 0.7.
    const p = Array.from({ length: 200 }, (_, i) => (i + 0.5) / 200);
    const y = p.map((v, i) => (i % 3 === 0 || v > 0.7 ? 1 : 0));
    const bins = calibrationBins(p, y);
    const ece = expectedCalibrationError(y, p);
    expect(calibrationCurve(bins).alt).toContain(`expected calibration error ${(ece * 100).toFixed(1)}%`);
  });

  it("tables every bin with its interval", () => {
    expect(calibrationCurve(CALIBRATION).table.rows[0]).toEqual([
      "0%–10%",
      "1,840",
      "4.0%",
      "2.0%",
      "1.5%–2.9%",
    ]);
  });
});

describe("calibrationBins", () => {
  it("averages predictions and outcomes per equal-width bin, skipping empty bins; p = 1 in the last", () => {
    const bins = calibrationBins([0.1, 0.2, 0.8, 1], [0, 1, 1, 1], 2);
    expect(
      bins.map(({ from, to, n, predicted, observed }) => ({ from, to, n, predicted, observed })),
    ).toEqual([
      { from: 0, to: 0.5, n: 2, predicted: 0.15000000000000002, observed: 0.5 },
      { from: 0.5, to: 1, n: 2, predicted: 0.9, observed: 1 },
    ]);
    expect(calibrationBins([0.9], [1], 4).map((b) => b.from)).toEqual([0.75]);
  });

  it("rejects bad probabilities and labels", () => {
    expect(() => calibrationBins([1.2], [1])).toThrow("invalid probability: 1.2 (row 0)");
    expect(() => calibrationBins([0.2], [2])).toThrow("invalid label: 2 (row 0)");
    expect(() => calibrationBins([0.2], [])).toThrow("probabilities length 1, labels length 0");
  });

  it("reads a snapshot table's status, leaving out current customers (no outcome yet)", () => {
    const t = table({ probability: [0.1, 0.2, 0.9], status: ["retained", "current", "churned"] });
    expect(calibrationFromTable(t, 2).map((b) => [b.n, b.observed])).toEqual([
      [1, 0],
      [1, 1],
    ]);
  });

  it("needs no Churn column: any data set's label is its status", () => {
    // The accounts table's label is `churn` (yes/no); the snapshot's status carries it.
    const t = table({
      account_id: ["a", "b", "c", "d"],
      churn: ["yes", "no", "no", null],
      probability: [0.7, 0.3, 0.2, 0.9],
      status: ["churned", "retained", "retained", "current"],
    });
    expect(calibrationFromTable(t, 2).map((b) => [b.from, b.n, b.predicted, b.observed])).toEqual([
      [0, 2, 0.25, 0],
      [0.5, 1, 0.7, 1],
    ]);
    expect(() => calibrationFromTable(table({ probability: [0.5], Churn: ["Yes"] }))).toThrow(
      "missing column: status",
    );
  });
});
