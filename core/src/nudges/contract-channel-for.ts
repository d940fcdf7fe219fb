import type { RiskBand } from "../snapshot/scored-batch.ts";
import type { ContractNudgeReason } from "./contract-nudge.ts";
import type { ContractNudgeRule } from "./contract-nudge-rule.ts";
import type { NudgeChannel, NudgeTrigger } from "./nudge.ts";

const BY_CHANNEL: Record<NudgeChannel, string> = {
  "csm-call": "the customer-success manager calls",
  email: "an e-mail (a call is kept for High risk)",
  "in-app": "a note in the app (no e-mail, no call)",
};

/**
 * How a generic nudge reaches the customer, with the reason: an app event (login, refresh) shows
 * it in the app, where the customer is; on demand, the rule's channel for the customer's band
 * (High → a CSM call, Medium → e-mail, Low → in the app, for the built-in catalogue).
 *
 * @example
 * contractChannelFor(rule, "High", "on-demand").channel; // "csm-call"
 */
export function contractChannelFor(
  rule: ContractNudgeRule,
  band: RiskBand,
  trigger: NudgeTrigger,
): { channel: NudgeChannel; reason: ContractNudgeReason } {
  if (trigger !== "on-demand") {
    return {
      channel: "in-app",
      reason: {
        kind: "channel",
        rule: `channel:event-${trigger}`,
        text: `${trigger} event: shown in the app`,
      },
    };
  }
  const channel = rule.channels[band];
  return {
    channel,
    reason: {
      kind: "channel",
      rule: `channel:${band.toLowerCase()}-risk-${channel}`,
      text: `${band} risk: ${BY_CHANNEL[channel]}`,
    },
  };
}
