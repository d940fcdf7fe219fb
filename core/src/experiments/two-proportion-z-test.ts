import normalCdf from "@stdlib/stats-base-dists-normal-cdf";
import type { Proportion } from "./newcombe-interval.ts";
import { checkCounts } from "./wilson-interval.ts";

export interface ZTestResult {
  /** `(rate(b) − rate(a)) / pooled standard error`. */
  z: number;
  /** Two-sided p-value. */
  pValue: number;
}

/**
 * The pooled two-proportion z-test of `rate(b) = rate(a)` (equal to Pearson's chi-square test of
 * the 2×2 table without continuity correction). When no arm has events, or every trial is one,
 * the rates are equal by construction: z = 0, p = 1.
 *
 * @example
 * twoProportionZTest({ events: 930, n: 3500 }, { events: 850, n: 3543 }); // { z: -2.4915…, pValue: 0.012718… }
 */
export function twoProportionZTest(a: Proportion, b: Proportion): ZTestResult {
  checkCounts(a.events, a.n);
  checkCounts(b.events, b.n);
  const pooled = (a.events + b.events) / (a.n + b.n);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / a.n + 1 / b.n));
  if (se === 0) return { z: 0, pValue: 1 };
  const z = (b.events / b.n - a.events / a.n) / se;
  // 2·Φ(−|z|) keeps its precision for tiny p-values, where 2·(1 − Φ(|z|)) rounds to 0.
  return { z, pValue: Math.min(1, 2 * normalCdf(-Math.abs(z), 0, 1)) };
}
