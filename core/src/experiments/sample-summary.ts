/** What a two-sample test needs of a sample: its size, mean and (n − 1) variance. */
export interface SampleSummary {
  n: number;
  mean: number;
  /** Sample variance with the n − 1 denominator; NaN when n < 2. */
  variance: number;
}

/**
 * Size, mean and sample variance of numbers (two passes, so large offsets cost no precision).
 *
 * @example
 * sampleSummary([1, 2, 3, 4]); // { n: 4, mean: 2.5, variance: 1.6666… }
 */
export function sampleSummary(values: ArrayLike<number>): SampleSummary {
  const n = values.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i];
  const mean = n > 0 ? sum / n : NaN;
  let squares = 0;
  for (let i = 0; i < n; i++) squares += (values[i] - mean) ** 2;
  return { n, mean, variance: n > 1 ? squares / (n - 1) : NaN };
}
