import normalCdf from "@stdlib/stats-base-dists-normal-cdf";
import normalQuantile from "@stdlib/stats-base-dists-normal-quantile";

export interface PowerInput {
  /** Rate in arm A (control). */
  rateA: number;
  /** Rate in arm B (treatment) that the test should detect. */
  rateB: number;
  /** Customers in arm A. */
  nA: number;
  /** Customers in arm B. */
  nB: number;
  /** Two-sided significance level (default 0.05). */
  alpha?: number;
}

/**
 * The power of the two-sided pooled two-proportion z-test: the chance it rejects at level `alpha`
 * when the true rates are `rateA` and `rateB`. The standard error is pooled under the null and
 * unpooled under the alternative; both rejection tails count. Arm sizes need not be whole (a
 * planned split of a total).
 *
 * @example
 * twoProportionPower({ rateA: 0.265, rateB: 0.235, nA: 3500, nB: 3500 }); // 0.8261…
 */
export function twoProportionPower(input: PowerInput): number {
  const { rateA, rateB, nA, nB } = input;
  const alpha = input.alpha ?? 0.05;
  for (const [name, rate] of [
    ["rateA", rateA],
    ["rateB", rateB],
  ] as const) {
    if (!(rate >= 0 && rate <= 1)) throw new RangeError(`invalid ${name}: ${rate}`);
  }
  if (!(nA > 0 && Number.isFinite(nA))) throw new RangeError(`invalid nA: ${nA}`);
  if (!(nB > 0 && Number.isFinite(nB))) throw new RangeError(`invalid nB: ${nB}`);
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`invalid alpha: ${alpha}`);
  const z = normalQuantile(1 - alpha / 2, 0, 1);
  const pooled = (nA * rateA + nB * rateB) / (nA + nB);
  const seNull = Math.sqrt(pooled * (1 - pooled) * (1 / nA + 1 / nB));
  const seAlt = Math.sqrt((rateA * (1 - rateA)) / nA + (rateB * (1 - rateB)) / nB);
  const delta = Math.abs(rateB - rateA);
  if (seAlt === 0) return delta > 0 ? 1 : alpha;
  return normalCdf((delta - z * seNull) / seAlt, 0, 1) + normalCdf((-delta - z * seNull) / seAlt, 0, 1);
}
