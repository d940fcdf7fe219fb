/**
 * Training at scale: 1M simulated customers (the default encoder's features), 100 rounds of
 * depth-4 trees with row and column sampling. Peak RSS covers the whole process: generating and
 * encoding the rows, binning, and training.
 */
import { defineCase } from "../harness.ts";
import { simulateCustomers } from "../../core/src/data/index.ts";
import { customerMatrixBuilder, defaultEncoderSpec } from "../../core/src/features/index.ts";
import { trainBooster } from "../../core/src/model/train.ts";

const ROWS = 1_000_000;

export default defineCase({
  name: "train 1M rows, 100 rounds, depth 4",
  target: "peak RSS < 4 GB",
  runs: 1,
  warmup: 0,
  setup: () => {
    const builder = customerMatrixBuilder(defaultEncoderSpec(), ROWS);
    const labels = new Uint8Array(ROWS);
    let i = 0;
    for (const c of simulateCustomers({ rows: ROWS, seed: 2026 })) {
      builder.push(c);
      labels[i++] = c.Churn === "Yes" ? 1 : 0;
    }
    return { matrix: builder.finish(), labels };
  },
  run: ({ matrix, labels }, ctx) => {
    const t0 = performance.now();
    const r = trainBooster(matrix, labels, {
      n_rounds: 100,
      max_depth: 4,
      eta: 0.1,
      subsample: 0.8,
      colsample_bytree: 0.8,
      early_stopping_rounds: 0,
    });
    ctx.report({
      rows: matrix.nRows,
      features: matrix.featureNames.length,
      trees: r.ensemble.trees.length,
      secondsPerTree: +((performance.now() - t0) / 1000 / r.ensemble.trees.length).toFixed(3),
    });
  },
});
