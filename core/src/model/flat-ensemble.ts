/**
 * An ensemble compiled for batch evaluation: every tree's nodes in one set of typed arrays
 * (struct of arrays), depth-first preorder so a split's left child is the next node, and the
 * split column's offset precomputed for column-major input. Cached per ensemble.
 */
import type { TreeEnsemble } from "./tree.ts";

export interface FlatEnsemble {
  readonly nFeatures: number;
  readonly nTrees: number;
  /** The exact base margin, and the float32 one the ONNX file's `base_values` holds. */
  readonly baseMargin: number;
  readonly baseMargin32: number;
  /** Tree t's nodes are [treeStart[t], treeStart[t+1]); treeStart[t] is its root. */
  readonly treeStart: Int32Array;
  /** Global index of the right child; -1 marks a leaf. The left child is always node + 1. */
  readonly right: Int32Array;
  /** Split feature (-1 on leaves). */
  readonly feature: Int32Array;
  /** float32 thresholds: `x < threshold` goes left, `x ≥ threshold` right (XGBoost's and BRANCH_LT's rule). */
  readonly threshold: Float32Array;
  /** 1 when a missing value (NaN) goes left. */
  readonly missingLeft: Uint8Array;
  /** Leaf values (float32, exactly as in the trees and the ONNX file; 0 on splits). */
  readonly value: Float32Array;
  /** The deepest root-to-leaf path, in splits. */
  readonly maxDepth: number;
  /** True when every leaf value is ≥ 0 (onnxruntime treats such classifiers differently). */
  readonly allLeavesNonNegative: boolean;
}

const cache = new WeakMap<TreeEnsemble, FlatEnsemble>();

/**
 * Flattens `ensemble` for `evaluateFlatEnsemble` (cached by identity: treat ensembles as
 * immutable). Throws on a malformed tree, naming it.
 *
 * @example
 * const flat = flattenEnsemble(model.ensemble);
 * flat.nTrees; // 100
 */
export function flattenEnsemble(ensemble: TreeEnsemble): FlatEnsemble {
  let f = cache.get(ensemble);
  if (f === undefined) {
    f = flatten(ensemble);
    cache.set(ensemble, f);
  }
  return f;
}

function flatten(ensemble: TreeEnsemble): FlatEnsemble {
  const nFeatures = ensemble.featureNames.length;
  const nTrees = ensemble.trees.length;
  const total = ensemble.trees.reduce((s, t) => s + t.left.length, 0);
  const treeStart = new Int32Array(nTrees + 1);
  const right = new Int32Array(total);
  const feature = new Int32Array(total);
  const threshold = new Float32Array(total);
  const missingLeft = new Uint8Array(total);
  const value = new Float32Array(total);
  let maxDepth = 0;
  let allLeavesNonNegative = true;
  let next = 0;
  ensemble.trees.forEach((tree, t) => {
    const n = tree.left.length;
    if (n === 0) throw new Error(`empty tree: ${t}`);
    treeStart[t] = next;
    const seen = new Uint8Array(n);
    // Iterative preorder (a deep tree must not overflow the stack): right children wait on a stack.
    const stack: number[] = [0, 0];
    const patch: number[] = [-1];
    while (stack.length > 0) {
      const depth = stack.pop()!;
      const i = stack.pop()!;
      const from = patch.pop()!;
      if (!(i >= 0 && i < n) || seen[i]) throw new Error(`invalid child index: ${i} (tree ${t})`);
      seen[i] = 1;
      const g = next++;
      if (from >= 0) right[from] = g;
      if (tree.left[i] === -1) {
        right[g] = -1;
        feature[g] = -1;
        value[g] = tree.value[i];
        if (!(tree.value[i] >= 0)) allLeavesNonNegative = false;
        if (depth > maxDepth) maxDepth = depth;
        continue;
      }
      const f = tree.feature[i];
      if (!(f >= 0 && f < nFeatures)) throw new Error(`invalid split feature: ${f} (tree ${t}, node ${i})`);
      feature[g] = f;
      threshold[g] = tree.threshold[i];
      missingLeft[g] = tree.defaultLeft[i];
      // Push the right child first so the left one is visited next (it lands at g + 1).
      stack.push(tree.right[i], depth + 1);
      patch.push(g);
      stack.push(tree.left[i], depth + 1);
      patch.push(-1);
    }
  });
  treeStart[nTrees] = next;
  return {
    nFeatures,
    nTrees,
    baseMargin: ensemble.baseMargin,
    baseMargin32: Math.fround(ensemble.baseMargin),
    treeStart,
    right: right.subarray(0, next),
    feature: feature.subarray(0, next),
    threshold: threshold.subarray(0, next),
    missingLeft: missingLeft.subarray(0, next),
    value: value.subarray(0, next),
    maxDepth,
    allLeavesNonNegative,
  };
}
