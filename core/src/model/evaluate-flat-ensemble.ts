/**
 * Batch evaluation of a flattened ensemble over column-major input: the margin of every row, as
 * one of three sums of the same leaf values (the trees are walked once; only the adding differs):
 *
 * - `"float64"`: baseMargin + Σ leaf values in tree order, in doubles — TreeSHAP's margin and the
 *   snapshot's `margin` column, bit for bit.
 * - `"xgboost"`: float32 accumulator starting at float32(baseMargin), trees in order — XGBoost's
 *   CPU predictor and `predictMargin`, bit for bit.
 * - `"onnxruntime"`: onnxruntime's TreeEnsembleClassifier score (float32): trees summed from 0,
 *   split into as many consecutive parts as the session has intra-op threads when onnxruntime
 *   parallelises by trees (its rule depends on the rows per `run` call), parts added in order,
 *   then float32(baseMargin) — what its LOGISTIC turns into `probabilities[1]`
 *   (see onnxruntime-logistic.ts). Checked bit for bit against onnxruntime-node 1.30.
 *
 * Splits follow XGBoost: `x < threshold` (float32) goes left, NaN follows the node's default.
 * Rows go in blocks (copied row-major, as onnxruntime and XGBoost read them); ensembles up to
 * depth 8 are walked as complete trees by a compiled kernel (complete-trees.ts), deeper ones node
 * by node.
 */
import { completeTrees, completeTreesKernel } from "./complete-trees.ts";
import type { FlatEnsemble } from "./flat-ensemble.ts";

export type MarginSum = "float64" | "xgboost" | "onnxruntime";

/** How the onnxruntime session that is emulated runs (see `DEFAULT_SESSION_OPTIONS`). */
export interface OnnxruntimeRun {
  /** The session's `intraOpNumThreads` (≥ 1). */
  readonly threads: number;
  /** Rows per `session.run` call: onnxruntime sums differently for 1, ≤ 50 and more rows. */
  readonly chunkRows: number;
}

export interface EvaluateOptions {
  /** Default `"float64"`. */
  readonly sum?: MarginSum;
  /** Required for `sum: "onnxruntime"`. */
  readonly onnxruntime?: OnnxruntimeRun;
  /** Output buffer (length ≥ nRows). */
  readonly out?: Float64Array;
}

/** Rows per block: the block's slice of every column stays in cache while all trees walk it. */
const BLOCK = 256;

/**
 * The margin of each of `nRows` rows; `columns[j]` is the ensemble's feature j (NaN = missing).
 *
 * @example
 * const flat = flattenEnsemble(ensemble);
 * const margin = evaluateFlatEnsemble(flat, matrix.columns, matrix.nRows, { sum: "xgboost" });
 */
export function evaluateFlatEnsemble(
  flat: FlatEnsemble,
  columns: readonly Float32Array[],
  nRows: number,
  options: EvaluateOptions = {},
): Float64Array {
  if (columns.length !== flat.nFeatures)
    throw new Error(`input has ${columns.length} columns, the model ${flat.nFeatures} features`);
  const short = columns.findIndex((c) => c.length < nRows);
  if (short >= 0) throw new Error(`input column ${short} has ${columns[short].length} rows, not ${nRows}`);
  const out = options.out ?? new Float64Array(nRows);
  if (out.length < nRows) throw new Error(`output buffer too short: ${out.length} (need ${nRows})`);
  const sum = options.sum ?? "float64";
  if (sum === "onnxruntime") {
    const run = options.onnxruntime;
    if (run === undefined) throw new Error('sum "onnxruntime" needs the session\'s threads and chunkRows');
    if (!(Number.isInteger(run.threads) && run.threads >= 1))
      throw new Error(`invalid threads: ${run.threads}`);
    if (!(Number.isInteger(run.chunkRows) && run.chunkRows >= 1))
      throw new Error(`invalid chunkRows: ${run.chunkRows}`);
    evaluateOnnxruntime(flat, columns, nRows, run, out);
    return out;
  }
  const acc = sum === "float64" ? new Float64Array(BLOCK) : new Float32Array(BLOCK);
  const base = sum === "float64" ? flat.baseMargin : flat.baseMargin32;
  const walk = walker(flat, columns, sum === "float64" ? "float64" : "float32");
  for (let start = 0; start < nRows; start += BLOCK) {
    const end = Math.min(nRows, start + BLOCK);
    acc.fill(base);
    walk.load(start, end);
    walk.add(0, flat.nTrees, acc);
    for (let r = start; r < end; r++) out[r] = acc[r - start];
  }
  return out;
}

/** Adds trees [t0, t1) for the loaded block of rows into `acc[0 … rows)`. */
interface Walker {
  load(start: number, end: number): void;
  add(t0: number, t1: number, acc: Float32Array | Float64Array): void;
}

function walker(flat: FlatEnsemble, columns: readonly Float32Array[], kind: "float32" | "float64"): Walker {
  const complete = completeTrees(flat);
  let start = 0;
  let end = 0;
  if (complete === null) {
    return {
      load(s, e) {
        start = s;
        end = e;
      },
      add(t0, t1, acc) {
        for (let t = t0; t < t1; t++) addTree(flat, columns, flat.treeStart[t], start, end, acc);
      },
    };
  }
  const kernel = completeTreesKernel(complete.depth, kind);
  const nf = flat.nFeatures;
  const block = new Float32Array(BLOCK * nf);
  return {
    load(s, e) {
      start = s;
      end = e;
      for (let j = 0; j < nf; j++) {
        const col = columns[j];
        for (let r = s, k = j; r < e; r++, k += nf) block[k] = col[r];
      }
    },
    add(t0, t1, acc) {
      kernel(complete, block, end - start, nf, t0, t1, acc);
    },
  };
}

/**
 * Walks one tree for rows [start, end) and adds each row's leaf value to `acc[row - start]`
 * (a Float32Array rounds every partial sum to float32, a Float64Array keeps doubles).
 * Kept small and monomorphic per accumulator type: it runs once per tree per row.
 */
function addTree(
  flat: FlatEnsemble,
  columns: readonly Float32Array[],
  root: number,
  start: number,
  end: number,
  acc: Float64Array | Float32Array,
): void {
  const { right, feature, threshold, missingLeft, value } = flat;
  if (right[root] === -1) {
    const v = value[root];
    for (let r = start; r < end; r++) acc[r - start] += v;
    return;
  }
  for (let r = start; r < end; r++) {
    let g = root;
    let next = right[g];
    do {
      const x = columns[feature[g]][r];
      // NaN fails `<` and goes right unless its default is left.
      g = x < threshold[g] || (x !== x && missingLeft[g] === 1) ? g + 1 : next;
      next = right[g];
    } while (next !== -1);
    acc[r - start] += value[g];
  }
}

/** Whether onnxruntime sums a `run` of `n` rows by parts of trees (TreeEnsembleClassifier, 2 classes). */
export function onnxruntimeSumsByParts(nTrees: number, threads: number, n: number): boolean {
  return threads > 1 && ((n === 1 && nTrees > 80) || (n > 50 && nTrees >= threads));
}

/** The first tree of each of onnxruntime's parts (its `PartitionWork`), and nTrees at the end. */
export function onnxruntimeTreeParts(nTrees: number, threads: number): Int32Array {
  const parts = Math.min(threads, nTrees);
  const per = Math.floor(nTrees / parts);
  const extra = nTrees % parts;
  const starts = new Int32Array(parts + 1);
  for (let k = 0; k < parts; k++) starts[k] = k < extra ? (per + 1) * k : per * k + extra;
  starts[parts] = nTrees;
  return starts;
}

function evaluateOnnxruntime(
  flat: FlatEnsemble,
  columns: readonly Float32Array[],
  nRows: number,
  run: OnnxruntimeRun,
  out: Float64Array,
): void {
  // onnxruntime's file always holds a tree (an empty ensemble is written with a lone 0 leaf).
  const nTrees = Math.max(1, flat.nTrees);
  const starts = onnxruntimeTreeParts(nTrees, run.threads);
  const sequential = new Float32Array(BLOCK);
  const part = new Float32Array(BLOCK);
  const merged = new Float32Array(BLOCK);
  const walk = walker(flat, columns, "float32");
  const byParts = (r: number): boolean => {
    const chunkStart = r - (r % run.chunkRows);
    return onnxruntimeSumsByParts(nTrees, run.threads, Math.min(run.chunkRows, nRows - chunkStart));
  };
  for (let start = 0; start < nRows; start += BLOCK) {
    const end = Math.min(nRows, start + BLOCK);
    const len = end - start;
    walk.load(start, end);
    let needParts = false;
    let needSequential = false;
    for (let r = start; r < end; r++) {
      if (byParts(r)) needParts = true;
      else needSequential = true;
    }
    if (needParts) {
      for (let k = 0; k + 1 < starts.length; k++) {
        part.fill(0);
        walk.add(starts[k], Math.min(starts[k + 1], flat.nTrees), part);
        if (k === 0) merged.set(part.subarray(0, len));
        else for (let i = 0; i < len; i++) merged[i] += part[i];
      }
    }
    if (needSequential) {
      sequential.fill(0);
      walk.add(0, flat.nTrees, sequential);
    }
    for (let r = start; r < end; r++) {
      const s = byParts(r) ? merged[r - start] : sequential[r - start];
      out[r] = Math.fround(s + flat.baseMargin32);
    }
  }
}
