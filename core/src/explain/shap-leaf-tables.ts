/**
 * Per-leaf Shapley tables (the precomputation of Fast TreeSHAP v2, Yang 2021, "Fast TreeSHAP:
 * Accelerating SHAP Value Computation for Trees") for the shallow trees of an ensemble.
 *
 * What path-dependent TreeSHAP gives a leaf's features depends on the row only through which of
 * the leaf's path features the row "follows" (every split on that feature along the path sends
 * the row the path's way): one bit per unique path feature. Everything else — the cover
 * fractions, the Shapley weights, the leaf value — is fixed by the tree. So for each leaf and
 * each of the 2^d bit patterns (d = unique features on its path) we run Algorithm 2's leaf step
 * once, ahead of time, and a row only has to find its pattern and add d numbers.
 *
 * Trees whose paths are too deep for that (2^d·d entries per leaf) are left to Algorithm 2.
 */
import type { ShapEnsemble } from "./shap-ensemble.ts";

export interface LeafTables {
  /** Per tree: 1 when the tree is explained from tables, 0 when it is left to Algorithm 2. */
  readonly tabled: Uint8Array;
  /**
   * Per split node of a tabled tree: the bit of its feature. Bit j stands for the j-th distinct
   * feature met on the way down from the root, so it is the same for every leaf below the node.
   */
  readonly nodeBit: Int32Array;
  /** Per leaf node of a tabled tree: its index in the per-leaf arrays below (-1 elsewhere). */
  readonly nodeLeaf: Int32Array;
  /** Per leaf: its d unique path features are uniqueFeature[uniqueStart[l] … uniqueStart[l+1]), entry j = bit j. */
  readonly uniqueStart: Int32Array;
  readonly uniqueFeature: Int32Array;
  /** Per leaf: its table starts at tableStart[l]; entry (mask, j) is at tableStart[l] + mask·d + j. */
  readonly tableStart: Int32Array;
  readonly table: Float64Array;
  /**
   * Stumps (a root split with two leaves) among the tabled trees, for a shorter path:
   * `at[t]` is where tree t's four entries start in `table` (-1 when t is not a stump): the left
   * leaf's entries for masks 0 and 1, then the right leaf's.
   */
  readonly stump: { readonly at: Int32Array; readonly table: Float64Array };
}

export interface LeafTableLimits {
  /** Largest number of unique features on a path for which a tree is tabled (default 6). */
  readonly maxPathFeatures?: number;
  /** Largest total number of table entries over the ensemble (default 2^23, 64 MiB). */
  readonly maxEntries?: number;
}

const cache = new WeakMap<ShapEnsemble, LeafTables>();

/** Leaf tables for `c` with the default limits (cached per compiled ensemble). */
export function leafTablesFor(c: ShapEnsemble): LeafTables {
  let t = cache.get(c);
  if (t === undefined) {
    t = buildLeafTables(c);
    cache.set(c, t);
  }
  return t;
}

interface LeafInfo {
  node: number;
  features: number[];
  zero: number[];
  value: number;
}

export function buildLeafTables(c: ShapEnsemble, limits: LeafTableLimits = {}): LeafTables {
  const maxPathFeatures = limits.maxPathFeatures ?? 6;
  let budget = limits.maxEntries ?? 2 ** 23;
  const tabled = new Uint8Array(c.nTrees);
  const nodeBit = new Int32Array(c.left.length);
  const nodeLeaf = new Int32Array(c.left.length).fill(-1);
  const leaves: LeafInfo[] = [];
  for (let t = 0; t < c.nTrees; t++) {
    const treeLeaves = collectLeaves(c, c.treeStart[t], nodeBit);
    const entries = treeLeaves.reduce((s, l) => s + (l.features.length << l.features.length), 0);
    if (treeLeaves.every((l) => l.features.length <= maxPathFeatures) && entries <= budget) {
      budget -= entries;
      tabled[t] = 1;
      for (const l of treeLeaves) nodeLeaf[l.node] = leaves.push(l) - 1;
    }
  }

  const n = leaves.length;
  const uniqueStart = new Int32Array(n + 1);
  const tableStart = new Int32Array(n);
  let nUnique = 0;
  let nTable = 0;
  leaves.forEach((l, i) => {
    uniqueStart[i] = nUnique;
    tableStart[i] = nTable;
    nUnique += l.features.length;
    nTable += l.features.length << l.features.length;
  });
  uniqueStart[n] = nUnique;
  const uniqueFeature = new Int32Array(nUnique);
  const table = new Float64Array(nTable);
  const scratch = new Float64Array(maxPathFeatures + 2);
  leaves.forEach((l, i) => {
    uniqueFeature.set(l.features, uniqueStart[i]);
    fillLeafTable(l, table, tableStart[i], scratch);
  });
  const at = new Int32Array(c.nTrees).fill(-1);
  const stumps: number[] = [];
  for (let t = 0; t < c.nTrees; t++) {
    const g = c.treeStart[t];
    if (tabled[t] !== 1 || c.treeStart[t + 1] - g !== 3 || c.left[g] !== g + 1 || c.right[g] !== g + 2)
      continue;
    at[t] = stumps.length;
    for (const leaf of [g + 1, g + 2]) {
      const k = tableStart[nodeLeaf[leaf]];
      stumps.push(table[k], table[k + 1]);
    }
  }
  const stump = { at, table: Float64Array.from(stumps) };
  return { tabled, nodeBit, nodeLeaf, uniqueStart, uniqueFeature, tableStart, table, stump };
}

/**
 * Every leaf of the tree at `root`, with its unique path features (in order of first appearance)
 * and their cover-fraction products; sets `nodeBit` for the tree's splits on the way.
 */
function collectLeaves(c: ShapEnsemble, root: number, nodeBit: Int32Array): LeafInfo[] {
  const out: LeafInfo[] = [];
  const features: number[] = [];
  const zero: number[] = [];
  const visit = (node: number): void => {
    if (c.left[node] === -1) {
      out.push({ node, features: [...features], zero: [...zero], value: c.value[node] });
      return;
    }
    const f = c.feature[node];
    let j = features.indexOf(f);
    const added = j === -1;
    if (added) {
      j = features.length;
      features.push(f);
      zero.push(1);
    }
    nodeBit[node] = 1 << j;
    for (const child of [c.left[node], c.right[node]]) {
      const before = zero[j];
      zero[j] = before * c.zeroFraction[child];
      visit(child);
      zero[j] = before;
    }
    if (added) {
      features.pop();
      zero.pop();
    }
  };
  visit(root);
  return out;
}

/**
 * Algorithm 2's leaf step for every bit pattern: EXTEND the path with each unique feature
 * (zero fraction = its cover product, one fraction = its bit), then UNWOUND-sum each element.
 */
function fillLeafTable(l: LeafInfo, table: Float64Array, start: number, w: Float64Array): void {
  const d = l.features.length;
  for (let mask = 0; mask < 1 << d; mask++) {
    // The path starts with XGBoost's dummy element (zero = one = 1), then one element per feature.
    w.fill(0);
    w[0] = 1;
    for (let depth = 1; depth <= d; depth++) {
      const zero = l.zero[depth - 1];
      const one = (mask >> (depth - 1)) & 1;
      w[depth] = 0;
      for (let i = depth - 1; i >= 0; i--) {
        w[i + 1] += (one * w[i] * (i + 1)) / (depth + 1);
        w[i] = (zero * w[i] * (depth - i)) / (depth + 1);
      }
    }
    for (let j = 0; j < d; j++) {
      const zero = l.zero[j];
      const one = (mask >> j) & 1;
      let total = 0;
      if (one !== 0) {
        let next = w[d];
        for (let i = d - 1; i >= 0; i--) {
          const tmp = (next * (d + 1)) / (i + 1);
          total += tmp;
          next = w[i] - (tmp * zero * (d - i)) / (d + 1);
        }
      } else if (zero !== 0) {
        for (let i = d - 1; i >= 0; i--) total += (w[i] * (d + 1)) / (zero * (d - i));
      }
      table[start + mask * d + j] = total * (one - zero) * l.value;
    }
  }
}
