import { describe, expect, it } from "vitest";
import { applyCalibration, applyCalibrationAll } from "../../src/model/calibration/apply-calibration.ts";
import { fitIsotonic } from "../../src/model/calibration/isotonic.ts";
import { fitPlatt } from "../../src/model/calibration/platt.ts";
import { expectedCalibrationError } from "../../src/model/metrics/ece.ts";
import { logLoss } from "../../src/model/metrics/log-loss.ts";
import { marginsToProbabilities } from "../../src/model/margin-to-probability.ts";
import { predictMargin } from "../../src/model/predict.ts";
import { seededRandom } from "../../src/model/seeded-random.ts";
import { rowsWhere, stratifiedFolds } from "../../src/model/stratified-folds.ts";
import { takeLabels, takeRows } from "../../src/model/take-rows.ts";
import { trainBooster } from "../../src/model/train.ts";
import { syntheticChurn } from "./synthetic-data.ts";

describe("fitIsotonic (pool adjacent violators)", () => {
  it("pools violating neighbours into their weighted mean", () => {
    // Labels by increasing p: 0, 1, 0, 1 → blocks {0}, {1, 0} (mean ½), {1}.
    const map = fitIsotonic([0.1, 0.2, 0.3, 0.4], [0, 1, 0, 1]);
    expect(map).toEqual({ method: "isotonic", x: [0.1, 0.2, 0.3, 0.4], y: [0.001, 0.5, 0.5, 0.999] });
    // 1, 1, 0, 0 pools into one block of mean ½, kept at its first and last x.
    expect(fitIsotonic([0.1, 0.2, 0.3, 0.4], [1, 1, 0, 0])).toEqual({
      method: "isotonic",
      x: [0.1, 0.4],
      y: [0.5, 0.5],
    });
  });

  it("merges equal probabilities before pooling and interpolates between blocks", () => {
    // p = 0.2 twice (labels 0, 1 → ½), then 0.6 with label 1.
    const map = fitIsotonic([0.6, 0.2, 0.2], [1, 0, 1]);
    expect(map.x).toEqual([0.2, 0.6]);
    expect(map.y).toEqual([0.5, 0.999]);
    expect(applyCalibration(map, 0.4)).toBeCloseTo((0.5 + 0.999) / 2, 12);
    expect(applyCalibration(map, 0.05)).toBe(0.5);
    expect(applyCalibration(map, 0.9)).toBe(0.999);
  });

  it("is non-decreasing", () => {
    const rng = seededRandom(4);
    const p = Array.from({ length: 500 }, () => rng());
    const y = p.map((q) => (rng() < q * q ? 1 : 0));
    const map = fitIsotonic(p, y);
    for (let i = 1; i < map.y.length; i++) expect(map.y[i]).toBeGreaterThanOrEqual(map.y[i - 1]);
    for (let i = 1; i < map.x.length; i++) expect(map.x[i]).toBeGreaterThan(map.x[i - 1]);
  });
});

describe("fitPlatt", () => {
  it("recovers the slope and intercept of a logistic miscalibration", () => {
    // True probability σ(2·logit(q) − 0.5) for a reported q.
    const rng = seededRandom(9);
    const n = 40000;
    const q = new Float64Array(n);
    const y = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      q[i] = 0.02 + 0.96 * rng();
      const z = 2 * Math.log(q[i] / (1 - q[i])) - 0.5;
      y[i] = rng() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
    }
    const map = fitPlatt(q, y);
    expect(map.a).toBeCloseTo(2, 1);
    expect(map.b).toBeCloseTo(-0.5, 1);
  });

  it("is the identity when probabilities are already calibrated (up to Platt's target smoothing)", () => {
    const rng = seededRandom(10);
    const q = Array.from({ length: 20000 }, () => 0.05 + 0.9 * rng());
    const y = q.map((p) => (rng() < p ? 1 : 0));
    const map = fitPlatt(q, y);
    expect(Math.abs(map.a - 1)).toBeLessThan(0.06);
    expect(Math.abs(map.b)).toBeLessThan(0.06);
    expect(applyCalibration({ method: "platt", a: 1, b: 0 }, 0.3)).toBeCloseTo(0.3, 12);
  });
});

describe("calibration on held-out data", () => {
  it("lowers ECE and log loss of an overconfident booster on a third split", () => {
    const d = syntheticChurn(9000, 21);
    const fold = stratifiedFolds(d.labels, 3, 1);
    const part = (f: number) => {
      const rows = rowsWhere(fold, f);
      return { matrix: takeRows(d.matrix, rows), labels: takeLabels(d.labels, rows) };
    };
    const [train, calib, test] = [part(0), part(1), part(2)];
    // Deep trees, big steps, no early stopping: overconfident on purpose.
    const { ensemble } = trainBooster(train.matrix, train.labels, {
      n_rounds: 150,
      max_depth: 6,
      eta: 0.3,
      min_child_weight: 0,
      lambda: 0,
      early_stopping_rounds: 0,
    });
    const raw = (m: typeof test) => marginsToProbabilities(predictMargin(ensemble, m.matrix));
    const rawTest = raw(test);
    const before = { ece: expectedCalibrationError(test.labels, rawTest), ll: logLoss(test.labels, rawTest) };
    for (const map of [fitIsotonic(raw(calib), calib.labels), fitPlatt(raw(calib), calib.labels)]) {
      const cal = applyCalibrationAll(map, rawTest);
      const ece = expectedCalibrationError(test.labels, cal);
      expect(ece, map.method).toBeLessThan(before.ece * 0.6);
      expect(logLoss(test.labels, cal), map.method).toBeLessThan(before.ll);
    }
  });
});
