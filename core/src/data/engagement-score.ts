import type { TelcoRecord } from "./schema.ts";
import { serviceCount } from "./service-count.ts";

/** The behaviour the engagement score reads besides the Telco columns. */
export interface Behaviour {
  sessionsPerMonth: number;
  paymentDelayDays: number;
  supportCalls90d: number;
}

/**
 * Engagement on a 0–100 scale, rounded to one decimal:
 *
 *   100 × ( 0.45 · min(sessionsPerMonth, 60) / 60        usage
 *         + 0.20 · min(tenure, 72) / 72                  loyalty
 *         + 0.15 · serviceCount / 9                      breadth of the bundle
 *         + 0.10 · (1 − min(paymentDelayDays, 30) / 30)  pays on time
 *         + 0.10 · (1 − min(supportCalls90d, 10) / 10) ) few support calls
 *
 * Every term is in [0, 1] and the weights sum to 1, so the score is in [0, 100].
 *
 * @example
 * engagementScore(customer, { sessionsPerMonth: 30, paymentDelayDays: 0, supportCalls90d: 1 }); // e.g. 61.3
 */
export function engagementScore(
  record: Parameters<typeof serviceCount>[0] & Pick<TelcoRecord, "tenure">,
  behaviour: Behaviour,
): number {
  const usage = Math.min(behaviour.sessionsPerMonth, 60) / 60;
  const loyalty = Math.min(record.tenure, 72) / 72;
  const breadth = serviceCount(record) / 9;
  const onTime = 1 - Math.min(behaviour.paymentDelayDays, 30) / 30;
  const fewCalls = 1 - Math.min(behaviour.supportCalls90d, 10) / 10;
  const raw = 100 * (0.45 * usage + 0.2 * loyalty + 0.15 * breadth + 0.1 * onTime + 0.1 * fewCalls);
  return Math.round(raw * 10) / 10;
}
