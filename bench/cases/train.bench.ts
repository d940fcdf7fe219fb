/**
 * Training speed: the real Telco data's training split (80%, 5,634 rows × 45 features), 300
 * rounds of depth-4 trees with XGBoost's other defaults (eta 0.1 here, no sampling), one thread.
 * XGBoost 1.7.4 `hist` takes 0.14 s on this machine.
 */
import { defineCase } from "../harness.ts";
import { stratifiedSplit } from "../../core/src/model/stratified-folds.ts";
import { takeLabels, takeRows } from "../../core/src/model/take-rows.ts";
import { trainBooster } from "../../core/src/model/train.ts";
import { loadTelcoMatrix, telcoSkipReason } from "../../core/test/model/telco-matrix.ts";

export default defineCase({
  name: "train 5.6k×45, 300 rounds, depth 4",
  target: "≤ 0.45 s median",
  runs: 7,
  warmup: 2,
  skip: telcoSkipReason,
  setup: () => {
    const { matrix, labels } = loadTelcoMatrix();
    const { train } = stratifiedSplit(labels, 0.2, 0);
    return { matrix: takeRows(matrix, train), labels: takeLabels(labels, train) };
  },
  run: ({ matrix, labels }, ctx) => {
    const r = trainBooster(matrix, labels, {
      n_rounds: 300,
      max_depth: 4,
      eta: 0.1,
      min_child_weight: 1,
      lambda: 1,
      subsample: 1,
      colsample_bytree: 1,
      early_stopping_rounds: 0,
    });
    ctx.report({ rows: matrix.nRows, features: matrix.featureNames.length, trees: r.ensemble.trees.length });
  },
});
