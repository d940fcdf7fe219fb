import {
  featureBlocks,
  gradients,
  growScratch,
  mergeChunks,
  PHASE_GRAD,
  PHASE_HIST,
  PHASE_LEAF,
  PHASE_SPLIT,
  runGrowTask,
  splitOf,
  SPLIT_INTS_PER_NODE,
  type GrowState,
} from "./grow-tasks.ts";
import { histogramRows, type HistogramRows } from "./histogram.ts";
import type { BoosterParams } from "./params.ts";
import type { BinnedMatrix } from "./quantile-bins.ts";
import { leafWeight } from "./split-finder.ts";
import type { Tree } from "./tree.ts";

/** Runs the tasks of one phase (all of them, by any threads) before returning. */
export interface GrowRunner {
  /** Threads that run tasks, the calling one included. */
  readonly threads: number;
  run(state: GrowState, nTasks: number): void;
}

/** The calling thread runs every task, in order. */
export function serialRunner(nRows: number): GrowRunner {
  const scratch = growScratch(nRows);
  return {
    threads: 1,
    run(state, nTasks) {
      for (let t = 0; t < nTasks; t++) runGrowTask(state, scratch, t);
    },
  };
}

/** How to lay out a grower's state: in SharedArrayBuffers for worker threads, with `blocks` feature blocks. */
export interface GrowLayout {
  readonly shared: boolean;
  readonly blocks: number;
  /** Histogram buffers to preallocate (shared state cannot grow later); 0 = allocate on demand. */
  readonly histBuffers: number;
}

/** Histogram buffers a depthwise tree of `maxDepth` needs at once: the nodes of its last histogram level. */
export function histBuffersNeeded(maxDepth: number, nRows: number): number {
  return Math.max(1, Math.min(2 ** Math.max(0, maxDepth - 1), nRows));
}

/**
 * Builds the typed-array state every thread works on (see grow-tasks.ts); with `rows`, the
 * sparse rows already built (bin-tasks.ts `histogramRowsOnPool`).
 */
export function growState(
  binned: BinnedMatrix,
  p: BoosterParams,
  layout: GrowLayout,
  rows?: HistogramRows,
): GrowState {
  const alloc = (bytes: number): ArrayBufferLike =>
    layout.shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes);
  const share = <T extends Int32Array | Uint8Array | Uint16Array | Uint32Array | Float64Array>(a: T): T => {
    if (!layout.shared || a.buffer instanceof SharedArrayBuffer) return a;
    const copy = new (a.constructor as new (b: ArrayBufferLike) => T)(alloc(a.byteLength));
    copy.set(a as never);
    return copy;
  };
  const n = binned.nRows;
  const nf = binned.nFeatures;
  const hrows = rows ?? histogramRows(binned);
  const rowStart = share(hrows.rowStart);
  const slots = share(hrows.slots);
  const bundles = hrows.bundles;
  const blocks = featureBlocks(layout.blocks, hrows.offsets, rowStart, slots, alloc, bundles.of);
  const maxNodes = Math.min(2 ** (p.max_depth + 1) - 1, 2 * n + 1);
  const histSize = 2 * hrows.offsets[nf];
  const hists: Float64Array[] = [];
  for (let i = 0; i < layout.histBuffers; i++) hists.push(new Float64Array(alloc(8 * histSize)));
  const i32 = (len: number) => new Int32Array(alloc(4 * len));
  const f64 = (len: number) => new Float64Array(alloc(8 * len));
  const params = f64(4);
  params.set([p.lambda, p.alpha, p.min_child_weight, p.gamma]);
  const weights = f64(n);
  return {
    nRows: n,
    nFeatures: nf,
    offsets: share(hrows.offsets),
    nBins: share(binned.nBins),
    columns: binned.columns.map((c) => share(c)) as Uint8Array[] | Uint16Array[],
    rowStart,
    slots,
    defaultBin: share(hrows.defaultBin),
    bundleEndingAt: share(bundles.endingAt),
    bundleSize: share(bundles.size),
    bundleSlot: share(bundles.slot),
    bundleCombos: share(bundles.combos),
    bundleTargetStart: share(bundles.targetStart),
    bundleTarget: share(bundles.target),
    nBlocks: layout.blocks,
    blockFeature: blocks.blockFeature,
    blockBound: blocks.blockBound,
    gh: f64(2 * n),
    rows: i32(n),
    rows2: i32(n),
    hists,
    params,
    features: i32(nf),
    begin: i32(maxNodes),
    end: i32(maxNodes),
    gradSum: f64(maxNodes),
    hessSum: f64(maxNodes),
    histOf: i32(maxNodes),
    splitInt: i32(SPLIT_INTS_PER_NODE * maxNodes),
    splitSum: f64(2 * maxNodes),
    margin: f64(n),
    labels: f64(n),
    weights,
    leafValue: f64(maxNodes),
    // A phase has at most one task per node, or 4 row ranges per thread (gradients), plus, for the
    // at most 2 × threads nodes of more than a (2 × threads)th of their phase's rows, one per block or chunk.
    tasks: i32(4 * (Math.max(maxNodes, 4 * layout.blocks) + 2 * layout.blocks * layout.blocks)),
    partLeft: i32(Math.max(maxNodes, 4 * layout.blocks) + 2 * layout.blocks * layout.blocks),
    phase: i32(3),
  };
}

/**
 * Grows one depthwise tree, a level at a time: first every node of the level finds its split and
 * partitions its rows (kept in ascending order by a stable partition, each node's in a contiguous
 * segment of `rows`), then each split node builds the histogram of its smaller child only and
 * gets the larger one by subtracting it from its own, in its own buffer. The tasks of a phase are
 * independent, so a `GrowRunner` may spread them over threads; histograms split into feature
 * blocks while a level has few nodes. Every sum is formed in the same order whatever runs it, so
 * the tree is the same, bit for bit, for any number of threads.
 */
/** Nodes with at least this many rows (and more than a (2 × threads)th of their level's) are partitioned in chunks. */
const CHUNK_ROWS = 32768;

export class TreeGrower {
  private readonly binned: BinnedMatrix;
  private readonly p: BoosterParams;
  readonly state: GrowState;
  private readonly runner: GrowRunner;
  private readonly freeHists: number[] = [];
  // The last grown tree's row partition, for addLeafValues.
  private lastRows: Int32Array<ArrayBufferLike> = new Int32Array(0);
  private lastBegin: Int32Array<ArrayBufferLike> = new Int32Array(0);
  private lastEnd: Int32Array<ArrayBufferLike> = new Int32Array(0);
  private lastValue = new Float32Array(0);
  private lastLeft = new Int32Array(0);

  constructor(binned: BinnedMatrix, p: BoosterParams, runner?: GrowRunner, state?: GrowState) {
    this.binned = binned;
    this.p = p;
    this.state = state ?? growState(binned, p, { shared: false, blocks: 1, histBuffers: 0 });
    this.runner = runner ?? serialRunner(binned.nRows);
    for (let i = this.state.hists.length - 1; i >= 0; i--) this.freeHists.push(i);
  }

  /** Threads the trees grow on. */
  get threads(): number {
    return this.runner.threads;
  }

  private acquire(): number {
    const free = this.freeHists.pop();
    if (free !== undefined) return free;
    // Workers hold the buffers they were given; a new one would be invisible to them.
    if (this.state.gh.buffer instanceof SharedArrayBuffer)
      throw new Error("shared histogram buffers exhausted");
    const hists = this.state.hists;
    hists.push(new Float64Array(2 * this.state.offsets[this.state.nFeatures]));
    return hists.length - 1;
  }

  private release(buffer: number): void {
    this.freeHists.push(buffer);
  }

  /**
   * Feature blocks for a histogram of `rows` rows in a phase building histograms of `total` rows:
   * every block (one task per thread) for a histogram of more than a (2 × threads)th of the
   * phase, else one task, so that no task is much longer than a thread's fair share.
   */
  private blocksFor(rows: number, total: number): number {
    return 2 * this.runner.threads * rows > total ? this.state.nBlocks : 1;
  }

  /** Returns the tree and the bin index of each split (for fast evaluation of binned rows). */
  grow(gh: Float64Array, sampled: Int32Array, features: Int32Array): { tree: Tree; splitBin: Int32Array } {
    const p = this.p;
    const binned = this.binned;
    const s = this.state;
    const runner = this.runner;
    const nRows = sampled.length;
    s.rows.set(sampled);
    if (gh !== s.gh) s.gh.set(gh);
    s.features.set(features);
    s.phase[1] = features.length;
    // A full tree of max_depth, but never more nodes than 2·rows + 1 (every leaf holds a row).
    const maxNodes = Math.min(2 ** (p.max_depth + 1) - 1, 2 * nRows + 1);
    const left = new Int32Array(maxNodes).fill(-1);
    const right = new Int32Array(maxNodes).fill(-1);
    const feature = new Int32Array(maxNodes).fill(-1);
    const bin = new Int32Array(maxNodes);
    const defaultLeft = new Uint8Array(maxNodes);
    const { begin, end, gradSum, hessSum, histOf, tasks } = s;
    const rows = s.rows;
    const sgh = s.gh;

    let G = 0;
    let H = 0;
    for (let k = 0; k < nRows; k++) {
      G += sgh[2 * rows[k]];
      H += sgh[2 * rows[k] + 1];
    }
    gradSum[0] = G;
    hessSum[0] = H;
    begin[0] = 0;
    end[0] = nRows;
    let nNodes = 1;
    let level = [0];
    const threaded = runner.threads > 1;
    const size = (node: number) => end[node] - begin[node];
    const largestFirst = (nodes: number[]) => [...nodes].sort((a, b) => size(b) - size(a) || a - b);
    histOf[0] = this.acquire();
    const rootBlocks = this.blocksFor(nRows, nRows);
    for (let b = 0; b < rootBlocks; b++) tasks.set([0, -1, b, rootBlocks], 4 * b);
    s.phase[0] = PHASE_HIST;
    runner.run(s, rootBlocks);

    for (let depth = 0; depth < p.max_depth && level.length > 0; depth++) {
      // Largest nodes first (a partition costs its rows), so threads finish the phase together.
      const bySize = threaded ? largestFirst(level) : level;
      // While a level has fewer nodes than threads to share them out, large nodes split in chunks.
      let levelRows = 0;
      for (const node of level) levelRows += size(node);
      let nt = 0;
      for (const node of bySize) {
        const rows = size(node);
        const chunks =
          threaded && rows >= CHUNK_ROWS && 2 * runner.threads * rows > levelRows ? runner.threads : 1;
        for (let k = 0; k < chunks; k++) tasks.set([node, k, chunks, 0], 4 * nt++);
      }
      s.phase[0] = PHASE_SPLIT;
      runner.run(s, nt);
      if (nt > level.length)
        for (let t = 0; t < nt; t += tasks[4 * t + 2])
          if (tasks[4 * t + 2] > 1) mergeChunks(s, tasks[4 * t], t, tasks[4 * t + 2]);

      const nextLevel: number[] = [];
      const lastLevel = depth + 1 >= p.max_depth;
      const building: number[] = [];
      for (const node of level) {
        const split = splitOf(s, node);
        if (!split.found) {
          this.release(histOf[node]);
          continue;
        }
        const l = nNodes++;
        const r = nNodes++;
        left[node] = l;
        right[node] = r;
        feature[node] = split.feature;
        bin[node] = split.bin;
        defaultLeft[node] = split.defaultLeft ? 1 : 0;
        gradSum[l] = split.gradLeft;
        hessSum[l] = split.hessLeft;
        gradSum[r] = gradSum[node] - split.gradLeft;
        hessSum[r] = hessSum[node] - split.hessLeft;
        begin[l] = begin[node];
        end[l] = split.mid;
        begin[r] = split.mid;
        end[r] = end[node];
        nextLevel.push(l, r);
        if (lastLevel) {
          this.release(histOf[node]);
          continue;
        }
        const leftSmaller = split.mid - begin[node] <= end[node] - split.mid;
        const small = leftSmaller ? l : r;
        histOf[leftSmaller ? r : l] = histOf[node];
        histOf[small] = this.acquire();
        building.push(small, node);
      }
      if (building.length > 0) {
        let t = 0;
        const order = Array.from({ length: building.length / 2 }, (_, i) => 2 * i);
        // Largest histograms first (see the split phase).
        if (threaded) order.sort((a, b) => size(building[b]) - size(building[a]) || a - b);
        let phaseRows = 0;
        for (const i of order) phaseRows += size(building[i]);
        for (const i of order) {
          const nb = this.blocksFor(size(building[i]), phaseRows);
          for (let b = 0; b < nb; b++) tasks.set([building[i], building[i + 1], b, nb], 4 * t++);
        }
        s.phase[0] = PHASE_HIST;
        runner.run(s, t);
      }
      level = nextLevel;
    }
    // Every level released its histograms as it split (or not); only a depth-0 tree keeps its root's.
    if (p.max_depth === 0) this.release(histOf[0]);

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
        s.leafValue[i] = leafValue[i];
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

  /** The labels (and row weights) `computeGradients` reads; the margins are `state.margin`. */
  setTargets(labels: ArrayLike<number>, weights?: ArrayLike<number>): void {
    this.state.labels.set(labels);
    if (weights) this.state.weights.set(weights);
    this.state.phase[2] = weights ? 1 : 0;
  }

  /** Gradients and hessians (`state.gh`) of every row from `state.margin`, in row ranges across the runner's threads. */
  computeGradients(): void {
    const s = this.state;
    const n = s.nRows;
    const threads = this.runner.threads;
    if (threads === 1) {
      gradients(s.margin, s.labels, s.phase[2] === 1 ? s.weights : undefined, s.gh, 0, n);
      return;
    }
    const chunks = Math.max(1, Math.min(4 * threads, Math.ceil(n / 4096)));
    for (let t = 0; t < chunks; t++) {
      s.tasks[4 * t] = Math.floor((t * n) / chunks);
      s.tasks[4 * t + 1] = Math.floor(((t + 1) * n) / chunks);
    }
    s.phase[0] = PHASE_GRAD;
    this.runner.run(s, chunks);
  }

  /** Adds the last tree's leaf values to the margins of the rows it was grown on (their leaves are known from the partition). */
  addLeafValues(margin: Float64Array): void {
    const s = this.state;
    if (margin === s.margin && this.runner.threads > 1) {
      // Each row is in one leaf: one task per leaf, any thread.
      let t = 0;
      for (let node = 0; node < this.lastLeft.length; node++)
        if (this.lastLeft[node] === -1) s.tasks[4 * t++] = node;
      s.phase[0] = PHASE_LEAF;
      this.runner.run(s, t);
      return;
    }
    const rows = this.lastRows;
    for (let node = 0; node < this.lastLeft.length; node++) {
      if (this.lastLeft[node] !== -1) continue;
      const v = this.lastValue[node];
      for (let k = this.lastBegin[node], e = this.lastEnd[node]; k < e; k++) margin[rows[k]] += v;
    }
  }
}
