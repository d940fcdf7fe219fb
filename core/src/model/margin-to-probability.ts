/** σ(margin) for each margin: the booster's raw (uncalibrated) probability. */
export function marginsToProbabilities(margins: ArrayLike<number>): Float64Array {
  const out = new Float64Array(margins.length);
  for (let i = 0; i < margins.length; i++) out[i] = 1 / (1 + Math.exp(-margins[i]));
  return out;
}
