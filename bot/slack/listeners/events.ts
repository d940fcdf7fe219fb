import type { App } from "@slack/bolt";
import { questionText } from "../question-text.ts";
import type { SlackDeps } from "../slack-deps.ts";

/** Mentions of the app (answered in their thread) and DMs with it. */
export function register(bolt: App, { answer, track }: SlackDeps): void {
  bolt.event("app_mention", async ({ event }) => {
    if (!event.user) return;
    await track(
      answer({
        kind: "mention",
        user: event.user,
        channel: event.channel,
        direct: event.channel.startsWith("D"),
        text: questionText(event.text),
        threadTs: event.thread_ts ?? event.ts,
        showAsked: false,
      }),
    );
  });

  bolt.event("message", async ({ event }) => {
    // DMs with the app only; not edits, joins or anyone's bot messages (our own answers included).
    if (
      event.channel_type !== "im" ||
      ("subtype" in event && event.subtype) ||
      ("bot_id" in event && event.bot_id)
    )
      return;
    if (!("user" in event) || !event.user || !("text" in event)) return;
    await track(
      answer({
        kind: "dm",
        user: event.user,
        channel: event.channel,
        direct: true,
        text: questionText(event.text ?? ""),
        threadTs: event.thread_ts ?? event.ts,
        showAsked: false,
      }),
    );
  });
}
