import { describe, expect, it } from "vitest";
import { logLoss } from "../../src/model/metrics/log-loss.ts";
import { marginsToProbabilities } from "../../src/model/margin-to-probability.ts";
import type { BoosterParams } from "../../src/model/params.ts";
import { predictMargin } from "../../src/model/predict.ts";
import { trainBooster } from "../../src/model/train.ts";
import { matrixOf, syntheticChurn } from "./synthetic-data.ts";

// One round, one split, no sampling or regularisation beyond λ: small enough to do by hand.
const exact: Partial<BoosterParams> = {
  n_rounds: 1,
  max_depth: 1,
  eta: 1,
  lambda: 1,
  alpha: 0,
  gamma: 0,
  min_child_weight: 0,
  subsample: 1,
  colsample_bytree: 1,
  base_score: 0.5,
  early_stopping_rounds: 0,
};

// x = 1, 2, 3, 4 with labels 0, 0, 1, 1. At p = 0.5: g = p − y = ±0.5, h = 0.25 each; root G = 0, H = 1.
// Candidate cuts (x < 2, x < 3, x < 4): loss changes G²/(H+λ) summed over children minus the parent's 0:
//   x < 2: 0.5²/1.25 + 0.5²/1.75 = 0.342857   x < 3: 1²/1.5 + 1²/1.5 = 1.333333   x < 4: 0.342857.
// Best: x < 3; leaves −G/(H+λ) = −1/1.5 = −2/3 (left) and +2/3 (right); cover 1, 0.5, 0.5.
const tiny = { matrix: matrixOf([[1, 2, 3, 4]]), labels: Uint8Array.of(0, 0, 1, 1) };

describe("trainBooster: gain and leaf-weight math", () => {
  it("picks the split with the largest loss change and sets leaves to −G/(H+λ)", () => {
    const { ensemble } = trainBooster(tiny.matrix, tiny.labels, exact);
    const t = ensemble.trees[0];
    expect(ensemble.baseMargin).toBe(0);
    expect(Array.from(t.left)).toEqual([1, -1, -1]);
    expect(Array.from(t.right)).toEqual([2, -1, -1]);
    expect(Array.from(t.feature)).toEqual([0, -1, -1]);
    expect(t.threshold[0]).toBe(3);
    expect(t.defaultLeft[0]).toBe(0); // no missing values: missing goes right, as XGBoost
    expect(Array.from(t.value)).toEqual([0, Math.fround(-2 / 3), Math.fround(2 / 3)]);
    expect(Array.from(t.cover)).toEqual([1, 0.5, 0.5]);
  });

  it("does not split when no child improves (depth 2 gives the same tree)", () => {
    // Left child {1, 2}: both g = 0.5. Splitting it: 0.5²/1.25·2 = 0.4 < parent 1²/1.5 — negative change.
    const { ensemble } = trainBooster(tiny.matrix, tiny.labels, { ...exact, max_depth: 2 });
    expect(ensemble.trees[0].left.length).toBe(3);
  });

  it("soft-thresholds the gradient sum by alpha", () => {
    // T(±1, 0.5) = ±0.5 → leaves ∓0.5/1.5.
    const { ensemble } = trainBooster(tiny.matrix, tiny.labels, { ...exact, alpha: 0.5 });
    expect(Array.from(ensemble.trees[0].value)).toEqual([0, Math.fround(-1 / 3), Math.fround(1 / 3)]);
  });

  it("splits only when the loss change reaches gamma", () => {
    expect(
      trainBooster(tiny.matrix, tiny.labels, { ...exact, gamma: 1.33 }).ensemble.trees[0].left.length,
    ).toBe(3);
    const none = trainBooster(tiny.matrix, tiny.labels, { ...exact, gamma: 1.34 }).ensemble.trees[0];
    expect(none.left.length).toBe(1);
    expect(none.value[0]).toBe(0); // root G = 0
  });

  it("requires min_child_weight of hessian in each child", () => {
    // Children of x < 3 have H = 0.5; x < 2 / x < 4 have a child with 0.25.
    expect(
      trainBooster(tiny.matrix, tiny.labels, { ...exact, min_child_weight: 0.5 }).ensemble.trees[0]
        .threshold[0],
    ).toBe(3);
    expect(
      trainBooster(tiny.matrix, tiny.labels, { ...exact, min_child_weight: 0.51 }).ensemble.trees[0].left
        .length,
    ).toBe(1);
  });

  it("applies eta and continues from the previous margins in round 2", () => {
    const { ensemble } = trainBooster(tiny.matrix, tiny.labels, { ...exact, n_rounds: 2, eta: 0.5 });
    expect(Array.from(ensemble.trees[0].value)).toEqual([0, Math.fround(-1 / 3), Math.fround(1 / 3)]);
    // Round 2: left rows have margin m = fround(−1/3), y = 0: p = σ(m), G = 2p, H = 2p(1−p).
    const m = Math.fround(-1 / 3);
    const p = 1 / (1 + Math.exp(-m));
    const w = (-2 * p) / (2 * p * (1 - p) + 1);
    const t = ensemble.trees[1];
    expect(t.threshold[0]).toBe(3);
    expect(t.value[1]).toBe(Math.fround(0.5 * w));
    expect(t.value[2]).toBe(Math.fround(-0.5 * w));
    expect(t.cover[1]).toBe(Math.fround(2 * p * (1 - p)));
  });

  it("starts from the label mean, or from base_score when given", () => {
    const labels = Uint8Array.of(0, 0, 0, 1);
    expect(trainBooster(tiny.matrix, labels, { ...exact, base_score: undefined }).baseScore).toBe(0.25);
    expect(
      trainBooster(tiny.matrix, labels, { ...exact, base_score: undefined }).ensemble.baseMargin,
    ).toBeCloseTo(Math.log(1 / 3), 15);
    expect(trainBooster(tiny.matrix, labels, { ...exact, base_score: 0.5 }).ensemble.baseMargin).toBe(0);
  });

  it("scales gradients, hessians and cover by row weights", () => {
    // Weights 2: G_L = 2, H_L = 1 → leaf −2/(1+1) = −1; cover doubles.
    const { ensemble } = trainBooster(tiny.matrix, tiny.labels, exact, {
      weights: Float32Array.of(2, 2, 2, 2),
    });
    expect(Array.from(ensemble.trees[0].value)).toEqual([0, -1, 1]);
    expect(Array.from(ensemble.trees[0].cover)).toEqual([2, 1, 1]);
  });
});

describe("trainBooster: missing values", () => {
  const present = Array.from({ length: 20 }, (_, i) => (i < 10 ? 1 : 2));
  const x = [...present, ...Array<number>(10).fill(NaN)];
  const yPresent = present.map((v) => (v === 1 ? 0 : 1));

  it("sends missing values the way that gains most (right, with the churners)", () => {
    const labels = Uint8Array.from([...yPresent, ...Array<number>(10).fill(1)]);
    const t = trainBooster(matrixOf([x]), labels, exact).ensemble.trees[0];
    expect(t.threshold[0]).toBe(2);
    expect(t.defaultLeft[0]).toBe(0);
    expect(t.cover[2]).toBe(5); // 20 rows × 0.25 on the right
  });

  it("sends missing values left when they behave like the left side", () => {
    const labels = Uint8Array.from([...yPresent, ...Array<number>(10).fill(0)]);
    const { ensemble } = trainBooster(matrixOf([x]), labels, exact);
    const t = ensemble.trees[0];
    expect(t.threshold[0]).toBe(2);
    expect(t.defaultLeft[0]).toBe(1);
    expect(t.cover[1]).toBe(5);
    const margins = predictMargin(ensemble, matrixOf([[NaN, 1, 2]]));
    expect(margins[0]).toBe(margins[1]);
    expect(margins[2]).toBeGreaterThan(0);
  });

  it("can split on missingness alone", () => {
    // Every present value is 1 (y = 0); missing rows churn. The only useful split: present vs missing.
    const xs = [...Array<number>(10).fill(1), ...Array<number>(10).fill(NaN)];
    const labels = Uint8Array.from([...Array<number>(10).fill(0), ...Array<number>(10).fill(1)]);
    const { ensemble } = trainBooster(matrixOf([xs]), labels, exact);
    const t = ensemble.trees[0];
    expect(t.left.length).toBe(3);
    expect(t.threshold[0]).toBeGreaterThan(1);
    expect(t.defaultLeft[0]).toBe(0);
    const m = predictMargin(ensemble, matrixOf([[1, NaN]]));
    expect(m[0]).toBeLessThan(0);
    expect(m[1]).toBeGreaterThan(0);
  });
});

describe("trainBooster: determinism and sampling", () => {
  const data = syntheticChurn(3000, 11);
  const params: Partial<BoosterParams> = {
    n_rounds: 40,
    max_depth: 4,
    eta: 0.2,
    subsample: 0.7,
    colsample_bytree: 0.5,
  };

  it("gives bit-identical ensembles for the same data, parameters and seed", () => {
    const a = trainBooster(data.matrix, data.labels, { ...params, seed: 3 }).ensemble;
    const b = trainBooster(data.matrix, data.labels, { ...params, seed: 3 }).ensemble;
    expect(b.trees.length).toBe(a.trees.length);
    expect(b.baseMargin).toBe(a.baseMargin);
    for (let t = 0; t < a.trees.length; t++) {
      for (const k of ["left", "right", "feature", "threshold", "defaultLeft", "value", "cover"] as const) {
        expect(Buffer.from(b.trees[t][k].buffer).equals(Buffer.from(a.trees[t][k].buffer))).toBe(true);
      }
    }
  });

  it("draws different rows and columns for a different seed", () => {
    const a = trainBooster(data.matrix, data.labels, { ...params, seed: 3 }).ensemble;
    const b = trainBooster(data.matrix, data.labels, { ...params, seed: 4 }).ensemble;
    const differs = a.trees.some(
      (t, i) => Buffer.compare(Buffer.from(t.value.buffer), Buffer.from(b.trees[i].value.buffer)) !== 0,
    );
    expect(differs).toBe(true);
  });

  it("uses only the sampled rows (cover) and columns (features) of each tree", () => {
    const n = data.matrix.nRows;
    const full = trainBooster(data.matrix, data.labels, {
      ...params,
      subsample: 1,
      colsample_bytree: 1,
      n_rounds: 1,
    });
    const sub = trainBooster(data.matrix, data.labels, {
      ...params,
      subsample: 0.5,
      colsample_bytree: 1,
      n_rounds: 1,
    });
    // Round 1: every row has h = p₀(1 − p₀); the root's cover is that times the sampled row count.
    const h = full.baseScore * (1 - full.baseScore);
    expect(full.ensemble.trees[0].cover[0]).toBeCloseTo(n * h, 1);
    const sampled = sub.ensemble.trees[0].cover[0] / h;
    expect(sampled).toBeGreaterThan(0.45 * n);
    expect(sampled).toBeLessThan(0.55 * n);
    // colsample_bytree 2/7 → 2 features per tree, so each tree splits on at most 2 distinct features.
    const cols = trainBooster(data.matrix, data.labels, { ...params, colsample_bytree: 2 / 7 }).ensemble;
    for (const t of cols.trees)
      expect(new Set(Array.from(t.feature).filter((f) => f >= 0)).size).toBeLessThanOrEqual(2);
    expect(
      new Set(cols.trees.flatMap((t) => Array.from(t.feature).filter((f) => f >= 0))).size,
    ).toBeGreaterThan(2);
  });

  it("learns: training log loss falls and matches predictMargin on the trees", () => {
    const r = trainBooster(data.matrix, data.labels, { ...params, subsample: 1 }, { evalTrain: true });
    const h = r.evalHistory.train_logloss;
    expect(h[h.length - 1]).toBeLessThan(h[0]);
    // The trainer's own (binned) margins agree with evaluating the thresholds on raw values.
    const probs = marginsToProbabilities(predictMargin(r.ensemble, data.matrix));
    expect(logLoss(data.labels, probs)).toBeCloseTo(h[h.length - 1], 5);
  });
});

describe("trainBooster: early stopping", () => {
  it("stops after early_stopping_rounds without improvement and keeps the best round's trees", () => {
    const train = syntheticChurn(1500, 1);
    const valid = syntheticChurn(800, 2);
    const r = trainBooster(
      train.matrix,
      train.labels,
      { n_rounds: 500, max_depth: 6, eta: 0.3, min_child_weight: 0, lambda: 0.1, early_stopping_rounds: 10 },
      { validation: valid },
    );
    const v = r.evalHistory.valid_logloss;
    expect(r.roundsTrained).toBeLessThan(500);
    expect(r.roundsTrained).toBe(r.bestIteration + 1 + 10);
    expect(v.length).toBe(r.roundsTrained);
    expect(r.ensemble.trees.length).toBe(r.bestIteration + 1);
    expect(r.bestScore).toBe(Math.min(...v));
    expect(v.indexOf(r.bestScore)).toBe(r.bestIteration);
    // The truncated ensemble reproduces the best validation loss.
    const probs = marginsToProbabilities(predictMargin(r.ensemble, valid.matrix));
    expect(logLoss(valid.labels, probs)).toBeCloseTo(r.bestScore, 5);
  });

  it("is ignored without a validation set", () => {
    const d = syntheticChurn(300, 5);
    const r = trainBooster(d.matrix, d.labels, { n_rounds: 7, early_stopping_rounds: 2 });
    expect(r.ensemble.trees.length).toBe(7);
    expect(r.bestIteration).toBe(6);
  });
});

describe("trainBooster: input checks", () => {
  it("names the bad parameter or label", () => {
    expect(() => trainBooster(tiny.matrix, tiny.labels, { eta: 0 })).toThrow("invalid eta: 0");
    expect(() => trainBooster(tiny.matrix, tiny.labels, { nrounds: 3 } as never)).toThrow(
      "unknown booster parameter: nrounds",
    );
    expect(() => trainBooster(tiny.matrix, Float32Array.of(0, 1, 2, 0))).toThrow("invalid label: 2 (row 2)");
    expect(() => trainBooster(tiny.matrix, Uint8Array.of(0, 1))).toThrow("labels length 2, expected 4");
  });
});
