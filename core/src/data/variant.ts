import type { Variant } from "./schema.ts";
import { stableHash32 } from "./stable-hash.ts";

/** The experiment every customer is assigned in unless another key is given. */
export const DEFAULT_EXPERIMENT_KEY = "nudge-strategy-2026";

/** Relative weights of the two arms (need not sum to 1); the default is an even split. */
export type VariantWeights = Readonly<Record<Variant, number>>;

export const EVEN_SPLIT: VariantWeights = { A: 0.5, B: 0.5 };

/**
 * The A/B arm of a customer in an experiment: a stable hash of the experiment key and the customer
 * ID, so a customer keeps their arm in every file, in any row order, and arms of different
 * experiments are independent. With weights `{A: wA, B: wB}` a share `wA / (wA + wB)` gets A.
 *
 * @example
 * assignVariant("7590-VHVEG"); // "A" or "B", the same on every run
 * assignVariant("7590-VHVEG", "onboarding-email", { A: 0.9, B: 0.1 }); // 10% holdout in B
 */
export function assignVariant(
  customerID: string,
  experimentKey: string = DEFAULT_EXPERIMENT_KEY,
  weights: VariantWeights = EVEN_SPLIT,
): Variant {
  const { A, B } = weights;
  if (!(Number.isFinite(A) && A >= 0)) throw new RangeError(`invalid variant weight A: ${A}`);
  if (!(Number.isFinite(B) && B >= 0)) throw new RangeError(`invalid variant weight B: ${B}`);
  if (!(A + B > 0)) throw new RangeError(`invalid variant weights: A ${A} and B ${B} sum to 0`);
  // The key goes first, separated by a character IDs cannot contain, so ("ab", "c") ≠ ("a", "bc").
  const u = stableHash32(`${experimentKey}\u0000${customerID}`) / 4294967296;
  return u < A / (A + B) ? "A" : "B";
}
