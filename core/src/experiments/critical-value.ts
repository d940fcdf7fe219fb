import normalQuantile from "@stdlib/stats-base-dists-normal-quantile";

/**
 * The two-sided standard-normal critical value of a confidence level: 1.959963984540054 at 0.95.
 *
 * @example
 * criticalValue(0.95); // 1.959963984540054
 */
export function criticalValue(confidence: number): number {
  if (!(confidence > 0 && confidence < 1)) throw new RangeError(`invalid confidence: ${confidence}`);
  return normalQuantile(1 - (1 - confidence) / 2, 0, 1);
}
