import type { PlattCalibration } from "./calibration-map.ts";

/**
 * Fits Platt scaling p' = σ(a·logit(p) + b) by Newton's method with backtracking (Lin, Lin &
 * Weng 2007), on Platt's smoothed targets (N₊ + 1)/(N₊ + 2) and 1/(N₋ + 2), which keep a and b
 * finite when the classes separate. Probabilities are clipped to [1e-15, 1 − 1e-15] first.
 *
 * @example
 * fitPlatt(heldOutProbs, heldOutLabels); // → { method: "platt", a: 0.93, b: -0.05 }
 */
export function fitPlatt(probs: ArrayLike<number>, labels: ArrayLike<number>): PlattCalibration {
  const n = probs.length;
  if (labels.length !== n) throw new Error(`labels length ${labels.length}, probabilities length ${n}`);
  if (n === 0) throw new Error("no rows to calibrate on");
  const z = new Float64Array(n);
  let nPos = 0;
  for (let i = 0; i < n; i++) {
    const p = probs[i];
    if (!(p >= 0 && p <= 1)) throw new Error(`invalid probability: ${p} (row ${i})`);
    z[i] = logit(p);
    if (labels[i] >= 0.5) nPos++;
  }
  const hi = (nPos + 1) / (nPos + 2);
  const lo = 1 / (n - nPos + 2);
  const t = new Float64Array(n);
  for (let i = 0; i < n; i++) t[i] = labels[i] >= 0.5 ? hi : lo;

  const objective = (a: number, b: number) => {
    let f = 0;
    for (let i = 0; i < n; i++) {
      const m = a * z[i] + b;
      // −[t·log σ(m) + (1−t)·log(1−σ(m))] = log(1 + e^m) − t·m, overflow-safe.
      f += (m > 0 ? m + Math.log1p(Math.exp(-m)) : Math.log1p(Math.exp(m))) - t[i] * m;
    }
    return f;
  };
  let a = 1;
  let b = 0;
  let f = objective(a, b);
  for (let iter = 0; iter < 100; iter++) {
    let ga = 0;
    let gb = 0;
    let haa = 1e-12;
    let hab = 0;
    let hbb = 1e-12;
    for (let i = 0; i < n; i++) {
      const p = sigmoid(a * z[i] + b);
      const d = p - t[i];
      const h = p * (1 - p);
      ga += d * z[i];
      gb += d;
      haa += h * z[i] * z[i];
      hab += h * z[i];
      hbb += h;
    }
    if (Math.abs(ga) < 1e-10 * n && Math.abs(gb) < 1e-10 * n) break;
    const det = haa * hbb - hab * hab;
    const da = -(hbb * ga - hab * gb) / det;
    const db = -(haa * gb - hab * ga) / det;
    let step = 1;
    let improved = false;
    while (step > 1e-10) {
      const na = a + step * da;
      const nb = b + step * db;
      const nf = objective(na, nb);
      if (nf < f + 1e-4 * step * (ga * da + gb * db)) {
        a = na;
        b = nb;
        f = nf;
        improved = true;
        break;
      }
      step /= 2;
    }
    if (!improved) break;
  }
  return { method: "platt", a, b };
}

/** Evaluates a Platt map at p. */
export function applyPlatt(map: PlattCalibration, p: number): number {
  return sigmoid(map.a * logit(p) + map.b);
}

function logit(p: number): number {
  const q = Math.min(Math.max(p, 1e-15), 1 - 1e-15);
  return Math.log(q / (1 - q));
}

function sigmoid(m: number): number {
  return 1 / (1 + Math.exp(-m));
}
