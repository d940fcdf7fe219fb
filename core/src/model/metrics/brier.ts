/**
 * Brier score: mean squared difference between probability and outcome (0 is perfect; always
 * predicting the base rate r scores r(1 − r)).
 *
 * @example
 * brierScore([1, 0], [0.8, 0.3]); // (0.04 + 0.09) / 2 = 0.065
 */
export function brierScore(labels: ArrayLike<number>, probs: ArrayLike<number>): number {
  const n = labels.length;
  if (probs.length !== n) throw new Error(`probabilities length ${probs.length}, labels length ${n}`);
  let s = 0;
  for (let i = 0; i < n; i++) {
    const d = probs[i] - labels[i];
    s += d * d;
  }
  return s / n;
}
