import type { CustomerStatus } from "../data/read-contract-rows.ts";
import type { Customer } from "../data/schema.ts";
import { groupContributions } from "../explain/group-contributions.ts";
import { createShapPool, type ShapPool } from "../explain/shap-pool.ts";
import { topDrivers } from "../explain/top-drivers.ts";
import { encodeCustomers } from "../features/encode-customers.ts";
import type { FeatureMatrix } from "../features/feature-matrix.ts";
import { onnxruntimeSumsByParts } from "../model/evaluate-flat-ensemble.ts";
import { CROSS_CHECK_TOLERANCE, crossCheckSample } from "../model/flat-batch-probabilities.ts";
import { DEFAULT_CHUNK_ROWS, DEFAULT_SESSION_OPTIONS } from "../model/onnx-scorer.ts";
import { onnxruntimeLogistic } from "../model/onnxruntime-logistic.ts";
import { onnxruntimeProbabilities } from "../model/onnxruntime-probabilities.ts";
import type { ScoredBatch } from "../snapshot/scored-batch.ts";
import { statusFromChurn } from "../snapshot/status-from-churn.ts";
import type { ChurnModel } from "./churn-model.ts";

export interface ScoreCustomersOptions {
  /** 0-based input position of the first customer (orders snapshots; default 0). */
  firstRow?: number;
  /** Explicit input positions, one per customer (shards: their rows are not contiguous). */
  inputRows?: Int32Array;
  /** Drivers kept per customer (default 5). */
  topK?: number;
  /**
   * Each customer's status, one per customer (as the contract reader gave it), passed through to the
   * batch. Default: from Churn ("Yes" → churned, "No" → retained, absent → current).
   */
  status?: readonly CustomerStatus[];
  /** TreeSHAP worker pool (default: one per process, a worker per core, started on first large batch). */
  pool?: ShapPool;
  /**
   * Where the raw probabilities come from: `"trees"` (default) takes them from the TreeSHAP walk —
   * onnxruntime's float32 sums and logistic, reproduced bit for bit — and checks a sample of rows
   * against onnxruntime; `"onnx"` runs every row through onnxruntime as well (the old second pass).
   */
  probabilities?: "trees" | "onnx";
}

export { CROSS_CHECK_ROWS, CROSS_CHECK_TOLERANCE } from "../model/flat-batch-probabilities.ts";

let defaultPool: ShapPool | undefined;

/** The process's TreeSHAP pool that `scoreCustomers` uses unless given one (created on first call). */
export function defaultShapPool(): ShapPool {
  return (defaultPool ??= createShapPool());
}
/** Models whose sampled probabilities differed from onnxruntime's in the last bits: onnx from then on. */
const onnxOnly = new WeakSet<ChurnModel>();

/**
 * Scores and explains a batch of customers in one walk over the trees: exact TreeSHAP values, the
 * margin they sum to, and the raw probability onnxruntime would give (its float32 sum and logistic
 * reproduced bit for bit, checked against onnxruntime on a sample of rows), then calibrated
 * probabilities, bands and top drivers, and each customer's status — ready for a snapshot. Large
 * batches are explained across worker threads.
 *
 * @example
 * const batch = await scoreCustomers(model, customers);
 * batch.probability[0]; // calibrated P(churn) of the first customer
 */
export async function scoreCustomers(
  model: ChurnModel,
  customers: readonly Customer[],
  options: ScoreCustomersOptions = {},
): Promise<ScoredBatch<Customer>> {
  if (model.encoder.kind !== "customer")
    throw new Error(`model ${model.card.name} reads named columns, not customers`);
  const n = customers.length;
  const status = options.status ?? customers.map((c) => statusFromChurn(c.Churn));
  if (status.length !== n) throw new Error(`status has ${status.length} entries for ${n} customers`);
  const inputRow = options.inputRows ?? Int32Array.from({ length: n }, (_, i) => (options.firstRow ?? 0) + i);
  if (inputRow.length !== n) throw new Error(`inputRows has ${inputRow.length} entries for ${n} customers`);
  const matrix = encodeCustomers(model.encoder, customers, n);
  const pool = options.pool ?? defaultShapPool();
  const threads = DEFAULT_SESSION_OPTIONS.intraOpNumThreads ?? 1;
  const shap = await pool.treeShap(model.ensemble, matrix, { onnxruntimeThreads: threads });
  const raw =
    options.probabilities === "onnx" || onnxOnly.has(model)
      ? (await model.scoreOnnx(matrix)).raw
      : await probabilitiesFromTrees(model, matrix, shap.onnxruntime!, threads, inputRow);
  const probability = model.calibrate(raw);
  const grouped = groupContributions(model.features, shap.values, n);
  const ns = grouped.sources.length;
  return {
    customers,
    status,
    inputRow,
    probability,
    margin: shap.margin,
    band: Array.from(probability, (p) => model.band(p)),
    sources: grouped.sources,
    contributions: grouped.values,
    drivers: customers.map((c, i) =>
      topDrivers(c, grouped.sources, grouped.sourceLabels, grouped.values, i * ns, options.topK ?? 5),
    ),
  };
}

/**
 * Raw probabilities from the TreeSHAP walk's float32 sums, with onnxruntime scoring a sample of
 * rows beside them, and the rows whose float32 logistic is too close to call here with them (their
 * p is onnxruntime's). A sampled row off by more than the tolerance is a bug and throws; a
 * difference in the last bits (another onnxruntime or libm than the one reproduced) sends this
 * batch, and the model's later ones, through onnxruntime, so the probabilities stay exactly
 * onnxruntime's. `scoreCustomers`' step, exported for the stage bench.
 */
export async function probabilitiesFromTrees(
  model: ChurnModel,
  matrix: FeatureMatrix,
  sums: { sequential: Float32Array; byParts: Float32Array },
  threads: number,
  inputRow: Int32Array,
): Promise<Float64Array> {
  const n = matrix.nRows;
  const { trees, baseMargin } = model.ensemble;
  const run = { threads, chunkRows: DEFAULT_CHUNK_ROWS };
  const raw = onnxruntimeProbabilities(sums, n, trees.length, baseMargin, run);
  if (n === 0) return raw;
  const fileTrees = Math.max(1, trees.length);
  const base32 = Math.fround(baseMargin);
  /** The float32 score onnxruntime's logistic takes for `row` in a run of `runRows` rows. */
  const score = (row: number, runRows: number) =>
    Math.fround(
      (onnxruntimeSumsByParts(fileTrees, threads, runRows) ? sums.byParts : sums.sequential)[row] + base32,
    );
  const runRowsOf = (row: number) => Math.min(run.chunkRows, n - (row - (row % run.chunkRows)));
  // Rows whose logistic is too close to call here (a few in 10⁵) ride along with the sample.
  const undecided: number[] = [];
  for (let i = 0; i < n; i++) if (raw[i] !== raw[i]) undecided.push(i);
  const checked = crossCheckSample(matrix, undecided, run.chunkRows);
  if (!checked) return (await model.scoreOnnx(matrix)).raw;
  const { rows, sample } = checked;
  const m = rows.length;
  const onnx = (await model.scoreOnnx(sample)).raw;
  let differed = false;
  let unresolved = false;
  for (let k = 0; k < m; k++) {
    // The sample is one onnxruntime run of m rows: its rows get the sum a run of m rows takes.
    const s = score(rows[k], m);
    const ours = onnxruntimeLogistic(s);
    // The exact logistic is the tolerance's yardstick where the float32 one cannot be decided.
    const near = ours === ours ? ours : 1 / (1 + Math.exp(-s));
    if (!(Math.abs(near - onnx[k]) <= CROSS_CHECK_TOLERANCE))
      throw new Error(
        `probability cross-check failed: input row ${inputRow[rows[k]]} has p = ${onnx[k]} from onnxruntime but ${ours === ours ? ours : near} from the trees of model ${model.card.name}`,
      );
    if (ours === ours) {
      if (ours !== onnx[k]) differed = true;
    } else if (score(rows[k], runRowsOf(rows[k])) === s) {
      // onnxruntime's logistic of the same float32 score: its p for this row.
      raw[rows[k]] = onnx[k];
    } else {
      unresolved = true;
    }
  }
  if (!differed && !unresolved) return raw;
  if (!differed) return (await model.scoreOnnx(matrix)).raw;
  onnxOnly.add(model);
  return (await model.scoreOnnx(matrix)).raw;
}
