import type { App, BlockAction } from "@slack/bolt";
import { isFirst } from "../first-delivery.ts";
import { ACTION_PREFIX } from "../reply-blocks.ts";
import type { SlackDeps } from "../slack-deps.ts";
import { ASK_BLOCK_PREFIX, SHARE_ACTION_ID } from "../write-back-blocks.ts";

/**
 * Buttons and fields on our messages (every action_id starts with ACTION_PREFIX): a button's value,
 * or an offer field's block_id and text, is the question asked again; Share in channel included.
 */
export function register(bolt: App, { answer, track }: SlackDeps): void {
  bolt.action<BlockAction>(
    { action_id: new RegExp(`^${ACTION_PREFIX}`) },
    async ({ body, action, ack, context }) => {
      await ack();
      if (!(await isFirst(context))) return;
      // A text field that completes a question (the offer): its block_id holds the question's start.
      const typed =
        action.type === "plain_text_input" &&
        action.block_id.startsWith(ASK_BLOCK_PREFIX) &&
        action.value?.trim()
          ? `${action.block_id.slice(ASK_BLOCK_PREFIX.length)} ${action.value.trim()}`
          : undefined;
      if (!typed && (action.type !== "button" || !action.value)) return;
      const container = body.container as
        { is_ephemeral?: boolean; thread_ts?: string; message_ts?: string } | undefined;
      const channel = body.channel?.id;
      const message = body.message as { ts?: string; thread_ts?: string } | undefined;
      await track(
        answer({
          kind: "button",
          user: body.user.id,
          name: body.user.username ?? body.user.name,
          channel,
          direct: !channel || channel.startsWith("D"),
          text: typed ?? (action as { value: string }).value,
          // A shared answer goes where the ephemeral one was: the channel, or the thread it was in.
          threadTs: !channel
            ? undefined
            : action.action_id === SHARE_ACTION_ID
              ? container?.thread_ts
              : (message?.thread_ts ?? container?.thread_ts ?? message?.ts ?? container?.message_ts),
          responseUrl: body.response_url,
          ephemeral: Boolean(container?.is_ephemeral),
          showAsked: Boolean(channel && !channel.startsWith("D")),
          share: action.action_id === SHARE_ACTION_ID,
        }),
      );
    },
  );
}
