/** PSI above which a distribution has shifted enough to look at (the usual rule of thumb). */
export const PSI_FLAG = 0.2;

/** Share given to an empty bin so its log term stays finite (a common convention). */
export const PSI_EMPTY_SHARE = 1e-4;

/**
 * Population stability index of two histograms over the same bins: Σ (aᵢ − eᵢ)·ln(aᵢ / eᵢ), with
 * eᵢ and aᵢ each bin's share of the expected (reference) and actual counts. An empty bin counts
 * as a share of `emptyShare` (1e-4). 0 means identical; below 0.1 is usually read as stable,
 * 0.1–0.2 as a moderate shift, above 0.2 (`PSI_FLAG`) as a shift worth acting on.
 *
 * @example
 * populationStability([25, 25, 25, 25], [10, 20, 30, 40]); // 0.2282
 */
export function populationStability(
  expected: ArrayLike<number>,
  actual: ArrayLike<number>,
  emptyShare = PSI_EMPTY_SHARE,
): number {
  if (expected.length !== actual.length) {
    throw new Error(`bin counts differ: expected ${expected.length} bins, actual ${actual.length}`);
  }
  if (!(emptyShare > 0 && emptyShare < 1)) throw new Error(`invalid empty-bin share: ${emptyShare}`);
  const total = (xs: ArrayLike<number>, what: string) => {
    let sum = 0;
    for (let i = 0; i < xs.length; i++) {
      if (!(xs[i] >= 0)) throw new Error(`invalid ${what} count: ${xs[i]} (bin ${i})`);
      sum += xs[i];
    }
    if (sum === 0) throw new Error(`no ${what} observations`);
    return sum;
  };
  const e = total(expected, "expected");
  const a = total(actual, "actual");
  let psi = 0;
  for (let i = 0; i < expected.length; i++) {
    const ei = Math.max(expected[i] / e, emptyShare);
    const ai = Math.max(actual[i] / a, emptyShare);
    psi += (ai - ei) * Math.log(ai / ei);
  }
  return psi;
}
