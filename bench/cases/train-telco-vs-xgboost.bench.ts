/**
 * Telco training beside XGBoost 1.7.4: the real data's 80% training split (5,634 rows × 45
 * features), 300 rounds of depth-4 trees, eta 0.1, no sampling, at 1 and 2 threads (see
 * train-vs-xgboost.ts). 0.25M rows × features: just over `MIN_CELLS_FOR_THREADS`, so 2 threads are used
 * (`ours2t_threadsUsed` appears when fewer threads were used than asked).
 */
import { stratifiedSplit } from "../../core/src/model/stratified-folds.ts";
import { takeLabels, takeRows } from "../../core/src/model/take-rows.ts";
import { loadTelcoMatrix, telcoSkipReason } from "../../core/test/model/telco-matrix.ts";
import { versusXgboost } from "./train-vs-xgboost.ts";

export default versusXgboost({
  name: "train Telco 5.6k×45, 300 rounds, depth 4, vs XGBoost (a run = ours and XGBoost at 1 and 2 threads)",
  target: "ratio ≤ 1.0 at each thread count (issue 22)",
  params: {
    n_rounds: 300,
    max_depth: 4,
    eta: 0.1,
    min_child_weight: 1,
    lambda: 1,
    subsample: 1,
    colsample_bytree: 1,
    early_stopping_rounds: 0,
  },
  threads: [1, 2],
  runs: 5,
  skip: telcoSkipReason,
  load() {
    const { matrix, labels } = loadTelcoMatrix();
    const { train } = stratifiedSplit(labels, 0.2, 0);
    return { matrix: takeRows(matrix, train), labels: takeLabels(labels, train) };
  },
});
