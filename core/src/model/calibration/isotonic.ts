import type { IsotonicCalibration } from "./calibration-map.ts";

/**
 * Smallest and largest probability an isotonic map returns: a block of held-out customers with
 * no churner (or only churners) must not make anyone certain — a 0 would cost an infinite log
 * loss the first time such a customer does churn.
 */
export const ISOTONIC_EPSILON = 1e-3;

/**
 * Fits isotonic regression of the labels on the raw probabilities by pool-adjacent-violators:
 * points with equal probability are merged first (weighted), then adjacent blocks whose means
 * decrease are pooled until the means increase. Each block keeps its first and last x, so the
 * map interpolates linearly between blocks (fewer ties than a step function, as sklearn does).
 * Block values are clipped to [ISOTONIC_EPSILON, 1 − ISOTONIC_EPSILON].
 *
 * @example
 * fitIsotonic([0.1, 0.2, 0.3, 0.4], [0, 1, 0, 1]);
 * // → { method: "isotonic", x: [0.1, 0.2, 0.3, 0.4], y: [0.001, 0.5, 0.5, 0.999] }
 */
export function fitIsotonic(
  probs: ArrayLike<number>,
  labels: ArrayLike<number>,
  weights?: ArrayLike<number>,
): IsotonicCalibration {
  const n = probs.length;
  if (labels.length !== n) throw new Error(`labels length ${labels.length}, probabilities length ${n}`);
  if (n === 0) throw new Error("no rows to calibrate on");
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => probs[a] - probs[b] || a - b);
  // Blocks as parallel stacks: weight, weighted label sum, first x, last x.
  const w: number[] = [];
  const s: number[] = [];
  const x0: number[] = [];
  const x1: number[] = [];
  for (const i of order) {
    const x = probs[i];
    if (!(x >= 0 && x <= 1)) throw new Error(`invalid probability: ${x} (row ${i})`);
    const wi = weights ? weights[i] : 1;
    const top = w.length - 1;
    if (top >= 0 && x1[top] === x) {
      w[top] += wi;
      s[top] += wi * labels[i];
    } else {
      w.push(wi);
      s.push(wi * labels[i]);
      x0.push(x);
      x1.push(x);
    }
    // Pool while the previous block's mean is not below the last one's.
    while (w.length > 1) {
      const b = w.length - 1;
      if (s[b - 1] / w[b - 1] < s[b] / w[b]) break;
      w[b - 1] += w[b];
      s[b - 1] += s[b];
      x1[b - 1] = x1[b];
      w.pop();
      s.pop();
      x0.pop();
      x1.pop();
    }
  }
  const xs: number[] = [];
  const ys: number[] = [];
  for (let b = 0; b < w.length; b++) {
    const v = Math.min(Math.max(s[b] / w[b], ISOTONIC_EPSILON), 1 - ISOTONIC_EPSILON);
    xs.push(x0[b]);
    ys.push(v);
    if (x1[b] > x0[b]) {
      xs.push(x1[b]);
      ys.push(v);
    }
  }
  return { method: "isotonic", x: xs, y: ys };
}

/** Evaluates an isotonic map at p: linear between points, constant outside. */
export function applyIsotonic(map: IsotonicCalibration, p: number): number {
  const { x, y } = map;
  const n = x.length;
  if (p <= x[0]) return y[0];
  if (p >= x[n - 1]) return y[n - 1];
  // Last point with x <= p.
  let lo = 0;
  let hi = n - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1;
    if (x[mid] <= p) lo = mid;
    else hi = mid;
  }
  const t = (p - x[lo]) / (x[hi] - x[lo]);
  return y[lo] + t * (y[hi] - y[lo]);
}
