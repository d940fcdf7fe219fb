// Our trainer against XGBoost 1.7.4 itself, on the real Telco data (fixtures/xgboost-parity, made by
// make-fixture.py there). With max_bin above every feature's distinct-value count both use every
// distinct value as a cut, so the trees must match: same splits, thresholds and default
// directions, leaf values and covers equal to float32 rounding.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { predictMargin } from "../../src/model/predict.ts";
import { trainBooster } from "../../src/model/train.ts";
import { importXgboostModel } from "../../src/model/xgboost-import.ts";
import { loadTelcoMatrix, telcoSkipReason } from "./telco-matrix.ts";

interface ParityCase {
  params: {
    max_depth: number;
    eta: number;
    min_child_weight: number;
    reg_lambda: number;
    reg_alpha: number;
    gamma: number;
    rounds: number;
  };
  model: unknown;
}

const fixture = JSON.parse(
  readFileSync(join(import.meta.dirname, "fixtures/xgboost-parity/xgboost-parity.json"), "utf8"),
) as { xgboost: string; cases: ParityCase[] };
const skip = telcoSkipReason();

describe.skipIf(skip !== undefined)(
  `trainBooster matches XGBoost ${fixture.xgboost}${skip ? ` (skipped: ${skip})` : ""}`,
  () => {
    it.each(fixture.cases.map((c) => [JSON.stringify(c.params), c] as const))("%s", (_name, c) => {
      const { matrix, labels } = loadTelcoMatrix();
      const ours = trainBooster(matrix, labels, {
        n_rounds: c.params.rounds,
        max_depth: c.params.max_depth,
        eta: c.params.eta,
        min_child_weight: c.params.min_child_weight,
        lambda: c.params.reg_lambda,
        alpha: c.params.reg_alpha,
        gamma: c.params.gamma,
        max_bin: 8192,
        base_score: 0.5,
        subsample: 1,
        colsample_bytree: 1,
        early_stopping_rounds: 0,
      }).ensemble;
      const theirs = importXgboostModel(c.model, { featureNames: matrix.featureNames }).ensemble;
      expect(ours.trees.length).toBe(theirs.trees.length);
      let maxValue = 0;
      let maxCover = 0;
      ours.trees.forEach((a, t) => {
        const b = theirs.trees[t];
        expect(Array.from(a.left), `tree ${t}`).toEqual(Array.from(b.left));
        expect(Array.from(a.right), `tree ${t}`).toEqual(Array.from(b.right));
        expect(Array.from(a.feature), `tree ${t}`).toEqual(Array.from(b.feature));
        expect(Array.from(a.defaultLeft), `tree ${t}`).toEqual(Array.from(b.defaultLeft));
        for (let i = 0; i < a.left.length; i++) {
          if (a.left[i] !== -1) expect(a.threshold[i], `tree ${t} node ${i}`).toBe(b.threshold[i]);
          maxValue = Math.max(maxValue, Math.abs(a.value[i] - b.value[i]));
          maxCover = Math.max(maxCover, Math.abs(a.cover[i] - b.cover[i]) / Math.max(1, b.cover[i]));
        }
      });
      // XGBoost computes gradients and sums in float32; we use float64, so values differ in the last bits.
      expect(maxValue).toBeLessThan(1e-6);
      expect(maxCover).toBeLessThan(1e-5);
      const a = predictMargin(ours, matrix);
      const b = predictMargin(theirs, matrix);
      let maxMargin = 0;
      for (let i = 0; i < a.length; i++) maxMargin = Math.max(maxMargin, Math.abs(a[i] - b[i]));
      expect(maxMargin).toBeLessThan(1e-5);
    });
  },
);
