import type { ContractNudge } from "./contract-nudge.ts";

/**
 * What a contract nudge offers, as one word for Regenerate's "already shown" list: the rule and
 * the offered action's column ("offer-what-if:international_plan"), or the rule alone.
 *
 * @example
 * contractNudgeKey(nudge); // "csm-check-in"
 */
export function contractNudgeKey(nudge: Pick<ContractNudge, "actionId" | "offer">): string {
  return nudge.offer ? `${nudge.actionId}:${nudge.offer.column}` : nudge.actionId;
}
