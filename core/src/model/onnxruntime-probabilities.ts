import { onnxruntimeSumsByParts, type OnnxruntimeRun } from "./evaluate-flat-ensemble.ts";
import { onnxruntimeLogistic } from "./onnxruntime-logistic.ts";

/** Each row's leaf values summed in float32 as onnxruntime sums them (see `TreeShapResult.onnxruntime`). */
export interface OnnxruntimeSums {
  /** Tree by tree from 0. */
  readonly sequential: ArrayLike<number>;
  /** By onnxruntime's parts of trees. */
  readonly byParts: ArrayLike<number>;
}

/**
 * The `probabilities[1]` a LOGISTIC TreeEnsembleClassifier session gives for rows [0, n) scored
 * in runs of `run.chunkRows`, from their float32 leaf sums: each row takes the sum its run's size
 * calls for, adds float32(baseMargin) and goes through onnxruntime's float32 logistic. NaN where
 * the logistic cannot be decided here (a few rows in 10⁵): ask onnxruntime for those.
 *
 * @example
 * const raw = onnxruntimeProbabilities(shap.onnxruntime!, n, 2101, baseMargin, { threads: 2, chunkRows: 65_536 });
 */
export function onnxruntimeProbabilities(
  sums: OnnxruntimeSums,
  n: number,
  nTrees: number,
  baseMargin: number,
  run: OnnxruntimeRun,
): Float64Array {
  const base32 = Math.fround(baseMargin);
  const fileTrees = Math.max(1, nTrees);
  const out = new Float64Array(n);
  for (let start = 0; start < n; start += run.chunkRows) {
    const end = Math.min(n, start + run.chunkRows);
    const sum = onnxruntimeSumsByParts(fileTrees, run.threads, end - start) ? sums.byParts : sums.sequential;
    for (let i = start; i < end; i++) out[i] = onnxruntimeLogistic(Math.fround(sum[i] + base32));
  }
  return out;
}
