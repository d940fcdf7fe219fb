import type { FeatureMatrix } from "../features/feature-matrix.ts";
import { resolveParams, type BoosterParams } from "./params.ts";
import { binOnPool, histogramRowsOnPool } from "./bin-tasks.ts";
import { binMatrix, computeQuantileCuts, type BinnedMatrix } from "./quantile-bins.ts";
import { growPoolRunner, MAX_PHASE_TASKS, type GrowPoolRunner } from "./grow-pool.ts";
import { seededRandom } from "./seeded-random.ts";
import { growState, histBuffersNeeded, TreeGrower } from "./tree-grower.ts";
import type { Tree, TreeEnsemble } from "./tree.ts";

/** Per-round evaluation numbers handed to `onRound` and kept in `evalHistory`. */
export interface RoundMetrics {
  /** Only with `evalTrain`. */
  train_logloss?: number;
  /** Only with a validation set. */
  valid_logloss?: number;
}

export interface TrainOptions {
  /** Held-out data for early stopping and `valid_logloss`. */
  validation?: { matrix: FeatureMatrix; labels: Uint8Array | Float32Array };
  /** Called after each round (0-based) with that round's metrics. */
  onRound?(round: number, metrics: RoundMetrics): void;
  /** Also compute training log loss each round (costs a log per row per round). Default false. */
  evalTrain?: boolean;
  /** Per-row sample weights (scale gradients, hessians, cover, the quantile sketch and base_score). */
  weights?: Float32Array | Float64Array;
  /**
   * Most threads to train on (the calling one and worker threads; default 1): binning, gradients
   * and tree growing. The model is the same, bit for bit, for every thread count. Data smaller
   * than `minCellsForThreads` trains on one thread whatever this says (`TrainResult.threads`).
   */
  threads?: number;
  /**
   * Rows × features below which training uses one thread (default 200,000): below it the ~10
   * phase barriers of each tree cost about what a second thread saves (quiet machine: 3,000 × 61
   * = 0.18M cells trains as fast on 1 as on 2; Telco, 5.6k × 45 = 0.25M, ~15% faster on 2; see
   * bench/results/issue-22.md, session 8).
   */
  minCellsForThreads?: number;
}

/** Default `TrainOptions.minCellsForThreads`. */
export const MIN_CELLS_FOR_THREADS = 200_000;

/** The threads a training of `rows` × `features` uses when asked for at most `threads`. */
export function trainingThreads(
  threads: number,
  rows: number,
  features: number,
  minCells = MIN_CELLS_FOR_THREADS,
): number {
  return rows * features < minCells ? 1 : threads;
}

export interface TrainResult {
  /** Trees up to and including `bestIteration` (later ones are dropped when early stopping fired). */
  ensemble: TreeEnsemble;
  /** 0-based round with the lowest validation log loss (the last round without validation). */
  bestIteration: number;
  /** Validation log loss at `bestIteration` (NaN without validation). */
  bestScore: number;
  /** Rounds actually trained (≥ ensemble.trees.length). */
  roundsTrained: number;
  /** One entry per trained round (train_logloss only with `evalTrain`, valid_logloss only with validation). */
  evalHistory: { train_logloss: number[]; valid_logloss: number[] };
  /** The base score used (probability); ensemble.baseMargin = logit(baseScore). */
  baseScore: number;
  /** The parameters after defaults were filled in. */
  params: BoosterParams;
  /** Per-feature histogram cut points computed from the training data. */
  cuts: Float32Array[];
  /** Threads the trees grew on (see `TrainOptions.threads`). */
  threads: number;
}

/**
 * Trains a gradient-boosted tree ensemble for binary classification with XGBoost's second-order
 * logistic objective and `hist` tree method: per round, gradients g = p − y and hessians
 * h = p(1 − p) (times the row weight), one depthwise tree to `max_depth` over quantile-binned
 * features, leaf values eta·(−T(G, α)/(H + λ)). Rows (subsample) and columns (colsample_bytree)
 * are drawn per tree from a PRNG seeded with `seed`, so the same data, parameters and seed give a
 * bit-identical ensemble. With a validation set and `early_stopping_rounds` > 0, training stops
 * once validation log loss has not improved for that many rounds and the trees after the best
 * round are dropped (early stopping needs a validation set; without one it is ignored).
 *
 * @example
 * const { ensemble } = trainBooster(matrix, labels, { n_rounds: 300, max_depth: 4, eta: 0.1 });
 * // margin of row i = ensemble.baseMargin + Σ over trees of the leaf row i reaches
 */
export function trainBooster(
  matrix: FeatureMatrix,
  labels: Uint8Array | Float32Array,
  params: Partial<BoosterParams> = {},
  options: TrainOptions = {},
): TrainResult {
  const p = resolveParams(params);
  const n = matrix.nRows;
  const nFeatures = matrix.featureNames.length;
  if (matrix.columns.length !== nFeatures) {
    throw new Error(`matrix has ${matrix.columns.length} columns for ${nFeatures} feature names`);
  }
  if (n === 0) throw new Error("no training rows");
  checkLabels(labels, n, "labels");
  const weights = options.weights;
  if (weights) {
    if (weights.length !== n) throw new Error(`weights length ${weights.length}, expected ${n}`);
    for (let i = 0; i < n; i++)
      if (!(weights[i] >= 0)) throw new Error(`invalid weight: ${weights[i]} (row ${i})`);
  }
  const valid = options.validation;
  if (valid) {
    if (valid.matrix.columns.length !== nFeatures) {
      throw new Error(`validation has ${valid.matrix.columns.length} features, expected ${nFeatures}`);
    }
    checkLabels(valid.labels, valid.matrix.nRows, "validation labels");
  }

  const threads = options.threads ?? 1;
  if (!(Number.isInteger(threads) && threads >= 1)) throw new Error(`invalid threads: ${threads}`);
  const used = trainingThreads(threads, n, nFeatures, options.minCellsForThreads);
  const pool = used > 1 ? growPoolRunner(used) : undefined;
  try {
    return boost(matrix, labels, p, options, pool);
  } finally {
    pool?.end();
  }
}

function boost(
  matrix: FeatureMatrix,
  labels: Uint8Array | Float32Array,
  p: BoosterParams,
  options: TrainOptions,
  pool: GrowPoolRunner | undefined,
): TrainResult {
  const n = matrix.nRows;
  const nFeatures = matrix.featureNames.length;
  const weights = options.weights;
  const valid = options.validation;
  const { cuts, binned, counts } =
    pool === undefined
      ? binSerially(matrix, p.max_bin, weights)
      : binOnPool(matrix, p.max_bin, weights, pool);
  const baseScore = p.base_score ?? clampProb(weightedMean(labels, weights));
  const baseMargin = Math.log(baseScore / (1 - baseScore));
  const vMargin = valid ? new Float64Array(valid.matrix.nRows).fill(baseMargin) : undefined;
  const rng = seededRandom(p.seed);
  const grower = treeGrower(binned, p, pool, counts);
  const gh = grower.state.gh;
  const margin = grower.state.margin;
  margin.fill(baseMargin);
  grower.setTargets(labels, weights);
  const allRows = new Int32Array(n);
  for (let i = 0; i < n; i++) allRows[i] = i;

  const trees: Tree[] = [];
  const history = { train_logloss: [] as number[], valid_logloss: [] as number[] };
  const useEarlyStopping = valid !== undefined && p.early_stopping_rounds > 0;
  let bestIteration = -1;
  let bestScore = Infinity;
  let round = 0;
  while (round < p.n_rounds) {
    grower.computeGradients();
    const rows = p.subsample >= 1 ? allRows : sampleRows(n, p.subsample, rng);
    const features = sampleFeatures(nFeatures, p.colsample_bytree, rng);
    const { tree, splitBin } = grower.grow(gh, rows, features);
    trees.push(tree);
    grower.addLeafValues(margin);
    if (rows.length < n) addBinnedTreeMargins(tree, splitBin, binned, margin, unsampled(rows, n));
    const m: RoundMetrics = {};
    if (options.evalTrain) {
      m.train_logloss = marginLogLoss(margin, labels, weights);
      history.train_logloss.push(m.train_logloss);
    }
    if (valid && vMargin) {
      addTreeMargins(tree, valid.matrix, vMargin);
      m.valid_logloss = marginLogLoss(vMargin, valid.labels, undefined);
      history.valid_logloss.push(m.valid_logloss);
      // Strictly lower counts as better, as XGBoost's EarlyStopping callback (min_delta 0).
      if (m.valid_logloss < bestScore) {
        bestScore = m.valid_logloss;
        bestIteration = round;
      }
    } else bestIteration = round;
    options.onRound?.(round, m);
    round++;
    if (useEarlyStopping && round - 1 - bestIteration >= p.early_stopping_rounds) break;
  }
  const kept = useEarlyStopping ? trees.slice(0, bestIteration + 1) : trees;
  return {
    ensemble: { trees: kept, baseMargin, featureNames: [...matrix.featureNames] },
    bestIteration,
    bestScore: valid ? bestScore : NaN,
    roundsTrained: round,
    evalHistory: history,
    baseScore,
    params: p,
    cuts,
    threads: grower.threads,
  };
}

function binSerially(
  matrix: FeatureMatrix,
  maxBin: number,
  weights: ArrayLike<number> | undefined,
): { cuts: Float32Array[]; binned: BinnedMatrix; counts: undefined } {
  const cuts = computeQuantileCuts(matrix, maxBin, weights);
  return { cuts, binned: binMatrix(matrix, cuts), counts: undefined };
}

/** Shared state over the pool's threads when the trees' histogram buffers fit; else one thread. */
function treeGrower(
  binned: BinnedMatrix,
  p: BoosterParams,
  pool: GrowPoolRunner | undefined,
  counts: readonly Int32Array[] | undefined,
): TreeGrower {
  if (pool !== undefined) {
    const buffers = histBuffersNeeded(p.max_depth, binned.nRows);
    const bytes = buffers * 16 * binned.offsets[binned.nFeatures];
    const tasks = Math.max(buffers, 2 * pool.threads * pool.threads);
    if (bytes <= 2 ** 30 && tasks <= MAX_PHASE_TASKS) {
      const rows = counts && histogramRowsOnPool(binned, counts, pool);
      const state = growState(binned, p, { shared: true, blocks: pool.threads, histBuffers: buffers }, rows);
      return new TreeGrower(binned, p, pool, state);
    }
  }
  return new TreeGrower(binned, p);
}

function checkLabels(labels: Uint8Array | Float32Array, n: number, what: string): void {
  if (labels.length !== n) throw new Error(`${what} length ${labels.length}, expected ${n}`);
  for (let i = 0; i < n; i++) {
    const y = labels[i];
    if (!(y >= 0 && y <= 1)) throw new Error(`invalid label: ${y} (row ${i}): must be in [0, 1]`);
  }
}

function weightedMean(labels: ArrayLike<number>, weights?: ArrayLike<number>): number {
  let s = 0;
  let w = 0;
  for (let i = 0; i < labels.length; i++) {
    const wi = weights ? weights[i] : 1;
    s += wi * labels[i];
    w += wi;
  }
  return w > 0 ? s / w : 0.5;
}

function clampProb(x: number): number {
  return Math.min(Math.max(x, 1e-6), 1 - 1e-6);
}

/** Bernoulli(subsample) per row, as XGBoost's uniform sampling; all rows when subsample = 1. */
function sampleRows(n: number, subsample: number, rng: () => number): Int32Array {
  if (subsample >= 1) {
    const all = new Int32Array(n);
    for (let i = 0; i < n; i++) all[i] = i;
    return all;
  }
  const buf = new Int32Array(n);
  let k = 0;
  for (let i = 0; i < n; i++) if (rng() < subsample) buf[k++] = i;
  return buf.subarray(0, k);
}

/** max(1, floor(colsample · nFeatures)) features by a partial Fisher–Yates shuffle, ascending. */
function sampleFeatures(nFeatures: number, colsample: number, rng: () => number): Int32Array {
  const all = new Int32Array(nFeatures);
  for (let j = 0; j < nFeatures; j++) all[j] = j;
  if (colsample >= 1) return all;
  const k = Math.max(1, Math.floor(colsample * nFeatures + 1e-9));
  for (let i = 0; i < k; i++) {
    const r = i + Math.floor(rng() * (nFeatures - i));
    const t = all[i];
    all[i] = all[r];
    all[r] = t;
  }
  return all.subarray(0, k).sort();
}

/** Rows of 0..n-1 not in the ascending list `sampled`. */
function unsampled(sampled: Int32Array, n: number): Int32Array {
  const out = new Int32Array(n - sampled.length);
  for (let i = 0, k = 0, o = 0; i < n; i++) {
    if (k < sampled.length && sampled[k] === i) k++;
    else out[o++] = i;
  }
  return out;
}

/**
 * Adds the leaf value of each training row in `only` to its margin, walking the tree in bin
 * space: bin <= the split's bin goes left, the missing bin follows defaultLeft (for training
 * rows exactly the same as x < threshold).
 */
function addBinnedTreeMargins(
  tree: Tree,
  splitBin: Int32Array,
  binned: BinnedMatrix,
  margin: Float64Array,
  only: Int32Array,
): void {
  const { left, right, feature, defaultLeft, value } = tree;
  const { columns, nBins } = binned;
  for (let k = 0; k < only.length; k++) {
    const i = only[k];
    let node = 0;
    while (left[node] !== -1) {
      const f = feature[node];
      const v = columns[f][i];
      node = (v === nBins[f] ? defaultLeft[node] === 1 : v <= splitBin[node]) ? left[node] : right[node];
    }
    margin[i] += value[node];
  }
}

/** Adds each row's leaf value to its margin on raw features: x < threshold goes left, NaN follows defaultLeft. */
function addTreeMargins(tree: Tree, matrix: FeatureMatrix, margin: Float64Array): void {
  const { left, right, feature, threshold, defaultLeft, value } = tree;
  const cols = matrix.columns;
  for (let i = 0; i < margin.length; i++) {
    let node = 0;
    while (left[node] !== -1) {
      const x = cols[feature[node]][i];
      node =
        x < threshold[node]
          ? left[node]
          : x >= threshold[node]
            ? right[node]
            : defaultLeft[node]
              ? left[node]
              : right[node];
    }
    margin[i] += value[node];
  }
}

function marginLogLoss(margin: Float64Array, labels: ArrayLike<number>, weights?: ArrayLike<number>): number {
  let s = 0;
  let w = 0;
  for (let i = 0; i < margin.length; i++) {
    const m = margin[i];
    // log(1 + e^m) − y·m, computed without overflow; equals −[y log p + (1−y) log(1−p)].
    const l = (m > 0 ? m + Math.log1p(Math.exp(-m)) : Math.log1p(Math.exp(m))) - labels[i] * m;
    const wi = weights ? weights[i] : 1;
    s += wi * l;
    w += wi;
  }
  return w > 0 ? s / w : NaN;
}
