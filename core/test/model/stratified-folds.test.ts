import { describe, expect, it } from "vitest";
import { computeQuantileCuts, binMatrix } from "../../src/model/quantile-bins.ts";
import { seededRandom } from "../../src/model/seeded-random.ts";
import { rowsWhere, stratifiedFolds, stratifiedSplit } from "../../src/model/stratified-folds.ts";
import { matrixOf } from "./synthetic-data.ts";

describe("stratifiedFolds", () => {
  const rng = seededRandom(1);
  const labels = Uint8Array.from({ length: 1003 }, () => (rng() < 0.27 ? 1 : 0));
  const positives = labels.reduce((s, y) => s + y, 0);

  it("balances both classes across folds, to within one row", () => {
    const fold = stratifiedFolds(labels, 5, 42);
    for (let f = 0; f < 5; f++) {
      const rows = rowsWhere(fold, f);
      const pos = Array.from(rows).filter((i) => labels[i] === 1).length;
      expect(Math.abs(pos - positives / 5)).toBeLessThanOrEqual(1);
      expect(Math.abs(rows.length - 1003 / 5)).toBeLessThanOrEqual(1);
    }
  });

  it("is reproducible by seed", () => {
    expect(stratifiedFolds(labels, 5, 42)).toEqual(stratifiedFolds(labels, 5, 42));
    expect(stratifiedFolds(labels, 5, 43)).not.toEqual(stratifiedFolds(labels, 5, 42));
  });

  it("splits a stratified holdout fraction", () => {
    const { train, holdout } = stratifiedSplit(labels, 0.2, 7);
    expect(train.length + holdout.length).toBe(1003);
    const pos = Array.from(holdout).filter((i) => labels[i] === 1).length;
    expect(pos).toBe(Math.round(positives * 0.2));
    expect(new Set([...train, ...holdout]).size).toBe(1003);
  });
});

describe("quantile cuts", () => {
  it("give every distinct value its own bin when there are few, with a sentinel above the max", () => {
    const [cuts] = computeQuantileCuts(matrixOf([[0, 1, 1, 0, NaN, 1]]), 256);
    // XGBoost's cut for a 0/1 column: split "x < 1"; sentinel 1 + (1 + 1e-5).
    expect(Array.from(cuts)).toEqual([1, Math.fround(2.00001)]);
  });

  it("cap the bin count and keep x < cut ⇔ bin <= b for every training value", () => {
    const rng = seededRandom(2);
    const xs = Array.from({ length: 5000 }, () => Math.round(rng() * 3000) / 10);
    const m = matrixOf([xs]);
    const [cuts] = computeQuantileCuts(m, 32);
    expect(cuts.length).toBeLessThanOrEqual(32);
    expect(cuts.length).toBeGreaterThan(28);
    const binned = binMatrix(m, [cuts]);
    const col = binned.columns[0];
    let mismatches = 0;
    for (let i = 0; i < xs.length; i++) {
      for (let b = 0; b < cuts.length; b++) if (col[i] <= b !== Math.fround(xs[i]) < cuts[b]) mismatches++;
    }
    expect(mismatches).toBe(0);
    // Roughly equal counts per bin.
    const counts = new Array(cuts.length).fill(0);
    for (let i = 0; i < xs.length; i++) counts[col[i]]++;
    expect(Math.max(...counts)).toBeLessThan((3 * 5000) / 32);
  });
});
