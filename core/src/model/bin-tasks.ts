/**
 * Quantile cuts and binning of the training matrix as pool tasks (grow-pool.ts), one task per
 * feature: a feature's cuts and bins depend on its own column only, so they are the same bytes
 * whichever thread computes them (quantile-bins.ts does the work).
 */
import type { FeatureMatrix } from "../features/feature-matrix.ts";
import { binColumn, binLayout, featureCuts, type BinnedMatrix } from "./quantile-bins.ts";

/** PHASE_CUTS: feature t's cut points into `cutsFlat`. PHASE_BINS: feature t's column of bins into `out`. */
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
}

export function runBinTask(s: BinState, t: number): void {
  if (s.phase[0] === PHASE_CUTS) {
    const cuts = featureCuts(s.columns[t], s.maxBin, s.weights);
    if (cuts.length > s.maxBin) throw new Error(`${cuts.length} cuts for feature ${t} (max_bin ${s.maxBin})`);
    s.cutsFlat.set(cuts, t * s.maxBin);
    s.cutLen[t] = cuts.length;
  } else binColumn(s.columns[t], s.cuts[t], s.out[t]);
}

/** What runs the tasks of a phase over every thread (a grow pool). */
export interface BinRunner {
  run(state: BinState, nTasks: number): void;
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
): { cuts: Float32Array[]; binned: BinnedMatrix } {
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
  const base = { kind: "bin", maxBin, columns, weights: w, cutsFlat, cutLen } as const;
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
