/**
 * Draws from the few distributions the enrichment and the simulator need, each taking the uniform
 * `RandomSource` as an argument so the caller controls the seed. Every draw consumes a fixed number
 * of uniforms except `drawPoisson`, whose count depends on the value drawn.
 */
import type { RandomSource } from "./seeded-random.ts";

/** True with probability `p`. Consumes one uniform. */
export function drawBernoulli(random: RandomSource, p: number): boolean {
  return random() < p;
}

/** A standard normal (Box–Muller, one of the pair). Consumes two uniforms. */
export function drawNormal(random: RandomSource): number {
  const u = 1 - random(); // (0, 1]: log is finite
  const v = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** An exponential with the given mean. Consumes one uniform. */
export function drawExponential(random: RandomSource, mean: number): number {
  return -mean * Math.log(1 - random());
}

/**
 * A Poisson count with mean `lambda` (Knuth's product method, fine for the small means used here;
 * above 30 a rounded normal approximation keeps the cost bounded).
 */
export function drawPoisson(random: RandomSource, lambda: number): number {
  if (!(lambda > 0)) return 0;
  if (lambda > 30) return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * drawNormal(random)));
  const limit = Math.exp(-lambda);
  let k = 0;
  let product = random();
  while (product > limit) {
    k++;
    product *= random();
  }
  return k;
}

/** An index drawn with probability proportional to `weights` (non-negative, positive sum). Consumes one uniform. */
export function drawIndex(random: RandomSource, weights: readonly number[]): number {
  let total = 0;
  for (const w of weights) total += w;
  let u = random() * total;
  for (let i = 0; i < weights.length - 1; i++) {
    u -= weights[i];
    if (u < 0) return i;
  }
  return weights.length - 1;
}
