/**
 * Quantile cuts and binning of the training matrix as pool tasks (grow-pool.ts), one task per
 * feature: a feature's cuts and bins depend on its own column only, so they are the same bytes
 * whichever thread computes them (quantile-bins.ts does the work).
 */
import type { FeatureMatrix } from "../features/feature-matrix.ts";
import {
  binCounts,
  countRowSlots,
  fillRowSlots,
  rowSlotPlan,
  slotArray,
  type HistogramRows,
  type RowSlotPlan,
} from "./histogram.ts";
import { binColumn, binLayout, featureCuts, type BinnedMatrix } from "./quantile-bins.ts";

/**
 * PHASE_CUTS: feature t's cut points into `cutsFlat`. PHASE_BINS: feature t's column of bins
 * into `out`, and how often each bin occurs into `counts`.
 */
export const PHASE_CUTS = 1;
export const PHASE_BINS = 2;

export interface BinState {
  readonly kind: "bin";
  /** [phase]. */
  readonly phase: Int32Array;
  readonly maxBin: number;
  readonly columns: readonly Float32Array[];
  readonly weights: Float64Array | undefined;
  /** Feature j's cuts are `cutsFlat[j·maxBin .. j·maxBin + cutLen[j])`. */
  readonly cutsFlat: Float32Array;
  readonly cutLen: Int32Array;
  /** PHASE_BINS only: the cuts of each feature, and its bins' column. */
  readonly cuts: readonly Float32Array[];
  readonly out: readonly (Uint8Array | Uint16Array)[];
  /** Feature j's bin counts are `counts[j·(maxBin + 1) ..]` (PHASE_BINS). */
  readonly counts: Int32Array;
}

export function runBinTask(s: BinState, t: number): void {
  if (s.phase[0] === PHASE_CUTS) {
    const cuts = featureCuts(s.columns[t], s.maxBin, s.weights);
    if (cuts.length > s.maxBin) throw new Error(`${cuts.length} cuts for feature ${t} (max_bin ${s.maxBin})`);
    s.cutsFlat.set(cuts, t * s.maxBin);
    s.cutLen[t] = cuts.length;
  } else {
    binColumn(s.columns[t], s.cuts[t], s.out[t]);
    const stride = s.maxBin + 1;
    binCounts(s.out[t], s.cuts[t].length, s.counts.subarray(t * stride, (t + 1) * stride));
  }
}

/** What runs the tasks of a phase over every thread (a grow pool). */
export interface BinRunner {
  run(state: BinState | RowsState, nTasks: number): void;
}

/**
 * `computeQuantileCuts` and `binMatrix` on a pool's threads: the same cuts and bins, bit for bit.
 * The columns are copied into shared memory once; the bins are left there (tree growing shares them).
 */
export function binOnPool(
  matrix: FeatureMatrix,
  maxBin: number,
  weights: ArrayLike<number> | undefined,
  runner: BinRunner,
): { cuts: Float32Array[]; binned: BinnedMatrix; counts: Int32Array[] } {
  const n = matrix.nRows;
  const nf = matrix.columns.length;
  const shared = (bytes: number) => new SharedArrayBuffer(Math.max(bytes, 1));
  const columns = matrix.columns.map((c) => {
    if (c.buffer instanceof SharedArrayBuffer) return c;
    const copy = new Float32Array(shared(4 * n));
    copy.set(c);
    return copy;
  });
  let w: Float64Array | undefined;
  if (weights) {
    w = new Float64Array(shared(8 * n));
    w.set(weights);
  }
  const cutsFlat = new Float32Array(shared(4 * nf * maxBin));
  const cutLen = new Int32Array(shared(4 * nf));
  const phase = new Int32Array(shared(4));
  phase[0] = PHASE_CUTS;
  const counts = new Int32Array(shared(4 * nf * (maxBin + 1)));
  const base = { kind: "bin", maxBin, columns, weights: w, cutsFlat, cutLen, counts } as const;
  runner.run({ ...base, phase, cuts: [], out: [] }, nf);
  const cuts = Array.from({ length: nf }, (_, j) => cutsFlat.slice(j * maxBin, j * maxBin + cutLen[j]));
  const { nBins, offsets, wide } = binLayout(cuts);
  const out = Array.from({ length: nf }, () =>
    wide ? new Uint16Array(shared(2 * n)) : new Uint8Array(shared(n)),
  );
  const binsPhase = new Int32Array(shared(4));
  binsPhase[0] = PHASE_BINS;
  runner.run({ ...base, phase: binsPhase, cuts, out }, nf);
  return {
    cuts,
    counts: Array.from({ length: nf }, (_, j) => counts.subarray(j * (maxBin + 1), (j + 1) * (maxBin + 1))),
    binned: {
      nRows: n,
      nFeatures: nf,
      cuts,
      nBins,
      offsets,
      columns: out as Uint8Array[] | Uint16Array[],
    },
  };
}

/** PHASE_COUNT: the slot counts of row range t into `rowStart`. PHASE_FILL: its slots. */
export const PHASE_COUNT = 1;
export const PHASE_FILL = 2;

/** The sparse row-major copy of the bins (histogram.ts `HistogramRows`), built in row ranges. */
export interface RowsState {
  readonly kind: "rows";
  /** [phase]. */
  readonly phase: Int32Array;
  readonly plan: RowSlotPlan;
  readonly columns: readonly Uint8Array[] | readonly Uint16Array[];
  /** Row range t is `bounds[t] .. bounds[t + 1]`. */
  readonly bounds: Int32Array;
  readonly rowStart: Int32Array;
  readonly slots: Uint16Array | Uint32Array;
}

export function runRowsTask(s: RowsState, t: number): void {
  const from = s.bounds[t];
  const to = s.bounds[t + 1];
  if (s.phase[0] === PHASE_COUNT) countRowSlots(s.plan, s.columns, from, to, s.rowStart);
  else fillRowSlots(s.plan, s.columns, from, to, s.rowStart, s.slots);
}

/**
 * `histogramRows` on a pool's threads, in shared memory, from the bin counts `binOnPool` found:
 * every row's slots depend on that row only, so the bytes are the same.
 */
export function histogramRowsOnPool(
  binned: BinnedMatrix,
  counts: readonly Int32Array[],
  runner: BinRunner & { readonly threads: number },
): HistogramRows {
  const n = binned.nRows;
  const shared = (bytes: number) => new SharedArrayBuffer(Math.max(bytes, 1));
  const plan = rowSlotPlan(binned, counts);
  const ranges = Math.max(1, Math.min(4 * runner.threads, Math.ceil(n / 4096)));
  const bounds = new Int32Array(shared(4 * (ranges + 1)));
  for (let t = 0; t <= ranges; t++) bounds[t] = Math.floor((t * n) / ranges);
  const rowStart = new Int32Array(shared(4 * (n + 1)));
  const phase = new Int32Array(shared(4));
  phase[0] = PHASE_COUNT;
  const base = { kind: "rows", plan, columns: binned.columns, bounds, rowStart } as const;
  runner.run({ ...base, phase, slots: new Uint16Array(0) }, ranges);
  for (let i = 0; i < n; i++) rowStart[i + 1] += rowStart[i];
  const slots = slotArray(plan, rowStart[n], shared);
  const fillPhase = new Int32Array(shared(4));
  fillPhase[0] = PHASE_FILL;
  runner.run({ ...base, phase: fillPhase, slots }, ranges);
  return { rowStart, slots, defaultBin: plan.defaultBin, offsets: plan.offsets, bundles: plan.bundles };
}
