/**
 * Exact path-dependent TreeSHAP (Lundberg et al. 2018, "Consistent Individualized Feature
 * Attribution for Tree Ensembles", Algorithm 2) — the algorithm behind XGBoost's
 * `pred_contribs=True` and the shap library's TreeExplainer, with their EXTEND / UNWIND path
 * of (feature, zero fraction, one fraction, permutation weight).
 *
 * Values are in margin (log-odds) space. The "hot" child of a split is the one the row
 * actually takes, NaN following `defaultLeft`, exactly as XGBoost does; fractions come from
 * the node covers. For every row `base + Σ values = margin`.
 *
 * Shallow trees (≤ 6 unique features on every path, the usual case) are by default explained
 * from per-leaf tables that run Algorithm 2's leaf step ahead of time for every pattern of
 * followed/not-followed path features (see shap-leaf-tables.ts); the values are the same up to
 * float rounding, several times faster. Deeper trees always go through Algorithm 2 directly.
 */
import type { FeatureMatrix } from "../features/feature-matrix.ts";
import type { TreeEnsemble } from "../model/tree.ts";
import { ensembleColumns } from "./ensemble-columns.ts";
import { compileShapEnsemble, type ShapEnsemble } from "./shap-ensemble.ts";
import { leafTablesFor, type LeafTables } from "./shap-leaf-tables.ts";
import { onnxruntimeTreeParts } from "../model/evaluate-flat-ensemble.ts";

/** SHAP values for a batch of rows. */
export interface TreeShapResult {
  /** Expected margin: baseMargin + Σ over trees of the cover-weighted mean leaf value (XGBoost's BIAS). */
  readonly base: number;
  readonly nRows: number;
  /** The ensemble's feature names; `values` has one column per name, in this order. */
  readonly featureNames: readonly string[];
  /** Row-major nRows × nFeatures: `values[i * nFeatures + j]` is feature j's contribution to row i. */
  readonly values: Float64Array;
  /** The model's margin for each row: baseMargin + Σ leaf values (= base + Σ values). */
  readonly margin: Float64Array;
  /**
   * With `onnxruntimeThreads`: each row's leaf values summed as onnxruntime's classifier sums them
   * (float32, from 0, without the base margin) — tree by tree (`sequential`) and by its parts of
   * trees (`byParts`), see evaluate-flat-ensemble.ts. Which one a row gets depends on the rows per
   * `session.run`; `onnxruntimeScores` in score/onnxruntime-probabilities.ts picks it.
   */
  readonly onnxruntime?: { readonly sequential: Float32Array; readonly byParts: Float32Array };
}

/** SHAP values for one row. */
export interface RowShap {
  readonly base: number;
  /** One value per ensemble feature. */
  readonly values: Float64Array;
  readonly margin: number;
}

export interface TreeShapOptions {
  /** Output buffer for the values (length ≥ nRows × nFeatures); zeroed and filled. */
  readonly values?: Float64Array;
  /** Output buffer for the margins (length ≥ nRows). */
  readonly margin?: Float64Array;
  /** Use precomputed per-leaf tables for shallow trees (default true); false runs Algorithm 2 on every tree. */
  readonly leafTables?: boolean;
  /**
   * Also sum each row's leaf values as an onnxruntime session with this many intra-op threads
   * does (`TreeShapResult.onnxruntime`), in the same walk over the trees.
   */
  readonly onnxruntimeThreads?: number;
  /** Output buffers for those sums (length ≥ nRows). */
  readonly onnxruntimeOut?: { readonly sequential: Float32Array; readonly byParts: Float32Array };
}

export interface TreeShapRowOptions {
  /** Output buffer for the values (length ≥ nFeatures); zeroed and filled. */
  readonly values?: Float64Array;
  /** As in `TreeShapOptions`. */
  readonly leafTables?: boolean;
}

/**
 * Path-dependent TreeSHAP for every row of a feature matrix. The matrix's columns are matched
 * to the ensemble's features by name, so it may hold extra columns or a different order.
 *
 * @example
 * const { base, values, margin } = treeShap(model.ensemble, matrix);
 * const nf = model.ensemble.featureNames.length;
 * // contribution of feature j to row i: values[i * nf + j]; base + Σ_j values[i*nf+j] === margin[i]
 */
export function treeShap(
  ensemble: TreeEnsemble,
  matrix: FeatureMatrix,
  options: TreeShapOptions = {},
): TreeShapResult {
  const c = compileShapEnsemble(ensemble);
  const nf = c.nFeatures;
  const n = matrix.nRows;
  const columns = ensembleColumns(ensemble, matrix);
  const values = options.values ?? new Float64Array(n * nf);
  const margin = options.margin ?? new Float64Array(n);
  if (values.length < n * nf) throw new Error(`values buffer too short: ${values.length} (need ${n * nf})`);
  if (margin.length < n) throw new Error(`margin buffer too short: ${margin.length} (need ${n})`);
  values.fill(0, 0, n * nf);
  const ws = createWorkspace(c);
  const tables = options.leafTables === false ? null : leafTablesFor(c);
  const x = new Float64Array(nf);
  const threads = options.onnxruntimeThreads;
  if (threads === undefined) {
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < nf; j++) x[j] = columns[j][i];
      margin[i] = shapRowInto(c, tables, ws, x, values, i * nf);
    }
    return { base: c.base, nRows: n, featureNames: ensemble.featureNames, values, margin };
  }
  if (!(Number.isInteger(threads) && threads >= 1)) throw new Error(`invalid onnxruntimeThreads: ${threads}`);
  const sequential = options.onnxruntimeOut?.sequential ?? new Float32Array(n);
  const byParts = options.onnxruntimeOut?.byParts ?? new Float32Array(n);
  if (sequential.length < n || byParts.length < n)
    throw new Error(
      `onnxruntime buffers too short: ${Math.min(sequential.length, byParts.length)} (need ${n})`,
    );
  // Marks the last tree of each of onnxruntime's parts; the sums come back in `sums`.
  const partEnd = new Uint8Array(Math.max(1, c.nTrees));
  const parts = onnxruntimeTreeParts(Math.max(1, c.nTrees), threads);
  for (let k = 1; k < parts.length; k++) partEnd[parts[k] - 1] = 1;
  const sums = new Float64Array(2);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < nf; j++) x[j] = columns[j][i];
    margin[i] = shapRowInto(c, tables, ws, x, values, i * nf, partEnd, sums);
    sequential[i] = sums[0];
    byParts[i] = sums[1];
  }
  return {
    base: c.base,
    nRows: n,
    featureNames: ensemble.featureNames,
    values,
    margin,
    onnxruntime: { sequential, byParts },
  };
}

/**
 * TreeSHAP for a single row given in the ensemble's feature order (NaN = missing).
 *
 * @example
 * const { base, values, margin } = treeShapRow(ensemble, [1, 29.85, NaN]);
 */
export function treeShapRow(
  ensemble: TreeEnsemble,
  row: ArrayLike<number>,
  options: TreeShapRowOptions = {},
): RowShap {
  const c = compileShapEnsemble(ensemble);
  if (row.length !== c.nFeatures)
    throw new Error(`row length: ${row.length} (model has ${c.nFeatures} features)`);
  const values = options.values ?? new Float64Array(c.nFeatures);
  if (values.length < c.nFeatures)
    throw new Error(`values buffer too short: ${values.length} (need ${c.nFeatures})`);
  values.fill(0, 0, c.nFeatures);
  const tables = options.leafTables === false ? null : leafTablesFor(c);
  const margin = shapRowInto(c, tables, createWorkspace(c), Float64Array.from(row), values, 0);
  return { base: c.base, values: values.subarray(0, c.nFeatures), margin };
}

/**
 * The path arrays, preallocated once per call. XGBoost's layout: the path at recursion depth d
 * is a copy of its parent's, stored right after it, so the total is maxd·(maxd+1)/2 elements
 * with maxd = max tree depth + 2. Also the ratios EXTEND and UNWIND multiply by, per path length d
 * and position i (`stride` per d), so the inner loops multiply instead of divide.
 */
interface Workspace {
  readonly feature: Int32Array;
  readonly zero: Float64Array;
  readonly one: Float64Array;
  readonly weight: Float64Array;
  readonly stride: number;
  /** (i+1)/(d+1) */
  readonly up: Float64Array;
  /** (d−i)/(d+1) */
  readonly down: Float64Array;
  /** (d+1)/(i+1) */
  readonly invUp: Float64Array;
  /** (d+1)/(d−i) */
  readonly invDown: Float64Array;
  /** Per node of a tabled tree: bit j set when the row follows every split on path feature j so far. */
  readonly mask: Int32Array;
}

function createWorkspace(c: ShapEnsemble): Workspace {
  const maxd = c.maxDepth + 2;
  const size = (maxd * (maxd + 1)) >> 1;
  const stride = maxd + 1;
  const up = new Float64Array(stride * stride);
  const down = new Float64Array(stride * stride);
  const invUp = new Float64Array(stride * stride);
  const invDown = new Float64Array(stride * stride);
  for (let d = 0; d <= maxd; d++) {
    for (let i = 0; i <= d; i++) {
      up[d * stride + i] = (i + 1) / (d + 1);
      down[d * stride + i] = (d - i) / (d + 1);
      invUp[d * stride + i] = (d + 1) / (i + 1);
      invDown[d * stride + i] = i < d ? (d + 1) / (d - i) : 0;
    }
  }
  return {
    feature: new Int32Array(size),
    zero: new Float64Array(size),
    one: new Float64Array(size),
    weight: new Float64Array(size),
    stride,
    up,
    down,
    invUp,
    invDown,
    mask: new Int32Array(c.left.length),
  };
}

/**
 * Adds every tree's contributions for row `x` to `phi[off … off+nFeatures)`; returns the margin.
 * With `partEnd` (1 at the last tree of each of onnxruntime's parts), also sums the reached leaf
 * values in float32 from 0 as onnxruntime does: tree by tree into `sums[0]`, by parts into `sums[1]`.
 */
function shapRowInto(
  c: ShapEnsemble,
  tables: LeafTables | null,
  ws: Workspace,
  x: Float64Array,
  phi: Float64Array,
  off: number,
  partEnd: Uint8Array | null = null,
  sums: Float64Array | null = null,
): number {
  const { treeStart, left, right, feature, threshold, defaultLeft, value } = c;
  const tabled = tables === null ? null : tables.tabled;
  const stumpAt = tables === null ? null : tables.stump.at;
  const stumpTable = tables === null ? null : tables.stump.table;
  let margin = c.baseMargin;
  let seq = 0;
  let part = 0;
  let merged = 0;
  let firstPart = true;
  for (let t = 0; t < c.nTrees; t++) {
    let reached: number;
    const k = stumpAt === null ? -1 : stumpAt[t];
    if (k >= 0) {
      // A stump (one split, two leaves: the default recipe's trees): its two table rows added in
      // the order tableTreeInto adds them (left leaf, then right leaf), so the values are the
      // same to the last bit, without the walk over the tree's nodes.
      // Branch-free: which side a row takes is a coin flip the CPU cannot predict.
      const g = treeStart[t];
      const v = x[feature[g]];
      const f = off + feature[g];
      const goLeft = +(v < threshold[g]) | (+(v !== v) & defaultLeft[g]);
      phi[f] += stumpTable![k + goLeft];
      phi[f] += stumpTable![k + 3 - goLeft];
      reached = value[g + 2 - goLeft];
    } else if (tabled !== null && tabled[t] === 1) {
      reached = tableTreeInto(c, tables!, ws.mask, t, x, phi, off);
    } else {
      const root = treeStart[t];
      recurse(c, ws, x, phi, off, root, 0, 0, 1, 1, -1);
      // The leaf this row reaches, for the margin.
      let node = root;
      while (left[node] !== -1) {
        const v = x[feature[node]];
        node =
          v !== v
            ? defaultLeft[node] === 1
              ? left[node]
              : right[node]
            : v < threshold[node]
              ? left[node]
              : right[node];
      }
      reached = value[node];
    }
    margin += reached;
    if (partEnd !== null) {
      seq = Math.fround(seq + reached);
      part = Math.fround(part + reached);
      if (partEnd[t] === 1) {
        merged = firstPart ? part : Math.fround(merged + part);
        firstPart = false;
        part = 0;
      }
    }
  }
  if (sums !== null) {
    sums[0] = seq;
    sums[1] = merged;
  }
  return margin;
}

/**
 * Tree `t` from its leaf tables. One pass over the nodes in preorder carries down, per node, the
 * bits of the path features the row has followed so far (a split clears its feature's bit on the
 * side the row does not take); at each leaf that mask picks the table row to add.
 * Returns the value of the leaf the row reaches (the one whose mask is full).
 */
function tableTreeInto(
  c: ShapEnsemble,
  lt: LeafTables,
  mask: Int32Array,
  t: number,
  x: Float64Array,
  phi: Float64Array,
  off: number,
): number {
  const { left, right, feature, threshold, defaultLeft } = c;
  const { nodeBit, nodeLeaf, uniqueStart, uniqueFeature, tableStart, table } = lt;
  let reached = 0;
  const root = c.treeStart[t];
  mask[root] = -1;
  for (let g = root, end = c.treeStart[t + 1]; g < end; g++) {
    const l = left[g];
    const m = mask[g];
    if (l !== -1) {
      const v = x[feature[g]];
      // Branch-free (the side taken is unpredictable): the bit survives on the side taken only.
      const goLeft = +(v < threshold[g]) | (+(v !== v) & defaultLeft[g]);
      const bit = m & nodeBit[g];
      const cleared = m ^ bit;
      mask[l] = cleared | (bit & -goLeft);
      mask[right[g]] = cleared | (bit & (goLeft - 1));
      continue;
    }
    const leaf = nodeLeaf[g];
    const u = uniqueStart[leaf];
    const d = uniqueStart[leaf + 1] - u;
    const full = (1 << d) - 1;
    const bits = m & full;
    if (bits === full) reached = c.value[g];
    const at = tableStart[leaf] + bits * d;
    for (let j = 0; j < d; j++) phi[off + uniqueFeature[u + j]] += table[at + j];
  }
  return reached;
}

/**
 * One step of Algorithm 2 (XGBoost's `RegTree::TreeShap` without the interaction `condition`).
 * `parentAt` is where the parent's path starts in the workspace and `depth` its length; this node's
 * path starts right after it, at `parentAt + depth + 1`, and gets the parent's split appended.
 * Kept a plain module function with scalar arguments: it runs once per node per tree per row.
 * One fractions are always 0 or 1 here (the hot child passes its incoming one fraction, the cold 0).
 */
function recurse(
  c: ShapEnsemble,
  ws: Workspace,
  x: Float64Array,
  phi: Float64Array,
  off: number,
  node: number,
  depth: number,
  parentAt: number,
  parentZero: number,
  parentOne: number,
  parentFeature: number,
): void {
  const pf = ws.feature;
  const pz = ws.zero;
  const po = ws.one;
  const pw = ws.weight;
  const row = depth * ws.stride;

  // Copy the parent's path and EXTEND it with the parent's split.
  const at = parentAt + depth + 1;
  for (let k = 0; k < depth; k++) {
    pf[at + k] = pf[parentAt + k];
    pz[at + k] = pz[parentAt + k];
    po[at + k] = po[parentAt + k];
    pw[at + k] = pw[parentAt + k];
  }
  pf[at + depth] = parentFeature;
  pz[at + depth] = parentZero;
  po[at + depth] = parentOne;
  pw[at + depth] = depth === 0 ? 1 : 0;
  {
    const up = ws.up;
    const down = ws.down;
    for (let i = depth - 1; i >= 0; i--) {
      const w = pw[at + i];
      pw[at + i + 1] += parentOne * w * up[row + i];
      pw[at + i] = parentZero * w * down[row + i];
    }
  }

  const l = c.left[node];
  if (l === -1) {
    // Leaf: each feature on the path gets its UNWOUND path sum times (one − zero) times the leaf
    // value. For an element with one = 0 the sum is Σ_i w_i·(d+1)/(d−i) / zero, so its
    // contribution, −leaf·Σ_i w_i·(d+1)/(d−i), is the same for every such element: computed once.
    const leaf = c.value[node];
    const invUp = ws.invUp;
    const down = ws.down;
    let coldShare = NaN;
    for (let p = 1; p <= depth; p++) {
      const one = po[at + p];
      const zero = pz[at + p];
      let contribution = 0;
      if (one !== 0) {
        const invOne = 1 / one;
        let next = pw[at + depth];
        let total = 0;
        for (let i = depth - 1; i >= 0; i--) {
          const tmp = next * invUp[row + i] * invOne;
          total += tmp;
          next = pw[at + i] - tmp * zero * down[row + i];
        }
        contribution = total * (one - zero) * leaf;
      } else if (zero !== 0) {
        if (coldShare !== coldShare) {
          const invDown = ws.invDown;
          coldShare = 0;
          for (let i = depth - 1; i >= 0; i--) coldShare += pw[at + i] * invDown[row + i];
          coldShare *= -leaf;
        }
        contribution = coldShare;
      }
      phi[off + pf[at + p]] += contribution;
    }
    return;
  }

  const r = c.right[node];
  const split = c.feature[node];
  const v = x[split];
  const hot = v !== v ? (c.defaultLeft[node] === 1 ? l : r) : v < c.threshold[node] ? l : r;
  const cold = hot === l ? r : l;
  let incomingZero = 1;
  let incomingOne = 1;

  // If this feature was split on higher up, UNWIND that element so it is redone here.
  let p = 0;
  while (p <= depth && pf[at + p] !== split) p++;
  if (p <= depth) {
    incomingZero = pz[at + p];
    incomingOne = po[at + p];
    const invUp = ws.invUp;
    const down = ws.down;
    const invDown = ws.invDown;
    if (incomingOne !== 0) {
      const invOne = 1 / incomingOne;
      let next = pw[at + depth];
      for (let i = depth - 1; i >= 0; i--) {
        const tmp = pw[at + i];
        const w = next * invUp[row + i] * invOne;
        pw[at + i] = w;
        next = tmp - w * incomingZero * down[row + i];
      }
    } else {
      const invZero = 1 / incomingZero;
      for (let i = depth - 1; i >= 0; i--) pw[at + i] = pw[at + i] * invDown[row + i] * invZero;
    }
    for (let i = p; i < depth; i++) {
      pf[at + i] = pf[at + i + 1];
      pz[at + i] = pz[at + i + 1];
      po[at + i] = po[at + i + 1];
    }
    depth -= 1;
  }

  // A child whose element would be (zero 0, one 0) — a cold child with no cover, or a hot one with
  // no cover for a feature the row already left the path on — gives every leaf below it zero
  // weight: skip it (XGBoost recurses and can hit 0/0 when the feature is split again).
  const hotZero = c.zeroFraction[hot] * incomingZero;
  if (hotZero !== 0 || incomingOne !== 0)
    recurse(c, ws, x, phi, off, hot, depth + 1, at, hotZero, incomingOne, split);
  const coldZero = c.zeroFraction[cold] * incomingZero;
  if (coldZero !== 0) recurse(c, ws, x, phi, off, cold, depth + 1, at, coldZero, 0, split);
}
