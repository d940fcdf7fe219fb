/**
 * What TreeSHAP needs from an ensemble, flattened once and cached per ensemble: every tree's
 * nodes in one set of typed arrays (preorder, child indices global), each node's cover fraction
 * of its parent, the expected margin and the deepest tree's depth.
 */
import type { TreeEnsemble } from "../model/tree.ts";

export interface ShapEnsemble {
  readonly nFeatures: number;
  readonly nTrees: number;
  readonly baseMargin: number;
  /** baseMargin + Σ over trees of the cover-weighted mean leaf value (XGBoost's BIAS column). */
  readonly base: number;
  /** Deepest root-to-leaf path, in splits, over all trees. */
  readonly maxDepth: number;
  /**
   * Tree t's nodes are [treeStart[t], treeStart[t+1]), in depth-first preorder (a parent before
   * its children, left subtree first); treeStart[t] is its root. Unreachable nodes are dropped.
   */
  readonly treeStart: Int32Array;
  /** Global child indices, -1 for leaves. */
  readonly left: Int32Array;
  readonly right: Int32Array;
  readonly feature: Int32Array;
  readonly threshold: Float32Array;
  readonly defaultLeft: Uint8Array;
  /** Leaf values as doubles (0 on internal nodes). */
  readonly value: Float64Array;
  /** cover(node) / cover(parent) (½ under a parent with cover 0); 1 at roots. */
  readonly zeroFraction: Float64Array;
}

const cache = new WeakMap<TreeEnsemble, ShapEnsemble>();

/** Flattens `ensemble` for TreeSHAP (cached by identity: treat ensembles as immutable). */
export function compileShapEnsemble(ensemble: TreeEnsemble): ShapEnsemble {
  let c = cache.get(ensemble);
  if (c === undefined) {
    c = compile(ensemble);
    cache.set(ensemble, c);
  }
  return c;
}

function compile(ensemble: TreeEnsemble): ShapEnsemble {
  const nFeatures = ensemble.featureNames.length;
  const nTrees = ensemble.trees.length;
  const total = ensemble.trees.reduce((s, t) => s + t.left.length, 0);
  const treeStart = new Int32Array(nTrees + 1);
  const left = new Int32Array(total);
  const right = new Int32Array(total);
  const feature = new Int32Array(total);
  const threshold = new Float32Array(total);
  const defaultLeft = new Uint8Array(total);
  const value = new Float64Array(total);
  const zeroFraction = new Float64Array(total);
  let base = ensemble.baseMargin;
  let maxDepth = 0;
  let next = 0;
  ensemble.trees.forEach((tree, t) => {
    const n = tree.left.length;
    if (n === 0) throw new Error(`empty tree: ${t}`);
    treeStart[t] = next;
    const seen = new Uint8Array(n);
    // Depth-first preorder from the root: checks the structure, renumbers the nodes, fills the
    // fractions and returns the subtree's cover-weighted mean.
    const visit = (i: number, depth: number): number => {
      if (!(i >= 0 && i < n) || seen[i]) throw new Error(`invalid child index: ${i} (tree ${t})`);
      seen[i] = 1;
      const g = next++;
      const l = tree.left[i];
      const r = tree.right[i];
      if (l === -1) {
        left[g] = right[g] = feature[g] = -1;
        value[g] = tree.value[i];
        if (depth > maxDepth) maxDepth = depth;
        return value[g];
      }
      const f = tree.feature[i];
      if (!(f >= 0 && f < nFeatures)) throw new Error(`invalid split feature: ${f} (tree ${t}, node ${i})`);
      for (const k of [i, l, r]) {
        const w = tree.cover[k];
        if (!(w >= 0 && w < Infinity)) throw new Error(`invalid cover: ${w} (tree ${t}, node ${k})`);
      }
      feature[g] = f;
      threshold[g] = tree.threshold[i];
      defaultLeft[g] = tree.defaultLeft[i];
      // A split no training row reached (cover 0) weighs its children equally: XGBoost would
      // divide 0 by 0 here and return NaN. Any finite fractions keep the values exact Shapley
      // values of the cover-weighted game, so base + Σ values = margin still holds.
      const w = tree.cover[i];
      const zl = w > 0 ? tree.cover[l] / w : 0.5;
      const zr = w > 0 ? tree.cover[r] / w : 0.5;
      left[g] = next;
      zeroFraction[next] = zl;
      const ml = visit(l, depth + 1);
      right[g] = next;
      zeroFraction[next] = zr;
      const mr = visit(r, depth + 1);
      return ml * zl + mr * zr;
    };
    zeroFraction[next] = 1;
    base += visit(0, 0);
  });
  treeStart[nTrees] = next;
  return {
    nFeatures,
    nTrees,
    baseMargin: ensemble.baseMargin,
    base,
    maxDepth,
    treeStart,
    left: left.slice(0, next),
    right: right.slice(0, next),
    feature: feature.slice(0, next),
    threshold: threshold.slice(0, next),
    defaultLeft: defaultLeft.slice(0, next),
    value: value.slice(0, next),
    zeroFraction: zeroFraction.slice(0, next),
  };
}
