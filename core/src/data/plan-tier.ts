import type { PlanTier, TelcoRecord } from "./schema.ts";
import { addOnCount } from "./service-count.ts";

/** Monthly bill (USD) from which the app plan is Premium. */
export const PREMIUM_MIN_MONTHLY_CHARGES = 90;
/** Internet add-ons (of six) from which the app plan is Premium whatever the bill. */
export const PREMIUM_MIN_ADD_ONS = 4;
/** Monthly bill (USD) below which the app plan is Free. */
export const FREE_MAX_MONTHLY_CHARGES = 35;

/**
 * The customer's app plan tier. The app is bundled with the Telco subscription, so its tier follows
 * the bill and the bundle, not the contract length (the contract is a separate column):
 * - **Premium**: MonthlyCharges ≥ 90, or at least 4 of the 6 internet add-ons;
 * - **Free**: MonthlyCharges < 35 — phone-only lines and bare DSL (the app comes free with them);
 * - **Standard**: everything else.
 * Deterministic: no random draw, so the same bill and services always give the same tier.
 *
 * @example
 * planTier({ ...customer, MonthlyCharges: 19.95, InternetService: "No" }); // "Free"
 * planTier({ ...customer, MonthlyCharges: 104.8 }); // "Premium"
 */
export function planTier(
  record: Parameters<typeof addOnCount>[0] & Pick<TelcoRecord, "MonthlyCharges">,
): PlanTier {
  if (record.MonthlyCharges >= PREMIUM_MIN_MONTHLY_CHARGES || addOnCount(record) >= PREMIUM_MIN_ADD_ONS) {
    return "Premium";
  }
  return record.MonthlyCharges < FREE_MAX_MONTHLY_CHARGES ? "Free" : "Standard";
}
