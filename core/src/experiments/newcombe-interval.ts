import type { Interval } from "./interval.ts";
import { checkCounts, wilsonInterval } from "./wilson-interval.ts";

/** Events and trials of one arm. */
export interface Proportion {
  events: number;
  n: number;
}

/**
 * Newcombe's hybrid score interval for the difference of two proportions `rate(b) − rate(a)`
 * (method 10 of Newcombe 1998), built from the two Wilson intervals. It keeps its coverage with
 * small counts and rates near 0 or 1, where the Wald interval does not.
 *
 * @example
 * newcombeInterval({ events: 930, n: 3500 }, { events: 850, n: 3543 }); // [-0.04609…, -0.00550…]
 */
export function newcombeInterval(a: Proportion, b: Proportion, confidence = 0.95): Interval {
  checkCounts(a.events, a.n);
  checkCounts(b.events, b.n);
  const pA = a.events / a.n;
  const pB = b.events / b.n;
  const [lA, uA] = wilsonInterval(a.events, a.n, confidence);
  const [lB, uB] = wilsonInterval(b.events, b.n, confidence);
  const d = pB - pA;
  // A difference of two proportions lies in [−1, 1]; the bounds are clamped there because the sums
  // can round one ulp past it (0 of 2 against 4996 of 4996: 1.0000000000000002).
  return [Math.max(-1, d - Math.hypot(pB - lB, uA - pA)), Math.min(1, d + Math.hypot(uB - pB, pA - lA))];
}
