/**
 * Holm's step-down adjustment of p-values for testing several hypotheses at once: it controls the
 * family-wise error rate like Bonferroni but rejects more. Adjusted values come back in the input
 * order; reject hypothesis i at level α when `adjusted[i] < α` (or ≤, as you prefer).
 *
 * @example
 * holm([0.01, 0.04, 0.03]); // [0.03, 0.06, 0.06]
 */
export function holm(pValues: readonly number[]): number[] {
  for (const p of pValues) if (!(p >= 0 && p <= 1)) throw new RangeError(`invalid p-value: ${p}`);
  const m = pValues.length;
  const order = pValues.map((_, i) => i).sort((i, j) => pValues[i] - pValues[j]);
  const adjusted = new Array<number>(m);
  let running = 0;
  order.forEach((index, rank) => {
    // Monotone: an adjusted p-value is never below the one of a smaller raw p-value.
    running = Math.max(running, Math.min(1, (m - rank) * pValues[index]));
    adjusted[index] = running;
  });
  return adjusted;
}
