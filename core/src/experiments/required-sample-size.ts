import { twoProportionPower } from "./power.ts";

export interface SampleSizeInput {
  /** Rate in arm A (control). */
  baseline: number;
  /** The change in rate to detect, B − A (absolute; −0.02 = a 2-point fall). */
  effect: number;
  /** Relative weights of arms A and B (default an even split). */
  weights?: { A: number; B: number };
  /** Two-sided significance level (default 0.05). */
  alpha?: number;
  /** Wanted power (default 0.8). */
  power?: number;
}

export interface SampleSize {
  /** Customers needed in each arm, and in all. */
  A: number;
  B: number;
  total: number;
  /** The power these sizes give (at least the wanted power). */
  power: number;
}

/** Totals beyond this are not worth planning for: the effect is too small to test. */
const MAX_TOTAL = 1e12;

/**
 * The smallest experiment (split by `weights`, arms rounded up) in which the two-sided pooled
 * two-proportion z-test detects `effect` with the wanted power; null when not even 10^12 customers
 * would. Exact search on the power function, not the usual closed-form approximation.
 *
 * @example
 * requiredSampleSize({ baseline: 0.265, effect: -0.03 }); // { A: 3247, B: 3247, total: 6494, power: 0.8000… }
 */
export function requiredSampleSize(input: SampleSizeInput): SampleSize | null {
  const { baseline, effect } = input;
  const alpha = input.alpha ?? 0.05;
  const target = input.power ?? 0.8;
  const weights = input.weights ?? { A: 1, B: 1 };
  if (!(target > alpha && target < 1)) throw new RangeError(`invalid power: ${target}`);
  if (!(effect !== 0 && baseline + effect >= 0 && baseline + effect <= 1)) {
    throw new RangeError(`invalid effect: ${effect} on a baseline of ${baseline}`);
  }
  if (!(weights.A > 0 && weights.B > 0))
    throw new RangeError(`invalid weights: A ${weights.A}, B ${weights.B}`);
  const shareA = weights.A / (weights.A + weights.B);
  const arms = (total: number) => ({
    A: Math.max(1, Math.ceil(total * shareA)),
    B: Math.max(1, Math.ceil(total * (1 - shareA))),
  });
  const powerAt = (total: number) => {
    const { A, B } = arms(total);
    return twoProportionPower({ rateA: baseline, rateB: baseline + effect, nA: A, nB: B, alpha });
  };
  // Power grows with the total: double until it is reached, then bisect on whole numbers.
  let hi = 2;
  while (powerAt(hi) < target) {
    hi *= 2;
    if (hi > MAX_TOTAL) return null;
  }
  let lo = hi / 2;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (powerAt(mid) >= target) hi = mid;
    else lo = mid;
  }
  const { A, B } = arms(hi);
  return { A, B, total: A + B, power: powerAt(hi) };
}
