import type { App } from "@slack/bolt";
import { isFirst } from "../first-delivery.ts";
import { questionText } from "../question-text.ts";
import type { SlackDeps } from "../slack-deps.ts";

/** The slash command the app answers. */
export const SLACK_COMMAND = "/engage";

/** `/engage …`: acknowledged at once, answered as SLACK_COMMAND_REPLIES says (reply-visibility.ts). */
export function register(bolt: App, { answer, track }: SlackDeps): void {
  bolt.command(SLACK_COMMAND, async ({ command, ack, context }) => {
    await ack();
    if (!(await isFirst(context))) return;
    await track(
      answer({
        kind: "command",
        user: command.user_id,
        name: command.user_name,
        channel: command.channel_id,
        direct: command.channel_id.startsWith("D"),
        text: questionText(command.text ?? ""),
        responseUrl: command.response_url,
        showAsked: true,
      }),
    );
  });
}
