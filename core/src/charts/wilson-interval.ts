/**
 * Wilson score interval for a proportion: k successes in n trials, at the two-sided level whose
 * normal quantile is `z` (default 1.96, 95%). Stays inside [0, 1] and behaves at k = 0 or k = n.
 *
 * @example
 * wilsonInterval(27, 100); // [0.1917, 0.3661]
 */
export function wilsonInterval(k: number, n: number, z = 1.959963984540054): [number, number] {
  if (!(n > 0 && k >= 0 && k <= n)) throw new Error(`invalid proportion: ${k} of ${n}`);
  const p = k / n;
  const d = 1 + (z * z) / n;
  const c = (p + (z * z) / (2 * n)) / d;
  const h = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / d;
  return [Math.max(0, c - h), Math.min(1, c + h)];
}
