import type { ENGAGEMENT_LEVELS } from "./schema.ts";

export type EngagementLevel = (typeof ENGAGEMENT_LEVELS)[number];

/** Scores below this are Low. */
export const MEDIUM_ENGAGEMENT_FROM = 40;
/** Scores at or above this are High. */
export const HIGH_ENGAGEMENT_FROM = 65;

/**
 * The engagement level of a 0–100 engagement score: Low below 40, Medium from 40 to below 65,
 * High from 65.
 *
 * @example
 * engagementLevel(39.9); // "Low"
 * engagementLevel(65); // "High"
 */
export function engagementLevel(score: number): EngagementLevel {
  if (score >= HIGH_ENGAGEMENT_FROM) return "High";
  return score >= MEDIUM_ENGAGEMENT_FROM ? "Medium" : "Low";
}
