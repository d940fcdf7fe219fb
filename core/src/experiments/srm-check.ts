import gammainc from "@stdlib/math-base-special-gammainc";

/** Below this p-value the observed split is called a sample ratio mismatch. */
export const SRM_THRESHOLD = 0.001;

export interface SrmCheck {
  /** Customers seen in each arm. */
  observed: Record<string, number>;
  /** Customers each arm should have had under the configured weights. */
  expected: Record<string, number>;
  /** Pearson's chi-square statistic against the configured split. */
  chiSquare: number;
  df: number;
  pValue: number;
  threshold: number;
  /** `pValue < threshold`: assignment or logging is broken, and the comparison cannot be trusted. */
  mismatch: boolean;
}

/**
 * The sample-ratio-mismatch check: Pearson's chi-square goodness-of-fit test of the observed arm
 * sizes against the configured weights. A real split this far from the plan almost always means
 * broken assignment or lost data, so it flags the experiment's result as untrustworthy.
 *
 * @example
 * srmCheck({ A: 3500, B: 3543 }, { A: 0.5, B: 0.5 }); // { chiSquare: 0.2625…, pValue: 0.6083…, mismatch: false, … }
 */
export function srmCheck(
  observed: Readonly<Record<string, number>>,
  weights: Readonly<Record<string, number>>,
  threshold = SRM_THRESHOLD,
): SrmCheck {
  const arms = Object.keys(weights);
  if (arms.length < 2) throw new RangeError(`too few arms for a sample ratio check: ${arms.length}`);
  for (const arm of Object.keys(observed)) {
    if (!(arm in weights)) throw new RangeError(`arm without a weight: ${JSON.stringify(arm)}`);
  }
  let totalWeight = 0;
  let n = 0;
  for (const arm of arms) {
    const w = weights[arm];
    if (!(Number.isFinite(w) && w > 0)) throw new RangeError(`invalid weight of arm ${arm}: ${w}`);
    const o = observed[arm] ?? 0;
    if (!(Number.isSafeInteger(o) && o >= 0)) throw new RangeError(`invalid count of arm ${arm}: ${o}`);
    totalWeight += w;
    n += o;
  }
  if (n === 0) throw new RangeError("no customers: the sample ratio is undefined");
  const counts: Record<string, number> = {};
  const expected: Record<string, number> = {};
  let chiSquare = 0;
  for (const arm of arms) {
    counts[arm] = observed[arm] ?? 0;
    expected[arm] = (n * weights[arm]) / totalWeight;
    chiSquare += (counts[arm] - expected[arm]) ** 2 / expected[arm];
  }
  const df = arms.length - 1;
  // The chi-square upper tail is the regularized upper incomplete gamma Q(df/2, x/2).
  const pValue = chiSquare === 0 ? 1 : gammainc(chiSquare / 2, df / 2, true, true);
  return { observed: counts, expected, chiSquare, df, pValue, threshold, mismatch: pValue < threshold };
}
