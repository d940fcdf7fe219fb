/**
 * Batch probabilities from the flat evaluator instead of onnxruntime: onnxruntime's float32 sums
 * (its order of adding trees for the session's threads and run size) and its float32 logistic,
 * reproduced bit for bit, with onnxruntime scoring a sample of rows beside them so a model file
 * and trees that disagree stop scoring instead of giving silently different numbers. The ONNX file
 * stays the served and exported model; small batches (single customers) go to onnxruntime.
 */
import type { FeatureMatrix } from "../features/feature-matrix.ts";
import { assertSameFeatures } from "./assert-same-features.ts";
import {
  evaluateFlatEnsemble,
  onnxruntimeSumsByParts,
  type OnnxruntimeRun,
} from "./evaluate-flat-ensemble.ts";
import { flattenEnsemble } from "./flat-ensemble.ts";
import { onnxruntimeLogistic } from "./onnxruntime-logistic.ts";
import type { TreeEnsemble } from "./tree.ts";

/** Rows of each batch scored by onnxruntime too, to check the probabilities taken from the trees. */
export const CROSS_CHECK_ROWS = 64;
/** A sampled probability further than this from onnxruntime's means a bug: scoring stops. */
export const CROSS_CHECK_TOLERANCE = 1e-6;

/** At most this many rows go to onnxruntime beside the sample before the whole batch goes there. */
const MAX_ASKED_ROWS = 4096;

/**
 * The rows of a batch onnxruntime scores beside the trees: `CROSS_CHECK_ROWS` spread evenly over
 * it, then the rows whose float32 logistic is too close to call here (`undecided`), with their
 * feature values as one matrix; null when that is more than a run of `chunkRows` (or 4,096) rows —
 * then the whole batch goes to onnxruntime.
 *
 * @example
 * crossCheckSample(matrix, [17], 65_536); // { rows: Int32Array [0, n/64, …, 17], sample: 65-row matrix }
 */
export function crossCheckSample(
  matrix: FeatureMatrix,
  undecided: readonly number[],
  chunkRows: number,
): { rows: Int32Array; sample: FeatureMatrix } | null {
  const n = matrix.nRows;
  const spread = Math.min(n, CROSS_CHECK_ROWS);
  if (spread + undecided.length > Math.min(chunkRows, MAX_ASKED_ROWS)) return null;
  const rows = Int32Array.from({ length: spread + undecided.length }, (_, k) =>
    k < spread ? Math.floor((k * n) / spread) : undecided[k - spread],
  );
  return {
    rows,
    sample: {
      nRows: rows.length,
      featureNames: matrix.featureNames,
      columns: matrix.columns.map((col) => Float32Array.from(rows, (i) => col[i])),
    },
  };
}

/** onnxruntime's `probabilities[1]` for every row of a matrix (one session, as configured in `run`). */
export type OnnxProbabilities = (matrix: FeatureMatrix) => Promise<Float64Array>;

export interface FlatBatchProbabilities {
  /** P(churn) per row, exactly onnxruntime's. */
  readonly probability: Float64Array;
  /**
   * `"trees"`: from the flat evaluator; `"onnx"`: from onnxruntime — a batch of at most
   * `CROSS_CHECK_ROWS` rows, or a sample that differed in the last bits (another onnxruntime or
   * libm than the one reproduced; callers may then send the model's later batches there directly),
   * or too many rows whose float32 logistic is too close to call here (those are asked of
   * onnxruntime with the sample).
   */
  readonly source: "trees" | "onnx";
  /** True when onnxruntime's sample differed from the trees' in the last bits. */
  readonly sampleDiffered: boolean;
}

/**
 * The probability onnxruntime would give each row of `matrix`, computed from the trees.
 * `onnx` scores the same model through onnxruntime, configured as `run` says.
 *
 * @example
 * const { probability } = await flatBatchProbabilities(ensemble, matrix, onnx, { threads: 2, chunkRows: 65_536 }, "v3");
 */
export async function flatBatchProbabilities(
  ensemble: TreeEnsemble,
  matrix: FeatureMatrix,
  onnx: OnnxProbabilities,
  run: OnnxruntimeRun,
  modelName: string,
): Promise<FlatBatchProbabilities> {
  assertSameFeatures(ensemble.featureNames, matrix.featureNames, "input");
  const n = matrix.nRows;
  const short = matrix.columns.findIndex((c) => c.length !== n);
  if (short >= 0)
    throw new Error(
      `input column ${matrix.featureNames[short]} has ${matrix.columns[short].length} rows, not ${n}`,
    );
  if (n <= CROSS_CHECK_ROWS)
    return { probability: await onnx(matrix), source: "onnx", sampleDiffered: false };

  const flat = flattenEnsemble(ensemble);
  const score = evaluateFlatEnsemble(flat, matrix.columns, n, { sum: "onnxruntime", onnxruntime: run });
  const probability = new Float64Array(n);
  const undecided: number[] = [];
  for (let i = 0; i < n; i++) {
    const p = onnxruntimeLogistic(score[i]);
    if (p !== p) undecided.push(i);
    probability[i] = p;
  }
  // Rows whose logistic is too close to call here (a few in 10⁵) ride along with the sample.
  const checked = crossCheckSample(matrix, undecided, run.chunkRows);
  if (!checked) return { probability: await onnx(matrix), source: "onnx", sampleDiffered: false };
  const { rows, sample } = checked;
  const m = rows.length;
  const theirs = await onnx(sample);
  // The sample is one onnxruntime run of m rows: its rows get the sum a run of m rows takes.
  const ours = evaluateFlatEnsemble(flat, sample.columns, m, {
    sum: "onnxruntime",
    onnxruntime: { threads: run.threads, chunkRows: m },
  });
  const fileTrees = Math.max(1, ensemble.trees.length);
  const sampleByParts = onnxruntimeSumsByParts(fileTrees, run.threads, m);
  let differed = false;
  let unresolved = false;
  for (let k = 0; k < m; k++) {
    const row = rows[k];
    // Where the row's own run adds the trees as the sample's run does, both sums must be equal.
    const runStart = row - (row % run.chunkRows);
    const sameSum =
      onnxruntimeSumsByParts(fileTrees, run.threads, Math.min(run.chunkRows, n - runStart)) === sampleByParts;
    // The exact logistic is the tolerance's yardstick where the float32 one cannot be decided.
    const p = onnxruntimeLogistic(ours[k]);
    const near = p === p ? p : 1 / (1 + Math.exp(-ours[k]));
    if (!(Math.abs(near - theirs[k]) <= CROSS_CHECK_TOLERANCE) || (sameSum && score[row] !== ours[k]))
      throw new Error(
        `probability cross-check failed: row ${row} has p = ${theirs[k]} from onnxruntime but ${sameSum ? onnxruntimeLogistic(score[row]) : p} from the trees of model ${modelName}`,
      );
    if (p === p) {
      if (p !== theirs[k]) differed = true;
    } else if (score[row] === ours[k]) {
      // onnxruntime's logistic of the same float32 score: its p for this row.
      probability[row] = theirs[k];
    } else {
      unresolved = true;
    }
  }
  if (!differed && !unresolved) return { probability, source: "trees", sampleDiffered: false };
  return { probability: await onnx(matrix), source: "onnx", sampleDiffered: differed };
}
