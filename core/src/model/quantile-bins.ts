import type { FeatureMatrix } from "../features/feature-matrix.ts";

/**
 * A feature matrix quantised to histogram bins with fixed per-feature cut points, as XGBoost's
 * `hist` method does. For feature j, `cuts[j]` is ascending (float32) and bin b holds the values
 * `cuts[j][b-1] <= x < cuts[j][b]` (bin 0 everything below `cuts[j][0]`); the last cut is a
 * sentinel above the largest training value. So "bin <= b" is exactly "x < cuts[j][b]", the
 * split test of a tree. A missing value (NaN) gets bin `nBins[j]`, one past the last bin.
 * Column-major, so partitioning a node's rows on one feature reads one small column; histogram
 * building uses the row-major sparse copy in histogram.ts.
 */
export interface BinnedMatrix {
  readonly nRows: number;
  readonly nFeatures: number;
  readonly cuts: readonly Float32Array[];
  /** Bins per feature (= cuts[j].length); also each feature's missing code. */
  readonly nBins: Int32Array;
  /** Histogram slot of each feature's bin 0; feature j owns slots offsets[j] .. offsets[j] + nBins[j] (the last is its missing slot). Length nFeatures + 1. */
  readonly offsets: Int32Array;
  /** Column-major bins (`columns[j][i]`); Uint8Array when every bin and missing code fits in a byte. */
  readonly columns: readonly Uint8Array[] | readonly Uint16Array[];
}

/**
 * Per-feature cut points from training data, like XGBoost's `hist`: with at most `maxBin`
 * distinct values every distinct value starts its own bin; otherwise the cuts are (weighted)
 * quantiles of the non-missing values, at most `maxBin` bins. Each cut is a data value, so a
 * split "x < cut" separates observed values exactly; the sentinel is `max + (|max| + 1e-5)`,
 * as in XGBoost. With few distinct values the cuts are exactly XGBoost 1.7's; above `maxBin`
 * XGBoost's streaming quantile sketch picks slightly different quantile points than these exact
 * ones, so thresholds on such features can differ from XGBoost's by a neighbouring data value.
 */
export function computeQuantileCuts(
  matrix: FeatureMatrix,
  maxBin: number,
  weights?: ArrayLike<number>,
): Float32Array[] {
  return matrix.columns.map((col) => featureCuts(col, maxBin, weights));
}

/** One feature's cut points (see `computeQuantileCuts`); at most `maxBin` of them. */
export function featureCuts(col: Float32Array, maxBin: number, weights?: ArrayLike<number>): Float32Array {
  // Sorted non-missing values with their weights, collapsed to distinct values.
  let n = 0;
  for (let i = 0; i < col.length; i++) if (col[i] === col[i]) n++;
  if (n === 0) return Float32Array.of(Infinity);
  const few = fewDistinctValues(col, maxBin, weights === undefined);
  if (few !== undefined) return cutsOfDistinct(few);
  const vals = new Float32Array(n);
  const wts = new Float64Array(n);
  if (weights) {
    const idx = new Int32Array(n);
    for (let i = 0, k = 0; i < col.length; i++) if (col[i] === col[i]) idx[k++] = i;
    const order = Array.from(idx).sort((a, b) => col[a] - col[b] || a - b);
    for (let k = 0; k < n; k++) {
      vals[k] = col[order[k]];
      wts[k] = weights[order[k]];
    }
  } else {
    for (let i = 0, k = 0; i < col.length; i++) if (col[i] === col[i]) vals[k++] = col[i];
    vals.sort();
    wts.fill(1);
  }
  const distinct: number[] = [];
  const dw: number[] = [];
  for (let k = 0; k < n; k++) {
    if (k > 0 && vals[k] === vals[k - 1]) dw[dw.length - 1] += wts[k];
    else {
      distinct.push(vals[k]);
      dw.push(wts[k]);
    }
  }
  if (distinct.length <= maxBin) return cutsOfDistinct(distinct);
  const max = distinct[distinct.length - 1];
  const sentinel = Math.fround(max + (Math.abs(max) + 1e-5));
  const cuts: number[] = [];
  {
    let total = 0;
    for (const w of dw) total += w;
    // The cut for quantile q is the distinct value whose weight interval contains rank q·W.
    let k = 0;
    let before = 0;
    for (let q = 1; q < maxBin; q++) {
      const rank = (q * total) / maxBin;
      while (k < distinct.length - 1 && before + dw[k] <= rank) {
        before += dw[k];
        k++;
      }
      if (k >= 1 && (cuts.length === 0 || distinct[k] > cuts[cuts.length - 1])) cuts.push(distinct[k]);
    }
  }
  if (sentinel > (cuts.length ? cuts[cuts.length - 1] : -Infinity)) cuts.push(sentinel);
  return Float32Array.from(cuts);
}

/** Every distinct value starts a bin (the first bin also holds everything below), then the sentinel. */
function cutsOfDistinct(distinct: readonly number[]): Float32Array {
  const max = distinct[distinct.length - 1];
  const sentinel = Math.fround(max + (Math.abs(max) + 1e-5));
  const cuts = distinct.slice(1);
  if (sentinel > (cuts.length ? cuts[cuts.length - 1] : -Infinity)) cuts.push(sentinel);
  return Float32Array.from(cuts);
}

/**
 * The distinct non-missing values of a column in ascending order when there are at most `maxBin`
 * of them (most encoded columns: flags and one-hot categories), found without sorting the
 * column; undefined when there are more. Zero's sign is the one the sorting path would keep:
 * -0 when present (a typed-array sort puts it first), or with weights the first in row order.
 */
function fewDistinctValues(
  col: Float32Array,
  maxBin: number,
  preferNegativeZero: boolean,
): number[] | undefined {
  const values: number[] = [];
  let set: Set<number> | undefined;
  let negativeZero = false;
  for (let i = 0; i < col.length; i++) {
    const x = col[i];
    if (x !== x) continue;
    if (x === 0 && 1 / x < 0) negativeZero = true;
    if (set === undefined) {
      let k = 0;
      while (k < values.length && values[k] !== x) k++;
      if (k < values.length) continue;
      values.push(x);
      // A linear scan while there are few values; a set beyond.
      if (values.length > 8) set = new Set(values);
    } else {
      if (set.has(x)) continue;
      set.add(x);
      values.push(x);
    }
    if (values.length > maxBin) return undefined;
  }
  values.sort((a, b) => a - b);
  if (negativeZero && preferNegativeZero) values[values.indexOf(0)] = -0;
  return values;
}

/** Bins `matrix` with the given cut points (the training cuts, for validation data too). */
export function binMatrix(matrix: FeatureMatrix, cuts: readonly Float32Array[]): BinnedMatrix {
  const nFeatures = matrix.columns.length;
  if (cuts.length !== nFeatures) throw new Error(`cuts for ${cuts.length} features, matrix has ${nFeatures}`);
  const { nBins, offsets, wide } = binLayout(cuts);
  const columns = matrix.columns.map((col, j) => {
    const out = wide ? new Uint16Array(matrix.nRows) : new Uint8Array(matrix.nRows);
    binColumn(col, cuts[j], out);
    return out;
  });
  return {
    nRows: matrix.nRows,
    nFeatures,
    cuts,
    nBins,
    offsets,
    columns: columns as Uint8Array[] | Uint16Array[],
  };
}

/** Bins per feature, the histogram offsets, and whether a bin code needs more than a byte. */
export function binLayout(cuts: readonly Float32Array[]): {
  nBins: Int32Array;
  offsets: Int32Array;
  wide: boolean;
} {
  const nFeatures = cuts.length;
  const nBins = new Int32Array(nFeatures);
  const offsets = new Int32Array(nFeatures + 1);
  let maxCode = 0;
  for (let j = 0; j < nFeatures; j++) {
    nBins[j] = cuts[j].length;
    offsets[j + 1] = offsets[j] + nBins[j] + 1;
    maxCode = Math.max(maxCode, nBins[j]);
  }
  return { nBins, offsets, wide: maxCode > 255 };
}

/** Bin of each value: the first cut greater than x (clamped to the last bin); NaN → cuts.length. */
export function binColumn(col: Float32Array, cuts: Float32Array, out: Uint8Array | Uint16Array): void {
  const nb = cuts.length;
  const last = nb - 1;
  for (let i = 0; i < col.length; i++) {
    const x = col[i];
    if (x !== x) {
      out[i] = nb;
      continue;
    }
    let lo = 0;
    let hi = last;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cuts[mid] > x) hi = mid;
      else lo = mid + 1;
    }
    out[i] = lo;
  }
}
