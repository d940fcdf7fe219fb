import type { LIFECYCLE_STAGES } from "./schema.ts";

export type LifecycleStage = (typeof LIFECYCLE_STAGES)[number];

/** Customers in their first months are onboarding, whatever their usage. */
export const ONBOARDING_MAX_TENURE = 6;
/** Past onboarding, fewer sessions than this a month means dormant. */
export const DORMANT_BELOW_SESSIONS = 4;
/** Past onboarding and active, customers up to this tenure are growing; longer, mature. */
export const GROWING_MAX_TENURE = 24;

/**
 * Where a customer is in their lifecycle, checked in this order:
 * - **onboarding**: tenure ≤ 6 months;
 * - **dormant**: fewer than 4 sessions a month;
 * - **growing**: tenure 7–24 months;
 * - **mature**: tenure over 24 months.
 *
 * @example
 * lifecycleStage(3, 0); // "onboarding"
 * lifecycleStage(40, 2); // "dormant"
 * lifecycleStage(40, 25); // "mature"
 */
export function lifecycleStage(tenure: number, sessionsPerMonth: number): LifecycleStage {
  if (tenure <= ONBOARDING_MAX_TENURE) return "onboarding";
  if (sessionsPerMonth < DORMANT_BELOW_SESSIONS) return "dormant";
  return tenure <= GROWING_MAX_TENURE ? "growing" : "mature";
}
