/**
 * The in-memory tree representation shared by training, XGBoost import, ONNX export,
 * scoring and TreeSHAP. Structure-of-arrays, one entry per node, node 0 is the root.
 *
 * Split semantics are XGBoost's: a row goes left when `x < threshold` (float32 compare),
 * right when `x >= threshold`, and follows `defaultLeft` when `x` is missing (NaN).
 * Values are float32 because XGBoost and ONNX store them as float32; keeping them so
 * here makes our evaluation, the ONNX file and XGBoost agree bit for bit.
 */
export interface Tree {
  /** Index of the left child, or -1 for a leaf. */
  readonly left: Int32Array;
  /** Index of the right child, or -1 for a leaf. */
  readonly right: Int32Array;
  /** Split feature index into the ensemble's feature list, or -1 for a leaf. */
  readonly feature: Int32Array;
  /** Split threshold (float32): `x < threshold` goes left. 0 for leaves. */
  readonly threshold: Float32Array;
  /** 1 when a missing value goes left, 0 when it goes right. */
  readonly defaultLeft: Uint8Array;
  /** Leaf value in margin (log-odds) space, already scaled by eta. 0 for internal nodes. */
  readonly value: Float32Array;
  /** Cover: the sum of hessians of the training rows that reached the node (TreeSHAP needs it). */
  readonly cover: Float32Array;
}

/** An additive ensemble of regression trees in margin space: margin = baseMargin + Σ leaf values. */
export interface TreeEnsemble {
  readonly trees: readonly Tree[];
  /** Margin added to every prediction (logit(base_score) for binary:logistic). */
  readonly baseMargin: number;
  /** Feature names in input order; a tree's `feature` indexes into this list. */
  readonly featureNames: readonly string[];
}

/** Number of nodes in a tree. */
export function nodeCount(tree: Tree): number {
  return tree.left.length;
}

/** True when node `i` is a leaf. */
export function isLeaf(tree: Tree, i: number): boolean {
  return tree.left[i] === -1;
}

/** A tree of `n` nodes with every array zeroed (`left` filled with `leftFill`), ready to be filled in. */
export function allocateTree(n: number, leftFill = 0): Tree {
  return {
    left: new Int32Array(n).fill(leftFill),
    right: new Int32Array(n),
    feature: new Int32Array(n),
    threshold: new Float32Array(n),
    defaultLeft: new Uint8Array(n),
    value: new Float32Array(n),
    cover: new Float32Array(n),
  };
}
