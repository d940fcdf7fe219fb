import type { BoosterParams } from "./params.ts";
import type { BinnedMatrix } from "./quantile-bins.ts";

/** XGBoost's tolerance below which a loss change is no split at all (`kRtEps`). */
const RT_EPS = 1e-6;

/**
 * Relative margin within which two loss changes count as a tie (the earlier candidate — lower
 * feature, lower bin, missing-right — keeps the split). Two one-hot columns of one category often
 * separate a node's rows identically, and their gains then differ only by summation order.
 */
const TIE = 1e-9;

type Reg = Pick<BoosterParams, "lambda" | "alpha" | "min_child_weight">;

/** Soft-thresholds a gradient sum by the L1 penalty alpha. */
export function thresholdL1(g: number, alpha: number): number {
  if (g > alpha) return g - alpha;
  if (g < -alpha) return g + alpha;
  return 0;
}

/**
 * Optimal leaf weight of a node with gradient sum G and hessian sum H: −T(G, α) / (H + λ)
 * (before eta), or 0 when H is below min_child_weight, as XGBoost's `CalcWeight`.
 */
export function leafWeight(G: number, H: number, p: Reg): number {
  if (H < p.min_child_weight || H <= 0) return 0;
  // + 0 turns −0 (from G = 0) into 0, so such a leaf serialises as 0.
  return -thresholdL1(G, p.alpha) / (H + p.lambda) + 0;
}

/**
 * Structure score of a node, T(G, α)² / (H + λ), XGBoost's `CalcGain` (which omits the ½ of
 * the paper). A split's loss change is score(L) + score(R) − score(parent).
 */
export function nodeGain(G: number, H: number, p: Reg): number {
  if (H < p.min_child_weight || H <= 0) return 0;
  const t = thresholdL1(G, p.alpha);
  return (t * t) / (H + p.lambda);
}

/** The best split of a node, filled in by `findBestSplit`. */
export interface SplitCandidate {
  /** Loss change (XGBoost's `loss_chg`); -Infinity when no split is valid. */
  gain: number;
  feature: number;
  /** Rows with bin <= this go left (threshold = cuts[feature][bin]). */
  bin: number;
  defaultLeft: boolean;
  gradLeft: number;
  hessLeft: number;
  gradRight: number;
  hessRight: number;
}

export function emptySplit(): SplitCandidate {
  return {
    gain: -Infinity,
    feature: -1,
    bin: -1,
    defaultLeft: false,
    gradLeft: 0,
    hessLeft: 0,
    gradRight: 0,
    hessRight: 0,
  };
}

/**
 * Scans the node's histogram for the split with the largest loss change, in XGBoost's order: per
 * feature, a forward pass over the cuts with missing values sent right (its last cut, the
 * sentinel above the maximum, is "present left, missing right": a split on missingness alone),
 * then, only if the node has missing values for that feature, a backward pass with missing
 * values sent left. A candidate replaces the best only when better by more than rounding noise
 * (relative 1e-9), so ties keep the first one found: the lower feature; in the forward pass the
 * lower cut, in the backward pass the higher. A split needs both children's hessian sums
 * ≥ min_child_weight (and > 0), a loss change > 1e-6 and ≥ gamma (XGBoost hist's
 * `min_split_loss` check). Returns whether a valid split was found.
 */
export function findBestSplit(
  binned: BinnedMatrix,
  hist: Float64Array,
  features: Int32Array,
  G: number,
  H: number,
  p: Pick<BoosterParams, "lambda" | "alpha" | "min_child_weight" | "gamma">,
  out: SplitCandidate,
): boolean {
  const { offsets, nBins } = binned;
  const mcw = p.min_child_weight;
  const lambda = p.lambda;
  const alpha = p.alpha;
  const parentGain = nodeGain(G, H, p);
  let best = -Infinity;
  // A candidate must beat the best by more than rounding noise to replace it.
  let bar = -Infinity;
  let bestF = -1;
  let bestB = -1;
  let bestDL = false;
  let bestGL = 0;
  let bestHL = 0;
  for (let f = 0; f < features.length; f++) {
    const j = features[f];
    const nb = nBins[j];
    const base = 2 * offsets[j];
    // The missing slot's hessian: some rows of this node lack the feature.
    const hm = hist[base + 2 * nb + 1];
    const hasMissing = hm > 0;
    // Forward, missing right: left = bins 0..b.
    const last = hasMissing ? nb : nb - 1;
    let gl = 0;
    let hl = 0;
    for (let b = 0; b < last; b++) {
      gl += hist[base + 2 * b];
      hl += hist[base + 2 * b + 1];
      const hr = H - hl;
      if (hl >= mcw && hr >= mcw && hl > 0 && hr > 0) {
        const gr = G - gl;
        const tl = alpha === 0 ? gl : thresholdL1(gl, alpha);
        const tr = alpha === 0 ? gr : thresholdL1(gr, alpha);
        const gain = (tl * tl) / (hl + lambda) + (tr * tr) / (hr + lambda) - parentGain;
        if (gain > bar) {
          best = gain;
          bar = gain + TIE * Math.abs(gain);
          bestF = j;
          bestB = b;
          bestDL = false;
          bestGL = gl;
          bestHL = hl;
        }
      }
    }
    if (!hasMissing) continue;
    // Backward, missing left: right = bins b+1..nb-1, left = the rest plus missing.
    let gr = 0;
    let hr = 0;
    for (let b = nb - 2; b >= 0; b--) {
      gr += hist[base + 2 * (b + 1)];
      hr += hist[base + 2 * (b + 1) + 1];
      const hl2 = H - hr;
      if (hl2 >= mcw && hr >= mcw && hl2 > 0 && hr > 0) {
        const gl2 = G - gr;
        const tl = alpha === 0 ? gl2 : thresholdL1(gl2, alpha);
        const tr = alpha === 0 ? gr : thresholdL1(gr, alpha);
        const gain = (tl * tl) / (hl2 + lambda) + (tr * tr) / (hr + lambda) - parentGain;
        if (gain > bar) {
          best = gain;
          bar = gain + TIE * Math.abs(gain);
          bestF = j;
          bestB = b;
          bestDL = true;
          bestGL = gl2;
          bestHL = hl2;
        }
      }
    }
  }
  out.gain = best;
  out.feature = bestF;
  out.bin = bestB;
  out.defaultLeft = bestDL;
  out.gradLeft = bestGL;
  out.hessLeft = bestHL;
  out.gradRight = G - bestGL;
  out.hessRight = H - bestHL;
  return bestF >= 0 && best > RT_EPS && best >= p.gamma;
}
