import tCdf from "@stdlib/stats-base-dists-t-cdf";
import tQuantile from "@stdlib/stats-base-dists-t-quantile";
import type { Interval } from "./interval.ts";
import type { SampleSummary } from "./sample-summary.ts";

export interface WelchResult {
  /** `mean(b) − mean(a)`. */
  difference: number;
  /** Confidence interval of the difference (Welch–Satterthwaite degrees of freedom). */
  interval: Interval;
  t: number;
  df: number;
  /** Two-sided p-value. */
  pValue: number;
}

/**
 * Welch's unequal-variance t-test of `mean(b) = mean(a)`, from the two samples' summaries.
 * Needs at least two values in each sample and some spread in one of them.
 *
 * @example
 * welchTTest(sampleSummary(engagementA), sampleSummary(engagementB), 0.95); // { difference, interval, t, df, pValue }
 */
export function welchTTest(a: SampleSummary, b: SampleSummary, confidence = 0.95): WelchResult {
  for (const [name, s] of [
    ["a", a],
    ["b", b],
  ] as const) {
    if (!(Number.isSafeInteger(s.n) && s.n >= 2))
      throw new RangeError(`too few values in sample ${name}: ${s.n}`);
    if (!(Number.isFinite(s.mean) && Number.isFinite(s.variance) && s.variance >= 0)) {
      throw new RangeError(`invalid summary of sample ${name}: mean ${s.mean}, variance ${s.variance}`);
    }
  }
  if (!(confidence > 0 && confidence < 1)) throw new RangeError(`invalid confidence: ${confidence}`);
  const va = a.variance / a.n;
  const vb = b.variance / b.n;
  const se = Math.sqrt(va + vb);
  if (se === 0) throw new RangeError("no variation in either sample: the t statistic is undefined");
  const difference = b.mean - a.mean;
  const t = difference / se;
  const df = (va + vb) ** 2 / (va ** 2 / (a.n - 1) + vb ** 2 / (b.n - 1));
  const half = tQuantile(1 - (1 - confidence) / 2, df) * se;
  return {
    difference,
    interval: [difference - half, difference + half],
    t,
    df,
    pValue: Math.min(1, 2 * tCdf(-Math.abs(t), df)),
  };
}
