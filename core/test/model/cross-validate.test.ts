import { describe, expect, it } from "vitest";
import { applyCalibration } from "../../src/model/calibration/apply-calibration.ts";
import { crossValidate } from "../../src/model/cross-validate.ts";
import { trainChurnModel } from "../../src/model/train-churn-model.ts";
import { syntheticChurn } from "./synthetic-data.ts";
import { loadTelcoMatrix, telcoSkipReason } from "./telco-matrix.ts";

describe("trainChurnModel", () => {
  const d = syntheticChurn(4000, 31);

  it("returns trees, a calibration map, an offer threshold and held-out metrics", () => {
    const fit = trainChurnModel(d.matrix, d.labels, { seed: 1, params: { n_rounds: 200 } });
    expect(fit.ensemble.trees.length).toBeGreaterThan(0);
    expect(fit.ensemble.featureNames).toEqual(d.matrix.featureNames);
    expect(fit.calibration.method).toBe("platt");
    expect(fit.decision.threshold).toBeGreaterThan(0);
    expect(fit.decision.threshold).toBeLessThan(0.5); // an offer pays well below even odds
    expect(fit.holdoutMetrics.auc).toBeGreaterThan(0.75);
    expect(fit.riskBands).toEqual({ medium: 0.3, high: 0.6 });
    const p = applyCalibration(fit.calibration, 0.5);
    expect(p).toBeGreaterThan(0);
    expect(p).toBeLessThan(1);
  });

  it("averages k cross-fitted boosters by default, or refits one, or uses one holdout split", () => {
    const params = { n_rounds: 60, early_stopping_rounds: 10 };
    const bag = trainChurnModel(d.matrix, d.labels, { seed: 3, params });
    expect(bag.strategy).toBe("bag");
    expect(bag.bestIterations).toHaveLength(5);
    expect(bag.ensemble.trees.length).toBe(bag.bestIterations.reduce((s, b) => s + b + 1, 0));
    expect(bag.holdoutRows).toBe(4000); // every row is out-of-fold once
    const refit = trainChurnModel(d.matrix, d.labels, { seed: 3, params, strategy: "refit" });
    const rounds = Math.round((refit.bestIterations.reduce((s, b) => s + b + 1, 0) / 5) * (5 / 4));
    expect(refit.ensemble.trees.length).toBe(rounds);
    const holdout = trainChurnModel(d.matrix, d.labels, { seed: 3, params, strategy: "holdout" });
    expect(holdout.bestIterations).toHaveLength(1);
    expect(holdout.holdoutRows).toBe(800);
    expect(holdout.trainRows).toBe(3200);
  });

  it("is reproducible by seed", () => {
    const a = trainChurnModel(d.matrix, d.labels, { seed: 2, params: { n_rounds: 50 } });
    const b = trainChurnModel(d.matrix, d.labels, { seed: 2, params: { n_rounds: 50 } });
    expect(b.calibration).toEqual(a.calibration);
    expect(b.decision).toEqual(a.decision);
    expect(b.ensemble.trees.map((t) => Array.from(t.value))).toEqual(
      a.ensemble.trees.map((t) => Array.from(t.value)),
    );
  });

  it("honours the costs and calibration method", () => {
    const cheap = trainChurnModel(d.matrix, d.labels, {
      seed: 1,
      params: { n_rounds: 50 },
      costs: { offerCost: 5 },
    });
    const dear = trainChurnModel(d.matrix, d.labels, {
      seed: 1,
      params: { n_rounds: 50 },
      costs: { offerCost: 60 },
    });
    expect(cheap.decision.threshold).toBeLessThan(dear.decision.threshold);
    const iso = trainChurnModel(d.matrix, d.labels, {
      seed: 1,
      params: { n_rounds: 50 },
      calibration: "isotonic",
    });
    expect(iso.calibration.method).toBe("isotonic");
  });
});

const skip = telcoSkipReason();

describe.skipIf(skip !== undefined)(
  `crossValidate on the real Telco data${skip ? ` (skipped: ${skip})` : ""}`,
  () => {
    it("reaches AUC ≥ 0.84 with the default recipe, calibrated", () => {
      const { matrix, labels } = loadTelcoMatrix();
      const cv = crossValidate(matrix, labels, { folds: 5, seed: 0 });
      expect(cv.folds).toHaveLength(5);
      expect(cv.folds.reduce((s, f) => s + f.rows, 0)).toBe(7043);
      expect(cv.auc_mean).toBeGreaterThanOrEqual(0.84);
      expect(cv.ece_pooled).toBeLessThan(0.03);
      expect(cv.logloss_mean).toBeLessThan(0.43);
      expect(cv.auc_sd).toBeGreaterThan(0);
    }, 180_000);
  },
);
