import type { NudgeAction } from "./nudge-action.ts";
import type { NudgeChannel, NudgeReason, NudgeTrigger } from "./nudge.ts";
import type { NudgeFacts } from "./nudge-facts.ts";

/**
 * How the nudge reaches the customer, with the reason: an app event (login, refresh) shows it in
 * the app; otherwise a High-risk customer gets a call from their CSM for actions that escalate;
 * otherwise the action's usual channel.
 */
export function channelFor(
  action: NudgeAction,
  facts: NudgeFacts,
  trigger: NudgeTrigger,
): { channel: NudgeChannel; reason: NudgeReason } {
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
  if (action.escalateWhenHigh && facts.band === "High") {
    return {
      channel: "csm-call",
      reason: {
        kind: "channel",
        rule: "channel:high-risk-call",
        text: "High risk: the customer-success manager calls",
      },
    };
  }
  return {
    channel: action.channel,
    reason: {
      kind: "channel",
      rule: `channel:${action.channel}`,
      text: `usual channel for this action: ${action.channel}`,
    },
  };
}
