import { criticalValue } from "./critical-value.ts";
import type { Interval } from "./interval.ts";

/**
 * The Wilson score interval of a proportion `events / n` (Wilson 1927): the set of rates whose
 * score test does not reject at the given confidence. Unlike the Wald interval it stays inside
 * [0, 1] and keeps close to its nominal coverage with few events.
 *
 * @example
 * wilsonInterval(930, 3500); // [0.25134…, 0.28059…]
 */
export function wilsonInterval(events: number, n: number, confidence = 0.95): Interval {
  checkCounts(events, n);
  const z = criticalValue(confidence);
  const p = events / n;
  const z2n = (z * z) / n;
  const centre = (p + z2n / 2) / (1 + z2n);
  const half = (z / (1 + z2n)) * Math.sqrt((p * (1 - p)) / n + z2n / (4 * n));
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

/** Event counts must be whole, non-negative and at most `n`, and `n` positive. */
export function checkCounts(events: number, n: number): void {
  if (!(Number.isSafeInteger(n) && n > 0)) throw new RangeError(`invalid sample size: ${n}`);
  if (!(Number.isSafeInteger(events) && events >= 0 && events <= n)) {
    throw new RangeError(`invalid event count: ${events} of ${n}`);
  }
}
