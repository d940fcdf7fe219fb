import type { WebClient } from "@slack/web-api";
import type { Logger } from "../../core/src/log/index.ts";
import { slackErrorCode } from "./slack-error.ts";

/**
 * Whether the app can post in a conversation, from `conversations.info` (channels:read,
 * groups:read, im:read): a DM (`is_im`) or group DM (`is_mpim`) Slack shows the app is one it is
 * in; a public or private channel, `is_member`. `channel_not_found` means the app cannot see the
 * conversation (a private channel or a DM it is not in), so it cannot post there either. Any other
 * failure (a missing scope, a Slack error, the network) is logged and answers undefined: unknown.
 * Not cached: asked only when a channel follow is set, and an invite changes the answer.
 *
 * @example
 * const canPost = createChannelMembership({ client: slack, logger });
 * await canPost("C123"); // false: answer "invite me with /invite @engagetrack"
 */
export function createChannelMembership(options: {
  client: Pick<WebClient, "conversations">;
  logger: Pick<Logger, "warn">;
}): (channel: string) => Promise<boolean | undefined> {
  return async (channel) => {
    try {
      const info = await options.client.conversations.info({ channel });
      const c = info.channel as { is_im?: boolean; is_mpim?: boolean; is_member?: boolean } | undefined;
      if (c?.is_im || c?.is_mpim) return true;
      return typeof c?.is_member === "boolean" ? c.is_member : undefined;
    } catch (err) {
      const code = slackErrorCode(err);
      if (code === "channel_not_found") return false;
      options.logger.warn({ channel, code }, "slack: cannot tell whether the app can post in the channel");
      return undefined;
    }
  };
}
