/**
 * Expected calibration error: probabilities go into `bins` equal-width bins on [0, 1] (default
 * 10: [0, 0.1), [0.1, 0.2), …, [0.9, 1.0], p = 1 in the last), and ECE = Σ_b (n_b / N)·|mean p_b −
 * churn rate_b|, the average gap between predicted and observed rates weighted by bin size. 0 is
 * perfectly calibrated. Equal-width bins are the usual convention (Guo et al. 2017); with few
 * rows in the extreme bins the estimate is noisy, so compare ECEs on the same data only.
 *
 * @example
 * expectedCalibrationError([0, 1, 1, 0], [0.05, 0.15, 0.95, 0.85]); // ¼·(0.05 + 0.85 + 0.05 + 0.85) = 0.45
 */
export function expectedCalibrationError(
  labels: ArrayLike<number>,
  probs: ArrayLike<number>,
  bins = 10,
): number {
  const n = labels.length;
  if (probs.length !== n) throw new Error(`probabilities length ${probs.length}, labels length ${n}`);
  if (!Number.isInteger(bins) || bins < 1) throw new Error(`invalid bins: ${bins}`);
  const count = new Float64Array(bins);
  const sumP = new Float64Array(bins);
  const sumY = new Float64Array(bins);
  for (let i = 0; i < n; i++) {
    const p = probs[i];
    if (!(p >= 0 && p <= 1)) throw new Error(`invalid probability: ${p} (row ${i})`);
    const b = Math.min(Math.floor(p * bins), bins - 1);
    count[b]++;
    sumP[b] += p;
    sumY[b] += labels[i];
  }
  let ece = 0;
  for (let b = 0; b < bins; b++) if (count[b] > 0) ece += Math.abs(sumP[b] - sumY[b]) / n;
  return ece;
}
