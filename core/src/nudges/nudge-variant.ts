import type { Customer, Variant } from "../data/schema.ts";
import { assignVariant, DEFAULT_EXPERIMENT_KEY, EVEN_SPLIT, type VariantWeights } from "../data/variant.ts";

/**
 * The customer's arm in an experiment: their `variant` column for the default experiment (the arm
 * they were enrolled in, whatever the file says), otherwise the stable hash assignment for `experimentKey`.
 *
 * @example
 * variantFor(customer, "nudge-strategy-2026"); // customer.variant
 * variantFor(customer, "spring-offer", { A: 0.9, B: 0.1 }); // "A" for about 90% of customers
 */
export function variantFor(
  customer: Pick<Customer, "customerID" | "variant">,
  experimentKey: string = DEFAULT_EXPERIMENT_KEY,
  weights: VariantWeights = EVEN_SPLIT,
): Variant {
  return experimentKey === DEFAULT_EXPERIMENT_KEY
    ? customer.variant
    : assignVariant(customer.customerID, experimentKey, weights);
}
