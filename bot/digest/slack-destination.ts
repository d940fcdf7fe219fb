import type { WebClient } from "@slack/web-api";
import type { Delivered, DigestDestination } from "./digest-destination.ts";
import { slotKey } from "./ledger.ts";
import { renderDigestBlocks } from "./render-slack-blocks.ts";
import { escapeMrkdwn } from "../slack/escape-mrkdwn.ts";
import { uploadFile } from "../slack/upload-file.ts";

/** The message metadata event type that marks a digest post (and lets a recovering run find it). */
export const DIGEST_EVENT_TYPE = "engagetrack_digest";

/** History pages searched for an earlier post of the same slot (200 messages each). */
const HISTORY_PAGES = 5;

/**
 * A Slack channel: `chat.postMessage` with the digest's Block Kit blocks, tagged with message
 * metadata `{ event_type: "engagetrack_digest", event_payload: { schedule, slot } }`, then the chart
 * as a file (the three external-upload calls of uploadFile, with alt text); a refused chart image goes in the message as its text
 * table instead. After a crash between posting and recording, the next run's claim is a takeover:
 * it searches the channel's history since the slot for that metadata and records the earlier post
 * rather than posting again. Rate limits are waited out by the client (`createSlackWebClient`).
 *
 * @example
 * const slack = slackDestination("C0123ABCD", createSlackWebClient({ token, logger }));
 * await slack.deliver({ report, chart, claim }); // { messageRef: "C0123ABCD/1720249200.000100" }
 */
export function slackDestination(channel: string, client: WebClient | undefined): DigestDestination {
  return {
    key: `slack-${channel}`,
    type: "slack",
    label: `slack channel ${channel}`,
    unavailable: client ? undefined : "not configured: SLACK_BOT_TOKEN is not set",
    async deliver({ report, chart, claim }): Promise<Delivered> {
      if (!client) throw new Error("not configured: SLACK_BOT_TOKEN is not set");
      const { schedule, slot } = report;
      if (claim.takenOver || claim.attempt > 1) {
        const ts = await findPosted(client, channel, schedule, slot);
        if (ts)
          return {
            messageRef: `${channel}/${ts}`,
            note: "already posted by an earlier attempt (found by its metadata)",
          };
      }
      const { text, blocks } = renderDigestBlocks(report, {
        chartText: chart.kind === "text" ? chart.text : undefined,
      });
      await claim.fence();
      const posted = await client.chat.postMessage({
        channel,
        text,
        blocks,
        unfurl_links: false,
        unfurl_media: false,
        metadata: {
          event_type: DIGEST_EVENT_TYPE,
          event_payload: { schedule, slot, snapshot: report.snapshot.id },
        },
      });
      const ts = posted.ts ?? posted.message?.ts;
      if (!ts) throw new Error("chat.postMessage returned no message ts");
      let note: string | undefined;
      if (chart.kind === "png") {
        try {
          await uploadFile(client, {
            channel,
            bytes: chart.png,
            filename: `${schedule}-${slotKey(slot)}-risk-distribution.png`,
            title: "Churn risk distribution",
            altText: chart.alt,
          });
        } catch (err) {
          note = `chart upload failed: ${(err as Error).message}; its table was posted in the thread`;
          // Text rather than nothing: the table stands in for the image.
          await client.chat
            .postMessage({ channel, thread_ts: ts, text: "```" + escapeMrkdwn(chart.text) + "```" })
            .catch(() => undefined);
        }
      }
      return { messageRef: `${channel}/${ts}`, note };
    },
  };
}

/** The ts of a message in `channel` since `slot` carrying this digest's metadata, if any. */
async function findPosted(
  client: WebClient,
  channel: string,
  schedule: string,
  slot: string,
): Promise<string | undefined> {
  let cursor: string | undefined;
  for (let page = 0; page < HISTORY_PAGES; page++) {
    const history = await client.conversations.history({
      channel,
      oldest: String(Date.parse(slot) / 1000),
      include_all_metadata: true,
      limit: 200,
      cursor,
    });
    for (const m of history.messages ?? []) {
      const metadata = m.metadata as
        { event_type?: string; event_payload?: Record<string, unknown> } | undefined;
      if (
        metadata?.event_type === DIGEST_EVENT_TYPE &&
        metadata.event_payload?.schedule === schedule &&
        metadata.event_payload?.slot === slot &&
        m.ts
      ) {
        return m.ts;
      }
    }
    cursor = history.response_metadata?.next_cursor || undefined;
    if (!history.has_more || !cursor) return undefined;
  }
  return undefined;
}
