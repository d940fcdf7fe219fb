import { twoProportionPower } from "./power.ts";

export interface MdeInput {
  /** Rate in arm A (control), e.g. the observed control churn rate. */
  baseline: number;
  nA: number;
  nB: number;
  /** Two-sided significance level (default 0.05). */
  alpha?: number;
  /** Wanted power (default 0.8). */
  power?: number;
}

/**
 * The minimum detectable effect: the smallest fall in the rate from `baseline` (absolute, 0.02 =
 * 2 points) that the two-sided pooled z-test detects with the wanted power at these arm sizes.
 * Null when even a fall to 0 is not detected that often. Found by bisection on the exact power.
 *
 * @example
 * minimumDetectableEffect({ baseline: 0.265, nA: 3500, nB: 3500 }); // ≈ 0.029
 */
export function minimumDetectableEffect(input: MdeInput): number | null {
  const { baseline, nA, nB } = input;
  const alpha = input.alpha ?? 0.05;
  const target = input.power ?? 0.8;
  if (!(target > alpha && target < 1)) throw new RangeError(`invalid power: ${target}`);
  const power = (fall: number) =>
    twoProportionPower({ rateA: baseline, rateB: baseline - fall, nA, nB, alpha });
  if (baseline === 0 || power(baseline) < target) return null;
  let lo = 0;
  let hi = baseline;
  // 60 halvings take the bracket below 1e-18: far finer than any rate is known.
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (power(mid) >= target) hi = mid;
    else lo = mid;
  }
  return hi;
}
