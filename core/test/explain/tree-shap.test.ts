import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileShapEnsemble } from "../../src/explain/shap-ensemble.ts";
import { buildLeafTables } from "../../src/explain/shap-leaf-tables.ts";
import { treeShap, treeShapRow } from "../../src/explain/tree-shap.ts";
import type { FeatureMatrix } from "../../src/features/feature-matrix.ts";
import type { Tree, TreeEnsemble } from "../../src/model/tree.ts";
import { randomEnsemble, randomFeatureMatrix } from "../model/random-trees.ts";

/**
 * Path-dependent conditional expectation E[f(x) | x_S] of one tree, the quantity TreeSHAP's
 * Shapley values are defined over: splits on a feature in S follow the row's branch (NaN by its
 * default direction); other splits average both children weighted by cover.
 */
function conditionalExpectation(
  tree: Tree,
  x: ArrayLike<number>,
  inS: (f: number) => boolean,
  i = 0,
): number {
  if (tree.left[i] === -1) return tree.value[i];
  const l = tree.left[i];
  const r = tree.right[i];
  const f = tree.feature[i];
  if (inS(f)) {
    const v = x[f];
    const goLeft = Number.isNaN(v) ? tree.defaultLeft[i] === 1 : v < tree.threshold[i];
    return conditionalExpectation(tree, x, inS, goLeft ? l : r);
  }
  // A split no training row reached weighs its children equally (the explainer's convention).
  const [wl, wr] =
    tree.cover[i] > 0 ? [tree.cover[l] / tree.cover[i], tree.cover[r] / tree.cover[i]] : [0.5, 0.5];
  return wl * conditionalExpectation(tree, x, inS, l) + wr * conditionalExpectation(tree, x, inS, r);
}

/** Exact Shapley values by enumerating every feature subset (M ≤ ~10). Returns [base, φ…]. */
function bruteForceShap(ensemble: TreeEnsemble, x: ArrayLike<number>): { base: number; phi: number[] } {
  const m = ensemble.featureNames.length;
  const v = new Float64Array(1 << m);
  for (let mask = 0; mask < 1 << m; mask++) {
    const inS = (f: number) => ((mask >> f) & 1) === 1;
    v[mask] = ensemble.trees.reduce((s, t) => s + conditionalExpectation(t, x, inS), ensemble.baseMargin);
  }
  const fact = [1];
  for (let k = 1; k <= m; k++) fact.push(fact[k - 1] * k);
  const phi = new Array<number>(m).fill(0);
  for (let f = 0; f < m; f++) {
    for (let mask = 0; mask < 1 << m; mask++) {
      if ((mask >> f) & 1) continue;
      let s = 0;
      for (let b = mask; b; b &= b - 1) s++;
      phi[f] += ((fact[s] * fact[m - s - 1]) / fact[m]) * (v[mask | (1 << f)] - v[mask]);
    }
  }
  return { base: v[0], phi };
}

/** Margin of row `x` in float64 (baseMargin + Σ leaf values), walking each tree independently of the explainer. */
function marginOf(ensemble: TreeEnsemble, x: ArrayLike<number>): number {
  let sum = ensemble.baseMargin;
  for (const tree of ensemble.trees) {
    let i = 0;
    while (tree.left[i] !== -1) {
      const v = x[tree.feature[i]];
      i = (Number.isNaN(v) ? tree.defaultLeft[i] === 1 : v < tree.threshold[i])
        ? tree.left[i]
        : tree.right[i];
    }
    sum += tree.value[i];
  }
  return sum;
}

function rowOf(m: FeatureMatrix, i: number): number[] {
  return m.columns.map((col) => col[i]);
}

function rowSum(values: Float64Array, i: number, nf: number): number {
  let s = 0;
  for (let j = 0; j < nf; j++) s += values[i * nf + j];
  return s;
}

describe.each([
  { mode: "leaf tables where shallow, Algorithm 2 elsewhere", leafTables: true },
  { mode: "Algorithm 2 on every tree", leafTables: false },
])("treeShap ($mode)", ({ leafTables }) => {
  it("is locally accurate: base + Σ values = margin for random trees of depth 1–8 with missing values", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 6 }),
        (seed, maxDepth, nFeatures, nTrees) => {
          const ensemble = randomEnsemble({ seed, nFeatures, nTrees, maxDepth, zeroCoverRate: 0.05 });
          const matrix = randomFeatureMatrix(ensemble, { seed: seed + 1, nRows: 20, missingRate: 0.2 });
          const { base, values, margin } = treeShap(ensemble, matrix, { leafTables });
          for (let i = 0; i < matrix.nRows; i++) {
            const expected = marginOf(ensemble, rowOf(matrix, i));
            expect(margin[i]).toBeCloseTo(expected, 9);
            expect(Math.abs(base + rowSum(values, i, nFeatures) - expected)).toBeLessThan(1e-6);
          }
        },
      ),
      { seed: 4242, numRuns: 300 },
    );
  });

  it("equals exact Shapley values of the path-dependent conditional expectation (brute force, ≤ 6 features)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        fc.integer({ min: 1, max: 7 }),
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 3 }),
        (seed, maxDepth, nFeatures, nTrees) => {
          const ensemble = randomEnsemble({ seed, nFeatures, nTrees, maxDepth, zeroCoverRate: 0.05 });
          const matrix = randomFeatureMatrix(ensemble, { seed: seed + 1, nRows: 8, missingRate: 0.25 });
          const { base, values } = treeShap(ensemble, matrix, { leafTables });
          for (let i = 0; i < matrix.nRows; i++) {
            const exact = bruteForceShap(ensemble, rowOf(matrix, i));
            expect(base).toBeCloseTo(exact.base, 9);
            for (let j = 0; j < nFeatures; j++)
              expect(values[i * nFeatures + j]).toBeCloseTo(exact.phi[j], 9);
          }
        },
      ),
      { seed: 777, numRuns: 200 },
    );
  });

  it("gives a feature split twice on one path its whole effect (UNWIND), matching brute force", () => {
    // Root splits on f0 < 1; both children split on f0 again (< 0.5 and < 2), and one grandchild on f1.
    const tree: Tree = {
      left: Int32Array.from([1, 3, 5, -1, 7, -1, -1, -1, -1]),
      right: Int32Array.from([2, 4, 6, -1, 8, -1, -1, -1, -1]),
      feature: Int32Array.from([0, 0, 0, -1, 1, -1, -1, -1, -1]),
      threshold: Float32Array.from([1, 0.5, 2, 0, 3, 0, 0, 0, 0]),
      defaultLeft: Uint8Array.from([1, 0, 1, 0, 1, 0, 0, 0, 0]),
      value: Float32Array.from([0, 0, 0, -1, 0, 0.5, 2, 0.25, -0.75]),
      cover: Float32Array.from([100, 40, 60, 10, 30, 45, 15, 20, 10]),
    };
    const ensemble: TreeEnsemble = { trees: [tree], baseMargin: 0.1, featureNames: ["a", "b"] };
    for (const x of [
      [0.7, 4],
      [NaN, 1],
      [0.2, NaN],
      [5, 3],
    ]) {
      const got = treeShapRow(ensemble, x, { leafTables });
      const exact = bruteForceShap(ensemble, x);
      expect(got.base).toBeCloseTo(exact.base, 12);
      expect(got.values[0]).toBeCloseTo(exact.phi[0], 12);
      expect(got.values[1]).toBeCloseTo(exact.phi[1], 12);
      expect(got.margin).toBeCloseTo(marginOf(ensemble, x), 12);
    }
  });

  it("has the cover-weighted mean leaf value plus baseMargin as base", () => {
    const tree: Tree = {
      left: Int32Array.from([1, -1, -1]),
      right: Int32Array.from([2, -1, -1]),
      feature: Int32Array.from([0, -1, -1]),
      threshold: Float32Array.from([0.5, 0, 0]),
      defaultLeft: Uint8Array.from([0, 0, 0]),
      value: Float32Array.from([0, 1, -1]),
      cover: Float32Array.from([4, 3, 1]),
    };
    const r = treeShapRow({ trees: [tree, tree], baseMargin: -0.25, featureNames: ["x"] }, [0], {
      leafTables,
    });
    expect(r.base).toBeCloseTo(-0.25 + 2 * 0.5, 12);
    // x = 0 goes left (value 1): each tree contributes 1 − 0.5.
    expect(r.values[0]).toBeCloseTo(1, 12);
    expect(r.margin).toBeCloseTo(1.75, 12);
  });

  it("weighs the children of a split no training row reached (cover 0) equally, still exactly", () => {
    // The UNWIND tree with the left subtree's covers zeroed, and a zero-cover hot leaf under f0.
    const tree: Tree = {
      left: Int32Array.from([1, 3, 5, -1, 7, -1, -1, -1, -1]),
      right: Int32Array.from([2, 4, 6, -1, 8, -1, -1, -1, -1]),
      feature: Int32Array.from([0, 0, 0, -1, 1, -1, -1, -1, -1]),
      threshold: Float32Array.from([1, 0.5, 2, 0, 3, 0, 0, 0, 0]),
      defaultLeft: Uint8Array.from([1, 0, 1, 0, 1, 0, 0, 0, 0]),
      value: Float32Array.from([0, 0, 0, -1, 0, 0.5, 2, 0.25, -0.75]),
      cover: Float32Array.from([60, 0, 60, 0, 0, 60, 0, 0, 0]),
    };
    const ensemble: TreeEnsemble = { trees: [tree], baseMargin: 0, featureNames: ["a", "b"] };
    for (const x of [
      [0.7, 4],
      [0.2, 1],
      [NaN, NaN],
      [5, 3],
      [1.5, 0],
    ]) {
      const got = treeShapRow(ensemble, x, { leafTables });
      const exact = bruteForceShap(ensemble, x);
      expect(got.base).toBeCloseTo(0.5, 12);
      expect(got.values[0]).toBeCloseTo(exact.phi[0], 12);
      expect(got.values[1]).toBeCloseTo(exact.phi[1], 12);
      expect(got.base + got.values[0] + got.values[1]).toBeCloseTo(marginOf(ensemble, x), 12);
    }
  });

  it("sends NaN along the default direction, like XGBoost", () => {
    const tree: Tree = {
      left: Int32Array.from([1, -1, -1]),
      right: Int32Array.from([2, -1, -1]),
      feature: Int32Array.from([0, -1, -1]),
      threshold: Float32Array.from([0.5, 0, 0]),
      defaultLeft: Uint8Array.from([1, 0, 0]),
      value: Float32Array.from([0, 2, -2]),
      cover: Float32Array.from([2, 1, 1]),
    };
    const r = treeShapRow({ trees: [tree], baseMargin: 0, featureNames: ["x"] }, [NaN], { leafTables });
    expect(r.margin).toBe(2);
    expect(r.values[0]).toBe(2);
  });
});

describe("treeShap", () => {
  it("gives the same values from leaf tables as from Algorithm 2", () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const ensemble = randomEnsemble({ seed, nFeatures: 8, nTrees: 20, maxDepth: 6, zeroCoverRate: 0.05 });
      const matrix = randomFeatureMatrix(ensemble, { seed: seed + 100, nRows: 50 });
      const a = treeShap(ensemble, matrix, { leafTables: true });
      const b = treeShap(ensemble, matrix, { leafTables: false });
      expect(a.margin).toEqual(b.margin);
      for (let k = 0; k < a.values.length; k++)
        expect(Math.abs(a.values[k] - b.values[k])).toBeLessThan(1e-12);
    }
  });

  it("tables only trees with few enough path features, within the entry budget", () => {
    const ensemble = randomEnsemble({ seed: 9, nFeatures: 20, nTrees: 30, maxDepth: 8 });
    const c = compileShapEnsemble(ensemble);
    const lt = buildLeafTables(c, { maxPathFeatures: 5 });
    for (let t = 0; t < c.nTrees; t++) {
      // Distinct features on each root-to-leaf path of tree t.
      let widest = 0;
      const walk = (g: number, seen: Set<number>): void => {
        if (c.left[g] === -1) return void (widest = Math.max(widest, seen.size));
        const next = new Set(seen).add(c.feature[g]);
        walk(c.left[g], next);
        walk(c.right[g], next);
      };
      walk(c.treeStart[t], new Set());
      expect(lt.tabled[t]).toBe(widest <= 5 ? 1 : 0);
    }
    expect(lt.tabled.includes(0)).toBe(true);
    expect(lt.tabled.includes(1)).toBe(true);
    expect(buildLeafTables(c, { maxEntries: 0 }).tabled.includes(1)).toBe(false);
  });

  it("matches matrix columns to the ensemble's features by name and agrees with the per-row variant", () => {
    const ensemble = randomEnsemble({ seed: 11, nFeatures: 5, nTrees: 8, maxDepth: 5 });
    const matrix = randomFeatureMatrix(ensemble, { seed: 12, nRows: 30 });
    const direct = treeShap(ensemble, matrix);
    const order = [3, 0, 4, 1, 2];
    const shuffled: FeatureMatrix = {
      nRows: matrix.nRows,
      featureNames: [...order.map((j) => matrix.featureNames[j]), "extra"],
      columns: [...order.map((j) => matrix.columns[j]), new Float32Array(matrix.nRows)],
    };
    const byName = treeShap(ensemble, shuffled);
    expect(byName.values).toEqual(direct.values);
    expect(byName.margin).toEqual(direct.margin);
    for (let i = 0; i < matrix.nRows; i++) {
      const row = treeShapRow(ensemble, rowOf(matrix, i));
      expect(row.base).toBe(direct.base);
      expect(row.margin).toBe(direct.margin[i]);
      expect(Array.from(row.values)).toEqual(Array.from(direct.values.subarray(i * 5, i * 5 + 5)));
    }
  });

  it("reuses caller buffers and zeroes them first", () => {
    const ensemble = randomEnsemble({ seed: 3, nFeatures: 4, nTrees: 3, maxDepth: 4 });
    const matrix = randomFeatureMatrix(ensemble, { seed: 4, nRows: 10 });
    const values = new Float64Array(40).fill(9);
    const margin = new Float64Array(10);
    const r = treeShap(ensemble, matrix, { values, margin });
    expect(r.values).toBe(values);
    expect(r.values).toEqual(treeShap(ensemble, matrix).values);
  });

  it("names what is wrong with bad input", () => {
    const ensemble = randomEnsemble({ seed: 5, nFeatures: 3, nTrees: 1, maxDepth: 2 });
    const matrix = {
      nRows: 2,
      featureNames: ["f0", "f1"],
      columns: [new Float32Array(2), new Float32Array(2)],
    };
    expect(() => treeShap(ensemble, matrix)).toThrow('missing feature column: "f2"');
    expect(() => treeShapRow(ensemble, [1, 2])).toThrow("row length: 2 (model has 3 features)");
    const bad: TreeEnsemble = {
      ...ensemble,
      trees: [{ ...ensemble.trees[0], cover: new Float32Array(ensemble.trees[0].cover.length).fill(NaN) }],
    };
    expect(() => treeShapRow(bad, [1, 2, 3])).toThrow("invalid cover: NaN (tree 0, node 0)");
  });
});
