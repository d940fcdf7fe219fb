import { buildHistogram, histogramRows, subtractHistogram, type HistogramRows } from "./histogram.ts";
import type { BoosterParams } from "./params.ts";
import type { BinnedMatrix } from "./quantile-bins.ts";
import { emptySplit, findBestSplit, leafWeight } from "./split-finder.ts";
import type { Tree } from "./tree.ts";

/**
 * Grows one depthwise tree. Rows of each node occupy a contiguous segment of `rows` (kept in
 * ascending order by a stable partition); each level builds the histogram of the smaller child
 * only and gets the larger one by subtracting it from the parent's, in the parent's buffer.
 */
export class TreeGrower {
  private readonly binned: BinnedMatrix;
  private readonly hrows: HistogramRows;
  private readonly p: BoosterParams;
  private readonly histSize: number;
  private readonly pool: Float64Array[] = [];
  private tmp = new Int32Array(0);
  private readonly split = emptySplit();
  // The last grown tree's row partition, for addLeafValues.
  private lastRows = new Int32Array(0);
  private lastBegin = new Int32Array(0);
  private lastEnd = new Int32Array(0);
  private lastValue = new Float32Array(0);
  private lastLeft = new Int32Array(0);

  constructor(binned: BinnedMatrix, p: BoosterParams) {
    this.binned = binned;
    this.hrows = histogramRows(binned);
    this.p = p;
    this.histSize = 2 * binned.offsets[binned.nFeatures];
  }

  private acquire(): Float64Array {
    return this.pool.pop() ?? new Float64Array(this.histSize);
  }

  /** Returns the tree and the bin index of each split (for fast evaluation of binned rows). */
  grow(gh: Float64Array, sampled: Int32Array, features: Int32Array): { tree: Tree; splitBin: Int32Array } {
    const p = this.p;
    const binned = this.binned;
    const rows = Int32Array.from(sampled);
    if (this.tmp.length < rows.length) this.tmp = new Int32Array(rows.length);
    // A full tree of max_depth, but never more nodes than 2·rows + 1 (every leaf holds a row).
    const maxNodes = Math.min(2 ** (p.max_depth + 1) - 1, 2 * rows.length + 1);
    const left = new Int32Array(maxNodes).fill(-1);
    const right = new Int32Array(maxNodes).fill(-1);
    const feature = new Int32Array(maxNodes).fill(-1);
    const bin = new Int32Array(maxNodes);
    const defaultLeft = new Uint8Array(maxNodes);
    const gradSum = new Float64Array(maxNodes);
    const hessSum = new Float64Array(maxNodes);
    const begin = new Int32Array(maxNodes);
    const end = new Int32Array(maxNodes);

    let G = 0;
    let H = 0;
    for (let k = 0; k < rows.length; k++) {
      G += gh[2 * rows[k]];
      H += gh[2 * rows[k] + 1];
    }
    gradSum[0] = G;
    hessSum[0] = H;
    begin[0] = 0;
    end[0] = rows.length;
    let nNodes = 1;
    let level = [0];
    const rootHist = this.acquire();
    buildHistogram(binned, this.hrows, gh, rows, 0, rows.length, G, H, rootHist);
    let hists = [rootHist];
    for (let depth = 0; depth < p.max_depth && level.length > 0; depth++) {
      const nextLevel: number[] = [];
      const nextHists: Float64Array[] = [];
      const lastLevel = depth + 1 >= p.max_depth;
      for (let li = 0; li < level.length; li++) {
        const node = level[li];
        const hist = hists[li];
        const s = this.split;
        if (!findBestSplit(binned, hist, features, gradSum[node], hessSum[node], p, s)) {
          this.pool.push(hist);
          continue;
        }
        const l = nNodes++;
        const r = nNodes++;
        left[node] = l;
        right[node] = r;
        feature[node] = s.feature;
        bin[node] = s.bin;
        defaultLeft[node] = s.defaultLeft ? 1 : 0;
        gradSum[l] = s.gradLeft;
        hessSum[l] = s.hessLeft;
        gradSum[r] = s.gradRight;
        hessSum[r] = s.hessRight;
        const mid = this.partition(rows, begin[node], end[node], s.feature, s.bin, s.defaultLeft);
        begin[l] = begin[node];
        end[l] = mid;
        begin[r] = mid;
        end[r] = end[node];
        nextLevel.push(l, r);
        if (lastLevel) {
          this.pool.push(hist);
          continue;
        }
        const leftSmaller = mid - begin[node] <= end[node] - mid;
        const small = leftSmaller ? l : r;
        const smallHist = this.acquire();
        buildHistogram(
          binned,
          this.hrows,
          gh,
          rows,
          begin[small],
          end[small],
          gradSum[small],
          hessSum[small],
          smallHist,
        );
        subtractHistogram(hist, smallHist);
        if (leftSmaller) nextHists.push(smallHist, hist);
        else nextHists.push(hist, smallHist);
      }
      level = nextLevel;
      hists = nextHists;
    }
    for (const h of hists) this.pool.push(h);

    const tLeft = left.slice(0, nNodes);
    const tRight = right.slice(0, nNodes);
    const tFeature = feature.slice(0, nNodes);
    const tBin = bin.slice(0, nNodes);
    const tDefault = defaultLeft.slice(0, nNodes);
    const threshold = new Float32Array(nNodes);
    const leafValue = new Float32Array(nNodes);
    const cover = new Float32Array(nNodes);
    for (let i = 0; i < nNodes; i++) {
      cover[i] = hessSum[i];
      if (tLeft[i] === -1) {
        leafValue[i] = p.eta * leafWeight(gradSum[i], hessSum[i], p);
        tBin[i] = 0;
      } else threshold[i] = binned.cuts[tFeature[i]][tBin[i]];
    }
    const tree = {
      left: tLeft,
      right: tRight,
      feature: tFeature,
      threshold,
      defaultLeft: tDefault,
      value: leafValue,
      cover,
    };
    this.lastRows = rows;
    this.lastBegin = begin;
    this.lastEnd = end;
    this.lastValue = leafValue;
    this.lastLeft = tLeft;
    return { tree, splitBin: tBin };
  }

  /** Adds the last tree's leaf values to the margins of the rows it was grown on (their leaves are known from the partition). */
  addLeafValues(margin: Float64Array): void {
    const rows = this.lastRows;
    for (let node = 0; node < this.lastLeft.length; node++) {
      if (this.lastLeft[node] !== -1) continue;
      const v = this.lastValue[node];
      for (let k = this.lastBegin[node], e = this.lastEnd[node]; k < e; k++) margin[rows[k]] += v;
    }
  }

  /** Stable partition of rows[begin, end): bin <= splitBin (or missing with defaultLeft) first. Returns the boundary. */
  private partition(
    rows: Int32Array,
    begin: number,
    end: number,
    f: number,
    splitBin: number,
    dl: boolean,
  ): number {
    const col = this.binned.columns[f];
    const missing = this.binned.nBins[f];
    const tmp = this.tmp;
    let w = begin;
    let t = 0;
    for (let k = begin; k < end; k++) {
      const r = rows[k];
      const v = col[r];
      if (v === missing ? dl : v <= splitBin) rows[w++] = r;
      else tmp[t++] = r;
    }
    rows.set(tmp.subarray(0, t), w);
    return w;
  }
}
