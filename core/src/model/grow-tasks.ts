/**
 * The work of growing one tree level, cut into tasks that any thread may run in any order with
 * the same result, bit for bit: a task either handles one node (find its split, partition its
 * rows) or one block of features of one node's histogram (accumulate, derive the default bins,
 * subtract from the parent). Every histogram slot is still summed over the node's rows in row
 * order by exactly one task, so the sums — and so the model — do not depend on how many threads
 * ran the tasks or which ran what. All state lives in typed arrays (SharedArrayBuffers when
 * worker threads share it; see grow-pool.ts).
 */
import type { BinnedMatrix } from "./quantile-bins.ts";
import { emptySplit, findBestSplit, type SplitCandidate } from "./split-finder.ts";

/** Phases of a level; a task of each phase is one entry of `GrowState.tasks`. */
export const PHASE_SPLIT = 1;
export const PHASE_HIST = 2;
/** Add a leaf's value to the margins of its rows: [leaf node] per task. */
export const PHASE_LEAF = 3;
/** Gradients and hessians of a range of rows from their margins: [first row, end row] per task. */
export const PHASE_GRAD = 4;

/** What every thread reads and writes while a tree grows. */
export interface GrowState {
  readonly nRows: number;
  readonly nFeatures: number;
  /** The histogram layout (histogram.ts `HistogramRows.offsets`): feature j's bins start at offsets[j]. */
  readonly offsets: Int32Array;
  readonly nBins: Int32Array;
  readonly columns: readonly Uint8Array[] | readonly Uint16Array[];
  /** Row-major sparse slots (see histogram.ts `HistogramRows`). */
  readonly rowStart: Int32Array;
  readonly slots: Uint16Array | Uint32Array;
  readonly defaultBin: Int32Array;
  /** Feature bundles (histogram.ts `FeatureBundles`): the bundle ending at each feature, and per bundle. */
  readonly bundleEndingAt: Int32Array;
  readonly bundleSize: Int32Array;
  readonly bundleSlot: Int32Array;
  readonly bundleCombos: Int32Array;
  readonly bundleTargetStart: Int32Array;
  readonly bundleTarget: Int32Array;
  /**
   * Feature blocks for splitting one histogram across threads: block b is features
   * `blockFeature[b] .. blockFeature[b+1]`; row r's slots of block b (b ≥ 1) start at
   * `blockBound[r·(nBlocks−1) + b − 1]`.
   */
  readonly nBlocks: number;
  readonly blockFeature: Int32Array;
  readonly blockBound: Int32Array;
  /** Interleaved gradient/hessian per row. */
  readonly gh: Float64Array;
  /** Row ids; each node owns rows[begin[node] .. end[node]). */
  readonly rows: Int32Array;
  /** Where the chunks of a node partitioned in chunks put their rows (same positions as in `rows`), for `mergeChunks`. */
  readonly rows2: Int32Array;
  /** Histogram buffers, `2 · offsets[nFeatures]` doubles each. */
  readonly hists: Float64Array[];
  /** [lambda, alpha, min_child_weight, gamma]. */
  readonly params: Float64Array;
  /** Sampled features of the current tree: features[0 .. nSampled). */
  readonly features: Int32Array;
  /** Per node. */
  readonly begin: Int32Array;
  readonly end: Int32Array;
  readonly gradSum: Float64Array;
  readonly hessSum: Float64Array;
  /** Histogram buffer of a node, or -1. */
  readonly histOf: Int32Array;
  /** Split found for a node (PHASE_SPLIT's output): found 0/1, feature, bin, defaultLeft, mid. */
  readonly splitInt: Int32Array;
  /** gradLeft, hessLeft of the split found. */
  readonly splitSum: Float64Array;
  /** Per row: the margin (log-odds) so far, the label, and the weight (read only when `phase[2]` is 1). */
  readonly margin: Float64Array;
  readonly labels: Float64Array;
  readonly weights: Float64Array;
  /** Per node: the leaf value (eta · weight, rounded to float32) of the last grown tree's leaves. */
  readonly leafValue: Float64Array;
  /**
   * Task list of the current phase, 4 ints each. PHASE_SPLIT: [node, chunk, chunks]. PHASE_HIST: [node, parent
   * (or -1 for the root), block, blocks used] — build `node`'s histogram over the block, then
   * subtract it from the parent's buffer. PHASE_LEAF: [leaf node]. PHASE_GRAD: [first row, end row].
   */
  readonly tasks: Int32Array;
  /** Left rows of each chunk of a node partitioned in chunks (PHASE_SPLIT, by task). */
  readonly partLeft: Int32Array;
  /** [current phase, number of sampled features, 1 when rows have weights]. */
  readonly phase: Int32Array;
}

const SPLIT_FIELDS = 5;

/** Per-thread scratch: the partition buffer and a split candidate. */
export interface GrowScratch {
  tmp: Int32Array;
  readonly split: SplitCandidate;
}

export function growScratch(nRows: number): GrowScratch {
  return { tmp: new Int32Array(nRows), split: emptySplit() };
}

/** Runs task `t` of the current phase. */
export function runGrowTask(s: GrowState, scratch: GrowScratch, t: number): void {
  const phase = s.phase[0];
  if (phase === PHASE_SPLIT) splitTask(s, scratch, t, s.tasks[4 * t], s.tasks[4 * t + 1], s.tasks[4 * t + 2]);
  else if (phase === PHASE_HIST)
    histTask(s, s.tasks[4 * t], s.tasks[4 * t + 1], s.tasks[4 * t + 2], s.tasks[4 * t + 3]);
  else if (phase === PHASE_LEAF) leafTask(s, s.tasks[4 * t]);
  else
    gradients(
      s.margin,
      s.labels,
      s.phase[2] === 1 ? s.weights : undefined,
      s.gh,
      s.tasks[4 * t],
      s.tasks[4 * t + 1],
    );
}

function leafTask(s: GrowState, node: number): void {
  const { margin, rows } = s;
  const v = s.leafValue[node];
  for (let k = s.begin[node], e = s.end[node]; k < e; k++) margin[rows[k]] += v;
}

/**
 * XGBoost's logistic gradients g = p − y and hessians h = p(1 − p) (times the row weight) of rows
 * [from, to), each from its own margin only (so any split of the rows gives the same bytes).
 */
export function gradients(
  margin: Float64Array,
  labels: ArrayLike<number>,
  weights: ArrayLike<number> | undefined,
  gh: Float64Array,
  from: number,
  to: number,
): void {
  // XGBoost floors the hessian at 1e-16 so a saturated row never makes H exactly 0.
  if (weights) {
    for (let i = from; i < to; i++) {
      const pr = 1 / (1 + Math.exp(-margin[i]));
      const w = weights[i];
      gh[2 * i] = (pr - labels[i]) * w;
      gh[2 * i + 1] = Math.max(pr * (1 - pr), 1e-16) * w;
    }
    return;
  }
  for (let i = from; i < to; i++) {
    const pr = 1 / (1 + Math.exp(-margin[i]));
    gh[2 * i] = pr - labels[i];
    gh[2 * i + 1] = Math.max(pr * (1 - pr), 1e-16);
  }
}

/** Split fields of a node: found, feature, bin, defaultLeft, mid. */
export function splitOf(
  s: GrowState,
  node: number,
): {
  found: boolean;
  feature: number;
  bin: number;
  defaultLeft: boolean;
  mid: number;
  gradLeft: number;
  hessLeft: number;
} {
  const i = SPLIT_FIELDS * node;
  return {
    found: s.splitInt[i] === 1,
    feature: s.splitInt[i + 1],
    bin: s.splitInt[i + 2],
    defaultLeft: s.splitInt[i + 3] === 1,
    mid: s.splitInt[i + 4],
    gradLeft: s.splitSum[2 * node],
    hessLeft: s.splitSum[2 * node + 1],
  };
}

export const SPLIT_INTS_PER_NODE = SPLIT_FIELDS;

/**
 * Finds `node`'s split and partitions its rows; with `chunks` > 1, task `t` is one of `chunks`
 * equal row ranges of the node: every chunk finds the same split (chunk 0 records it) and
 * partitions its own range into the same range of `rows2`, leaving its count of left rows in `partLeft[t]`;
 * `mergeChunks` then makes the node's rows the same stable partition as one task would.
 */
function splitTask(
  s: GrowState,
  scratch: GrowScratch,
  t: number,
  node: number,
  chunk: number,
  chunks: number,
): void {
  // findBestSplit reads offsets and nBins only.
  const binned = s as unknown as BinnedMatrix;
  const hist = s.hists[s.histOf[node]];
  const p = s.params;
  const c = scratch.split;
  const found = findBestSplit(
    binned,
    hist,
    s.features.subarray(0, s.phase[1]),
    s.gradSum[node],
    s.hessSum[node],
    { lambda: p[0], alpha: p[1], min_child_weight: p[2], gamma: p[3] },
    c,
  );
  const i = SPLIT_FIELDS * node;
  if (chunks > 1) {
    if (chunk === 0) s.splitInt[i] = found ? 1 : 0;
    if (!found) return;
    if (chunk === 0) {
      s.splitInt[i + 1] = c.feature;
      s.splitInt[i + 2] = c.bin;
      s.splitInt[i + 3] = c.defaultLeft ? 1 : 0;
      s.splitSum[2 * node] = c.gradLeft;
      s.splitSum[2 * node + 1] = c.hessLeft;
    }
    const b = s.begin[node];
    const len = s.end[node] - b;
    const c0 = b + Math.floor((chunk * len) / chunks);
    const c1 = b + Math.floor(((chunk + 1) * len) / chunks);
    s.partLeft[t] = partition(s, scratch, c0, c1, c.feature, c.bin, c.defaultLeft, s.rows2) - c0;
    return;
  }
  s.splitInt[i] = found ? 1 : 0;
  if (!found) return;
  s.splitInt[i + 1] = c.feature;
  s.splitInt[i + 2] = c.bin;
  s.splitInt[i + 3] = c.defaultLeft ? 1 : 0;
  s.splitSum[2 * node] = c.gradLeft;
  s.splitSum[2 * node + 1] = c.hessLeft;
  s.splitInt[i + 4] = partition(s, scratch, s.begin[node], s.end[node], c.feature, c.bin, c.defaultLeft);
}

/**
 * After a split phase, the rows of a node partitioned in `chunks` chunks (tasks `firstTask ..`):
 * every chunk's left rows in chunk order, then every chunk's right rows; records the boundary.
 */
export function mergeChunks(s: GrowState, node: number, firstTask: number, chunks: number): void {
  const i = SPLIT_FIELDS * node;
  if (s.splitInt[i] !== 1) return;
  const b = s.begin[node];
  const len = s.end[node] - b;
  const { rows, rows2 } = s;
  let w = b;
  for (let k = 0; k < chunks; k++) {
    const c0 = b + Math.floor((k * len) / chunks);
    rows.set(rows2.subarray(c0, c0 + s.partLeft[firstTask + k]), w);
    w += s.partLeft[firstTask + k];
  }
  s.splitInt[i + 4] = w;
  for (let k = 0; k < chunks; k++) {
    const c0 = b + Math.floor((k * len) / chunks);
    const c1 = b + Math.floor(((k + 1) * len) / chunks);
    rows.set(rows2.subarray(c0 + s.partLeft[firstTask + k], c1), w);
    w += c1 - c0 - s.partLeft[firstTask + k];
  }
}

/** Stable partition of rows[begin, end): bin <= splitBin (or missing with defaultLeft) first. Returns the boundary. */
function partition(
  s: GrowState,
  scratch: GrowScratch,
  begin: number,
  end: number,
  f: number,
  splitBin: number,
  dl: boolean,
  out: Int32Array = s.rows,
): number {
  const col = s.columns[f];
  const missing = s.nBins[f];
  const rows = s.rows;
  if (scratch.tmp.length < end - begin) scratch.tmp = new Int32Array(end - begin);
  const tmp = scratch.tmp;
  let w = begin;
  let t = 0;
  const missingLeft = dl ? 1 : 0;
  // Branch-free: which side a row goes is a coin toss to the branch predictor. Each row is
  // written to both sides and only the side it belongs to advances (w ≤ k, so rows[w] is free
  // when `out` is `rows`).
  for (let k = begin; k < end; k++) {
    const r = rows[k];
    const v = col[r];
    const x = v ^ missing;
    // 1 when v <= splitBin (never for the missing code, which is above every bin), 1 when missing and dl.
    const left = (((splitBin - v) >>> 31) ^ 1) | ((((x | -x) >>> 31) ^ 1) & missingLeft);
    out[w] = r;
    tmp[t] = r;
    w += left;
    t += left ^ 1;
  }
  out.set(tmp.subarray(0, t), w);
  return w;
}

/**
 * `node`'s histogram over one feature block: zero the block, add each row's non-default slots in
 * row order, add each bundle's combinations into its features' bins (in combination order),
 * derive each feature's default bin from the node totals; then, with a parent, leave
 * parent − node (the sibling's histogram) in the parent's buffer for the same block.
 */
function histTask(s: GrowState, node: number, parent: number, block: number, blocks: number): void {
  const hist = s.hists[s.histOf[node]];
  const f0 = blocks === 1 ? 0 : s.blockFeature[block];
  const f1 = blocks === 1 ? s.nFeatures : s.blockFeature[block + 1];
  const s0 = 2 * s.offsets[f0];
  const s1 = 2 * s.offsets[f1];
  hist.fill(0, s0, s1);
  if (blocks === 1) accumulate(s.rowStart, s.slots, s.gh, s.rows, s.begin[node], s.end[node], hist);
  else
    accumulateBlock(
      s.rowStart,
      s.slots,
      s.blockBound,
      s.nBlocks - 1,
      block,
      s.gh,
      s.rows,
      s.begin[node],
      s.end[node],
      hist,
    );
  const G = s.gradSum[node];
  const H = s.hessSum[node];
  const { offsets, defaultBin, nBins, bundleEndingAt } = s;
  // Blocks never split a bundle (featureBlocks), so a block expands the bundles ending in it.
  for (let j = f0; j < f1; j++) if (bundleEndingAt[j] >= 0) expandBundle(s, bundleEndingAt[j], hist);
  for (let j = f0; j < f1; j++) {
    let g = G;
    let h = H;
    for (let k = 2 * offsets[j], e = k + 2 * (nBins[j] + 1); k < e; k += 2) {
      g -= hist[k];
      h -= hist[k + 1];
    }
    const d = 2 * (offsets[j] + defaultBin[j]);
    hist[d] = g;
    // Clamp rounding noise: a hessian sum is never negative.
    hist[d + 1] = h > 0 ? h : 0;
  }
  if (parent < 0) return;
  // The sibling trick: parent − node is the other child's histogram, in the parent's buffer.
  const ph = s.hists[s.histOf[parent]];
  for (let k = s0; k < s1; k++) ph[k] -= hist[k];
}

/** Adds each combination's sums of bundle `b` into the bins of its features' non-default values. */
function expandBundle(s: GrowState, b: number, hist: Float64Array): void {
  const k = s.bundleSize[b];
  const slot0 = 2 * s.bundleSlot[b];
  const target = s.bundleTarget;
  let t = s.bundleTargetStart[b] + k;
  // Combination 0 (every feature at its default) is never added to.
  for (let c = 1, e = s.bundleCombos[b]; c < e; c++, t += k) {
    const g = hist[slot0 + 2 * c];
    const h = hist[slot0 + 2 * c + 1];
    if (g === 0 && h === 0) continue;
    for (let i = 0; i < k; i++) {
      const to = target[t + i];
      if (to < 0) continue;
      hist[2 * to] += g;
      hist[2 * to + 1] += h;
    }
  }
}

// Runs once per node over every non-default value of its rows: keep it small and monomorphic.
function accumulate(
  rowStart: Int32Array,
  slots: Uint16Array | Uint32Array,
  gh: Float64Array,
  rows: Int32Array,
  begin: number,
  end: number,
  hist: Float64Array,
): void {
  for (let k = begin; k < end; k++) {
    const r = rows[k];
    const g = gh[2 * r];
    const h = gh[2 * r + 1];
    addRow(slots, rowStart[r], rowStart[r + 1], g, h, hist);
  }
}

// Two slots per step: a row's slots are distinct (one per feature), so every slot still gets
// its additions in row order.
function addRow(
  slots: Uint16Array | Uint32Array,
  t0: number,
  t1: number,
  g: number,
  h: number,
  hist: Float64Array,
): void {
  let t = t0;
  for (; t + 1 < t1; t += 2) {
    const a = 2 * slots[t];
    const b = 2 * slots[t + 1];
    hist[a] += g;
    hist[a + 1] += h;
    hist[b] += g;
    hist[b + 1] += h;
  }
  if (t < t1) {
    const a = 2 * slots[t];
    hist[a] += g;
    hist[a + 1] += h;
  }
}

function accumulateBlock(
  rowStart: Int32Array,
  slots: Uint16Array | Uint32Array,
  bound: Int32Array,
  stride: number,
  block: number,
  gh: Float64Array,
  rows: Int32Array,
  begin: number,
  end: number,
  hist: Float64Array,
): void {
  const first = block === 0;
  const last = block === stride;
  for (let k = begin; k < end; k++) {
    const r = rows[k];
    const g = gh[2 * r];
    const h = gh[2 * r + 1];
    const t0 = first ? rowStart[r] : bound[r * stride + block - 1];
    const t1 = last ? rowStart[r + 1] : bound[r * stride + block];
    addRow(slots, t0, t1, g, h, hist);
  }
}

/**
 * Feature blocks with about equal numbers of non-default values, and each row's slot index where
 * each block after the first starts.
 */
export function featureBlocks(
  nBlocks: number,
  offsets: Int32Array,
  rowStart: Int32Array,
  slots: Uint16Array | Uint32Array,
  alloc: (bytes: number) => ArrayBufferLike,
  bundleOf: Int32Array = new Int32Array(offsets.length - 1).fill(-1),
): { blockFeature: Int32Array; blockBound: Int32Array } {
  const nf = offsets.length - 1;
  const n = rowStart.length - 1;
  const blockFeature = new Int32Array(alloc(4 * (nBlocks + 1)));
  const blockBound = new Int32Array(alloc(4 * Math.max(1, n * (nBlocks - 1))));
  // Non-default values per feature, from the slots.
  const featureOfSlot = new Int32Array(offsets[nf]);
  for (let j = 0; j < nf; j++) featureOfSlot.fill(j, offsets[j], offsets[j + 1]);
  const perFeature = new Float64Array(nf);
  for (let t = 0; t < slots.length; t++) perFeature[featureOfSlot[slots[t]]]++;
  let total = 0;
  for (let j = 0; j < nf; j++) total += perFeature[j] + n / 8; // a feature also costs its default-bin pass
  blockFeature[nBlocks] = nf;
  let acc = 0;
  let b = 1;
  for (let j = 0; j < nf && b < nBlocks; j++) {
    acc += perFeature[j] + n / 8;
    // A block boundary never falls inside a bundle (its combinations expand in one task).
    if (j + 1 < nf && bundleOf[j] >= 0 && bundleOf[j + 1] === bundleOf[j]) continue;
    while (b < nBlocks && acc >= (b * total) / nBlocks) blockFeature[b++] = j + 1;
  }
  for (; b < nBlocks; b++) blockFeature[b] = nf;
  if (nBlocks > 1) {
    const stride = nBlocks - 1;
    for (let r = 0; r < n; r++) {
      let t = rowStart[r];
      const e = rowStart[r + 1];
      for (let k = 1; k < nBlocks; k++) {
        const first = offsets[blockFeature[k]];
        while (t < e && slots[t] < first) t++;
        blockBound[r * stride + k - 1] = t;
      }
    }
  }
  return { blockFeature, blockBound };
}
