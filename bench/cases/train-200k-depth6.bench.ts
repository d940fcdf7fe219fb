/**
 * Training at the issue-22 size beside XGBoost 1.7.4: 200k simulated customers × 61 features
 * (the default encoder), 100 rounds of depth-6 trees, eta 0.1, no sampling, 256 bins, at 1 and
 * 2 threads (see train-vs-xgboost.ts for how the two alternate). The model must be the same
 * bytes at both thread counts.
 */
import { simulateCustomers } from "../../core/src/data/index.ts";
import { customerMatrixBuilder, defaultEncoderSpec } from "../../core/src/features/index.ts";
import { versusXgboost } from "./train-vs-xgboost.ts";

const ROWS = 200_000;

export default versusXgboost({
  name: "train 200k×61, 100 rounds, depth 6, vs XGBoost (a run = ours and XGBoost at 1 and 2 threads)",
  target: "ratio ≤ 1.0 at each thread count (issue 22)",
  params: {
    n_rounds: 100,
    max_depth: 6,
    eta: 0.1,
    min_child_weight: 1,
    lambda: 1,
    subsample: 1,
    colsample_bytree: 1,
    max_bin: 256,
    early_stopping_rounds: 0,
  },
  threads: [1, 2],
  load() {
    const builder = customerMatrixBuilder(defaultEncoderSpec(), ROWS);
    const labels = new Uint8Array(ROWS);
    let i = 0;
    for (const c of simulateCustomers({ rows: ROWS, seed: 2026 })) {
      builder.push(c);
      labels[i++] = c.Churn === "Yes" ? 1 : 0;
    }
    return { matrix: builder.finish(), labels };
  },
});
