import { describe, expect, it } from "vitest";
import { rocAuc } from "../../src/model/metrics/auc.ts";
import { brierScore } from "../../src/model/metrics/brier.ts";
import { expectedCalibrationError } from "../../src/model/metrics/ece.ts";
import { logLoss } from "../../src/model/metrics/log-loss.ts";
import { prAuc } from "../../src/model/metrics/pr-auc.ts";

describe("rocAuc", () => {
  it("matches sklearn's documented example", () => {
    // sklearn roc_auc_score([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]) = 0.75
    expect(rocAuc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])).toBeCloseTo(0.75, 12);
  });

  it("counts a tied positive/negative pair as one half (midranks)", () => {
    // Pairs (pos, neg): (0.5, 0.5) tie → ½, (0.5, 0.2) → 1, (0.9, 0.5) → 1, (0.9, 0.2) → 1: 3.5 / 4.
    expect(rocAuc([1, 0, 1, 0], [0.5, 0.5, 0.9, 0.2])).toBeCloseTo(0.875, 12);
    // All scores equal: no information, exactly 0.5.
    expect(rocAuc([1, 0, 0, 1, 0], [0.3, 0.3, 0.3, 0.3, 0.3])).toBe(0.5);
  });

  it("is independent of row order within ties", () => {
    const y = [1, 0, 0, 1, 1, 0, 0, 0];
    const s = [0.2, 0.2, 0.7, 0.7, 0.7, 0.1, 0.9, 0.2];
    // Brute force over pairs.
    let num = 0;
    let den = 0;
    for (let i = 0; i < y.length; i++)
      for (let j = 0; j < y.length; j++)
        if (y[i] === 1 && y[j] === 0) {
          den++;
          num += s[i] > s[j] ? 1 : s[i] === s[j] ? 0.5 : 0;
        }
    expect(rocAuc(y, s)).toBeCloseTo(num / den, 12);
    const perm = [7, 3, 0, 5, 1, 6, 2, 4];
    expect(
      rocAuc(
        perm.map((i) => y[i]),
        perm.map((i) => s[i]),
      ),
    ).toBeCloseTo(num / den, 12);
  });

  it("is NaN with one class", () => {
    expect(rocAuc([1, 1], [0.2, 0.3])).toBeNaN();
  });
});

describe("prAuc (average precision)", () => {
  it("matches sklearn's documented example", () => {
    // sklearn average_precision_score([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]) = 0.8333…
    expect(prAuc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])).toBeCloseTo(5 / 6, 12);
  });

  it("treats tied scores as one threshold", () => {
    // Scores 0.9 (pos), then a tie at 0.5 (one pos, one neg), then 0.1 (pos).
    // Thresholds: 0.9 → P=1, R=1/3; 0.5 → P=2/3, R=2/3; 0.1 → P=3/4, R=1.
    // AP = 1/3·1 + 1/3·2/3 + 1/3·3/4.
    expect(prAuc([1, 1, 0, 1], [0.9, 0.5, 0.5, 0.1])).toBeCloseTo((1 + 2 / 3 + 3 / 4) / 3, 12);
  });
});

describe("logLoss, brierScore", () => {
  it("match hand-computed values", () => {
    expect(logLoss([1, 0], [0.8, 0.3])).toBeCloseTo(-(Math.log(0.8) + Math.log(0.7)) / 2, 12);
    expect(brierScore([1, 0], [0.8, 0.3])).toBeCloseTo(0.065, 12);
  });

  it("clips log loss so a confident mistake is finite", () => {
    expect(logLoss([1], [0])).toBeCloseTo(-Math.log(1e-15), 6);
  });
});

describe("expectedCalibrationError", () => {
  it("weights each bin's gap by its size", () => {
    expect(expectedCalibrationError([0, 1, 1, 0], [0.05, 0.15, 0.95, 0.85])).toBeCloseTo(0.45, 12);
    // One bin [0.2, 0.3): mean p 0.25, observed 0.5 → 0.25.
    expect(expectedCalibrationError([0, 1, 0, 1], [0.2, 0.25, 0.25, 0.3 - 1e-9])).toBeCloseTo(
      0.25 + 2.5e-10,
      9,
    );
  });

  it("is 0 when each bin's mean matches its rate, and puts p = 1 in the last bin", () => {
    expect(expectedCalibrationError([0, 1, 1, 1], [0.5, 0.5, 1, 1])).toBe(0);
  });

  it("supports other bin counts", () => {
    // 2 bins: [0, .5) has p̄ 0.2, rate 0; [.5, 1] has p̄ 0.7, rate 1 → ½·0.2 + ½·0.3.
    expect(expectedCalibrationError([0, 1], [0.2, 0.7], 2)).toBeCloseTo(0.25, 12);
  });
});
