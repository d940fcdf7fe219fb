// Seeded random ensembles and rows for TreeSHAP tests, plus a plain margin evaluator that shares
// no code with the explainer. Thresholds and row values come from a small grid, so rows land
// exactly on thresholds (checking `<` versus `>=`) and features repeat along paths (checking UNWIND).
import type { FeatureMatrix } from "../../src/features/feature-matrix.ts";
import type { Tree, TreeEnsemble } from "../../src/model/tree.ts";

/** mulberry32: a small seeded generator returning floats in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface RandomEnsembleOptions {
  nFeatures: number;
  nTrees: number;
  /** Maximum depth in splits; trees stop early at random, so they are unbalanced. */
  maxDepth: number;
  /** Probability that a child is a cover-0 leaf (a branch no training row took). */
  zeroCoverRate?: number;
}

const GRID = [0, 0.5, 1, 1.5, 2, 2.5, 3];

export function randomEnsemble(seed: number, o: RandomEnsembleOptions): TreeEnsemble {
  const rand = seededRandom(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
  const trees: Tree[] = [];
  for (let t = 0; t < o.nTrees; t++) {
    const left: number[] = [];
    const right: number[] = [];
    const feature: number[] = [];
    const threshold: number[] = [];
    const defaultLeft: number[] = [];
    const value: number[] = [];
    const cover: number[] = [];
    const grow = (depth: number, c: number, forceLeaf: boolean): number => {
      const i = left.length;
      left.push(-1);
      right.push(-1);
      feature.push(-1);
      threshold.push(0);
      defaultLeft.push(0);
      value.push(0);
      cover.push(c);
      // The root always splits; deeper nodes stop at random.
      if (forceLeaf || depth === o.maxDepth || (depth > 0 && rand() < 0.2)) {
        value[i] = rand() * 2 - 1;
        return i;
      }
      feature[i] = Math.floor(rand() * o.nFeatures);
      threshold[i] = pick(GRID) + (rand() < 0.3 ? 0.25 : 0);
      defaultLeft[i] = rand() < 0.5 ? 1 : 0;
      const zl = rand() < (o.zeroCoverRate ?? 0);
      const zr = !zl && rand() < (o.zeroCoverRate ?? 0);
      const u = 0.05 + 0.9 * rand();
      const cl = zl ? 0 : zr ? c : Math.fround(c * u);
      const cr = zr ? 0 : zl ? c : Math.fround(c - cl);
      left[i] = grow(depth + 1, cl, zl);
      right[i] = grow(depth + 1, cr, zr);
      return i;
    };
    grow(0, Math.fround(1 + rand() * 1000), false);
    trees.push({
      left: Int32Array.from(left),
      right: Int32Array.from(right),
      feature: Int32Array.from(feature),
      threshold: Float32Array.from(threshold),
      defaultLeft: Uint8Array.from(defaultLeft),
      value: Float32Array.from(value),
      cover: Float32Array.from(cover),
    });
  }
  return {
    trees,
    baseMargin: rand() * 2 - 1,
    featureNames: Array.from({ length: o.nFeatures }, (_, j) => `f${j}`),
  };
}

/** Rows on the threshold grid (and between grid points), with NaN at `missingRate`. */
export function randomMatrix(
  seed: number,
  featureNames: readonly string[],
  nRows: number,
  missingRate = 0.2,
): FeatureMatrix {
  const rand = seededRandom(seed);
  const columns = featureNames.map(() => {
    const col = new Float32Array(nRows);
    for (let i = 0; i < nRows; i++) {
      col[i] =
        rand() < missingRate ? NaN : GRID[Math.floor(rand() * GRID.length)] + (rand() < 0.3 ? 0.25 : 0);
    }
    return col;
  });
  return { nRows, featureNames, columns };
}

/** The leaf `x` reaches in one tree (x in the ensemble's feature order). */
export function leafValue(tree: Tree, x: ArrayLike<number>): number {
  let i = 0;
  while (tree.left[i] !== -1) {
    const v = x[tree.feature[i]];
    const goLeft = Number.isNaN(v) ? tree.defaultLeft[i] === 1 : v < tree.threshold[i];
    i = goLeft ? tree.left[i] : tree.right[i];
  }
  return tree.value[i];
}

/** Margin of row `x`: baseMargin + Σ leaf values. */
export function marginOf(ensemble: TreeEnsemble, x: ArrayLike<number>): number {
  return ensemble.trees.reduce((s, tree) => s + leafValue(tree, x), ensemble.baseMargin);
}

/** Row i of a matrix as a plain array. */
export function rowOf(m: FeatureMatrix, i: number): number[] {
  return m.columns.map((col) => col[i]);
}
