import type { SlackConfig } from "./slack-config.ts";

/** Where a question came from. */
export interface AccessRequest {
  user: string;
  /** The conversation (C…, G…, D…); undefined on the Home tab. */
  channel?: string;
  /** A direct message with the app, or the Home tab: the channel allow-list does not apply. */
  direct: boolean;
}

export type AccessDecision =
  | { allowed: true }
  | {
      allowed: false;
      /** Stable code for the audit event and the log. */
      code: "user-not-allowed" | "channel-not-allowed";
      /** The polite refusal shown to the asker (only to them). */
      text: string;
    };

/**
 * Who may ask, from the allow-lists: SLACK_ALLOWED_USERS (unset = anyone in the workspace) and
 * SLACK_ALLOWED_CHANNELS (unset = any channel the app is in; direct messages and the Home tab are
 * governed by the user list alone, since nobody else sees them).
 *
 * @example
 * checkAccess({ allowedUsers: new Set(["U1"]), allowedChannels: null }, { user: "U2", channel: "C1", direct: false });
 * // { allowed: false, code: "user-not-allowed", text: "Sorry, …" }
 */
export function checkAccess(
  policy: Pick<SlackConfig, "allowedUsers" | "allowedChannels">,
  request: AccessRequest,
): AccessDecision {
  if (policy.allowedUsers && !policy.allowedUsers.has(request.user)) {
    return {
      allowed: false,
      code: "user-not-allowed",
      text: `Sorry, EngageTrack only answers people on its access list. If you need it, ask your Slack admin to add your user ID (${request.user}) to SLACK_ALLOWED_USERS.`,
    };
  }
  if (!request.direct && policy.allowedChannels && !policy.allowedChannels.has(request.channel ?? "")) {
    return {
      allowed: false,
      code: "channel-not-allowed",
      text: "Sorry, EngageTrack does not answer in this channel. Ask me in a direct message, or ask your Slack admin to add this channel to SLACK_ALLOWED_CHANNELS.",
    };
  }
  return { allowed: true };
}
