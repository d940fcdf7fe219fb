/**
 * Shallow ensembles laid out as complete binary trees, and walking kernels compiled for their
 * depth. Every tree is padded to the ensemble's depth D (a leaf above depth D becomes splits whose
 * two sides are copies of it, so any answer to the padding splits reaches the same value), then
 * stored heap-style: node i's children are 2i+1 and 2i+2, leaves are the last 2^D slots. A walk
 * is then D steps of index arithmetic with no child pointers and no branches, and the kernel walks
 * eight rows at once, so their loads overlap instead of waiting on each other.
 */
import type { FlatEnsemble } from "./flat-ensemble.ts";

/** Deepest ensemble laid out this way (2^8 leaves per tree); deeper ones are walked node by node. */
export const COMPLETE_TREES_MAX_DEPTH = 8;

export interface CompleteTrees {
  readonly depth: number;
  /**
   * Per tree, 2^D − 1 splits: `feature << 1 | missingRight` (one load for both: 1 when a missing
   * value goes right) and the float32 threshold.
   */
  readonly split: Int32Array;
  readonly threshold: Float32Array;
  /** Per tree, 2^D leaf values (float32). */
  readonly leaf: Float32Array;
}

const cache = new WeakMap<FlatEnsemble, CompleteTrees | null>();

/** The complete-tree layout of `flat`, or null when it is deeper than `COMPLETE_TREES_MAX_DEPTH`. */
export function completeTrees(flat: FlatEnsemble): CompleteTrees | null {
  let c = cache.get(flat);
  if (c === undefined) {
    c = flat.maxDepth <= COMPLETE_TREES_MAX_DEPTH ? layOut(flat) : null;
    cache.set(flat, c);
  }
  return c;
}

function layOut(flat: FlatEnsemble): CompleteTrees {
  const depth = flat.maxDepth;
  const nSplits = (1 << depth) - 1;
  const nLeaves = 1 << depth;
  const split = new Int32Array(flat.nTrees * nSplits);
  const threshold = new Float32Array(flat.nTrees * nSplits);
  const leaf = new Float32Array(flat.nTrees * nLeaves);
  for (let t = 0; t < flat.nTrees; t++) {
    const fill = (g: number, pos: number, d: number): void => {
      if (d === depth) {
        leaf[t * nLeaves + pos - nSplits] = flat.value[g];
        return;
      }
      const k = t * nSplits + pos;
      if (flat.right[g] === -1) {
        // Padding: feature 0 at threshold 0, both sides the same leaf.
        fill(g, 2 * pos + 1, d + 1);
        fill(g, 2 * pos + 2, d + 1);
        return;
      }
      split[k] = (flat.feature[g] << 1) | (flat.missingLeft[g] === 1 ? 0 : 1);
      threshold[k] = flat.threshold[g];
      fill(g + 1, 2 * pos + 1, d + 1);
      fill(flat.right[g], 2 * pos + 2, d + 1);
    };
    fill(flat.treeStart[t], 0, 0);
  }
  return { depth, split, threshold, leaf };
}

/**
 * Adds trees [t0, t1)'s leaf values to `acc[0 … len)` for the `len` rows of `block` (row-major,
 * `nf` values per row, NaN = missing). `acc` is a Float32Array (float32 sums) or a Float64Array.
 */
export type CompleteTreesKernel = (
  trees: CompleteTrees,
  block: Float32Array,
  len: number,
  nf: number,
  t0: number,
  t1: number,
  acc: Float32Array | Float64Array,
) => void;

const kernels = new Map<string, CompleteTreesKernel>();

/**
 * The kernel for depth `depth`, one per accumulator type so each stays monomorphic. Generated
 * code: the D steps and eight rows are unrolled (a loop over them costs about a third more).
 */
export function completeTreesKernel(depth: number, acc: "float32" | "float64"): CompleteTreesKernel {
  const key = `${depth}/${acc}`;
  let k = kernels.get(key);
  if (k === undefined) {
    k = compileKernel(depth);
    kernels.set(key, k);
  }
  return k;
}

const WIDTH = 8;

function compileKernel(depth: number): CompleteTreesKernel {
  const nSplits = (1 << depth) - 1;
  const nLeaves = 1 << depth;
  // x < threshold goes left (index 2i+1), x ≥ threshold right (2i+2), NaN by the split's low bit.
  const step = (i: string, o: string) =>
    `{ const g = nb + ${i}; const c = split[g]; const x = block[${o} + (c >> 1)]; ` +
    `${i} = 2 * ${i} + 1 + ((+(x >= threshold[g])) | (+(x !== x) & c)); }\n`;
  let body = `
    const split = trees.split, threshold = trees.threshold, leaf = trees.leaf;
    for (let t = t0; t < t1; t++) {
      const nb = t * ${nSplits};
      const lb = t * ${nLeaves} - ${nSplits};
      let r = 0;
      for (; r + ${WIDTH} <= len; r += ${WIDTH}) {\n`;
  for (let w = 0; w < WIDTH; w++) body += `let i${w} = 0; const o${w} = (r + ${w}) * nf;\n`;
  for (let d = 0; d < depth; d++) for (let w = 0; w < WIDTH; w++) body += step(`i${w}`, `o${w}`);
  for (let w = 0; w < WIDTH; w++) body += `acc[r + ${w}] += leaf[lb + i${w}];\n`;
  body += `}
      for (; r < len; r++) {
        let i = 0;
        const o = r * nf;
        for (let d = 0; d < ${depth}; d++) ${step("i", "o")}
        acc[r] += leaf[lb + i];
      }
    }`;
  return new Function("trees", "block", "len", "nf", "t0", "t1", "acc", body) as CompleteTreesKernel;
}
