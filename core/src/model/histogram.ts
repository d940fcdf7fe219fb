import type { BinnedMatrix } from "./quantile-bins.ts";

/**
 * The training rows in the layout histogram building wants: row-major, and sparse. Each feature
 * has a default bin (its most frequent one on the training rows: 0 for most one-hot columns);
 * a row lists only the histogram slots of its non-default bins. A node's default-bin sums are
 * then its totals minus the other bins of that feature, so a row costs as many additions as it
 * has non-default values (about 15 of 45 on Telco) instead of one per feature. XGBoost's hist
 * does the same for the zeros of sparse data; here "zero" is whatever value is most common.
 */
export interface HistogramRows {
  /** Row i's slots are `slots[rowStart[i] .. rowStart[i+1])`. */
  readonly rowStart: Int32Array;
  /** Global histogram slots (`offsets[j] + bin`), ascending within a row. */
  readonly slots: Uint16Array | Uint32Array;
  /** Default bin of each feature. */
  readonly defaultBin: Int32Array;
}

export function histogramRows(binned: BinnedMatrix): HistogramRows {
  const { nRows: n, nFeatures: nf, nBins, offsets, columns } = binned;
  const defaultBin = new Int32Array(nf);
  let nnz = 0;
  for (let j = 0; j < nf; j++) {
    const count = new Int32Array(nBins[j] + 1);
    const col = columns[j];
    for (let i = 0; i < n; i++) count[col[i]]++;
    let best = 0;
    for (let b = 1; b <= nBins[j]; b++) if (count[b] > count[best]) best = b;
    defaultBin[j] = best;
    nnz += n - count[best];
  }
  const rowStart = new Int32Array(n + 1);
  for (let j = 0; j < nf; j++) {
    const col = columns[j];
    const d = defaultBin[j];
    for (let i = 0; i < n; i++) if (col[i] !== d) rowStart[i + 1]++;
  }
  for (let i = 0; i < n; i++) rowStart[i + 1] += rowStart[i];
  const slots = offsets[nf] <= 65536 ? new Uint16Array(nnz) : new Uint32Array(nnz);
  const fill = rowStart.slice(0, n);
  for (let j = 0; j < nf; j++) {
    const col = columns[j];
    const d = defaultBin[j];
    const off = offsets[j];
    for (let i = 0; i < n; i++) if (col[i] !== d) slots[fill[i]++] = off + col[i];
  }
  return { rowStart, slots, defaultBin };
}
