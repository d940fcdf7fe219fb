/**
 * Mean binary cross-entropy −[y·ln p + (1 − y)·ln(1 − p)], with p clipped to [1e-15, 1 − 1e-15]
 * so a confident mistake costs ~34.5, not infinity (sklearn's `log_loss` clipping).
 *
 * @example
 * logLoss([1, 0], [0.8, 0.3]); // (−ln 0.8 − ln 0.7) / 2 ≈ 0.2899
 */
export function logLoss(labels: ArrayLike<number>, probs: ArrayLike<number>): number {
  const n = labels.length;
  if (probs.length !== n) throw new Error(`probabilities length ${probs.length}, labels length ${n}`);
  const eps = 1e-15;
  let s = 0;
  for (let i = 0; i < n; i++) {
    const p = Math.min(Math.max(probs[i], eps), 1 - eps);
    const y = labels[i];
    s -= y * Math.log(p) + (1 - y) * Math.log(1 - p);
  }
  return s / n;
}
