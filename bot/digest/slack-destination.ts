import type { WebClient } from "@slack/web-api";
import type { RenderedChart } from "../../core/src/charts/server.ts";
import type { Delivered, DigestDelivery, DigestDestination } from "./digest-destination.ts";
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
      const filename = digestChartFilename(schedule, slot);
      if (claim.takenOver || claim.attempt > 1) {
        const earlier = await findPosted(client, channel, schedule, slot, filename);
        if (earlier.ts) {
          // The earlier sender may have died between the post and the chart: finish its work.
          const missing = chart.kind === "png" && !earlier.chartShared;
          const note = missing ? await shareChart(client, channel, earlier.ts, chart, filename) : undefined;
          return {
            messageRef: `${channel}/${earlier.ts}`,
            note: [
              "already posted by an earlier attempt (found by its metadata)",
              missing && !note ? "its missing chart was shared now" : note,
            ]
              .filter(Boolean)
              .join("; "),
          };
        }
      }
      const posted = await postDigest(client, channel, { report, chart, claim });
      return { messageRef: `${channel}/${posted.ts}`, note: posted.note };
    },
  };
}

/**
 * Posts a digest in a Slack conversation and shares its chart there — what a channel digest and an
 * owner's DM digest both do: `chat.postMessage` with the Block Kit blocks, tagged with message
 * metadata (`DIGEST_EVENT_TYPE`, the schedule, slot and snapshot, plus `payload`), after
 * `claim.fence()`; then the chart PNG as a file in the same conversation (`shareChart`), or, when
 * the blank-chart guard refused the image, its text table inside the message. `channel` may be a
 * user ID: Slack posts in the app's DM with them and answers with that DM's channel, where the
 * chart then goes. Resolves to the conversation, the message ts and a note when the upload failed.
 *
 * @example
 * const { channel, ts } = await postDigest(client, "U0123ABCD", delivery, { owner: "Dana Whitfield" }); // channel "D…"
 */
export async function postDigest(
  client: WebClient,
  channel: string,
  { report, chart, claim }: DigestDelivery,
  payload: Record<string, string> = {},
): Promise<{ channel: string; ts: string; note?: string }> {
  const { schedule, slot } = report;
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
      event_payload: { schedule, slot, snapshot: report.snapshot.id, ...payload },
    },
  });
  const ts = posted.ts ?? posted.message?.ts;
  if (!ts) throw new Error("chat.postMessage returned no message ts");
  const conversation = posted.channel ?? channel;
  const note =
    chart.kind === "png"
      ? await shareChart(client, conversation, ts, chart, digestChartFilename(schedule, slot))
      : undefined;
  return { channel: conversation, ts, note };
}

/** The chart file's name in Slack (how a recovering run tells whether it was shared). */
function digestChartFilename(schedule: string, slot: string): string {
  return `${schedule}-${slotKey(slot)}-risk-distribution.png`;
}

/**
 * Shares the chart in the channel; a failed upload posts its text table in the digest's thread
 * instead and returns the note saying so.
 */
async function shareChart(
  client: WebClient,
  channel: string,
  ts: string,
  chart: Extract<RenderedChart, { kind: "png" }>,
  filename: string,
): Promise<string | undefined> {
  try {
    await uploadFile(client, {
      channel,
      bytes: chart.png,
      filename,
      title: "Churn risk distribution",
      altText: chart.alt,
    });
    return undefined;
  } catch (err) {
    // Text rather than nothing: the table stands in for the image.
    await client.chat
      .postMessage({ channel, thread_ts: ts, text: "```" + escapeMrkdwn(chart.text) + "```" })
      .catch(() => undefined);
    return `chart upload failed: ${(err as Error).message}; its table was posted in the thread`;
  }
}

/**
 * The ts of a message in `channel` since `slot` carrying this digest's metadata, if any, and
 * whether the digest's chart file (`filename`) was shared in the channel too.
 */
async function findPosted(
  client: WebClient,
  channel: string,
  schedule: string,
  slot: string,
  filename: string,
): Promise<{ ts?: string; chartShared: boolean }> {
  let found: string | undefined;
  let chartShared = false;
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
        found ??= m.ts;
      }
      if ((m.files ?? []).some((f) => f.name === filename)) chartShared = true;
    }
    // Newest first: once the digest's own post is found, the chart (shared after it) was on this page or an earlier one.
    cursor = history.response_metadata?.next_cursor || undefined;
    if (found || !history.has_more || !cursor) break;
  }
  return { ts: found, chartShared };
}
