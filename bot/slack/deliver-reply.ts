import type { WebClient } from "@slack/web-api";
import type { Logger } from "../../core/src/log/index.ts";
import type { RenderedChart } from "../../core/src/charts/server.ts";
import type { Reply } from "../conversation/index.ts";
import type { ChartImages } from "../services/index.ts";
import { escapeMrkdwn } from "./escape-mrkdwn.ts";
import { replyBlocks, type SlackMessage } from "./reply-blocks.ts";
import { SlackError, slackErrorCode } from "./slack-error.ts";
import { clipEscaped, clipText, codeBlocks, SLACK_LIMITS } from "./slack-limits.ts";
import { uploadFile } from "./upload-file.ts";
import { exportsToDm } from "./export-to-dm.ts";

/** Where and how an answer goes. */
export interface ReplyTarget {
  /** The conversation (C…, G…, D…), or a user ID to post in the app's DM with them. */
  channel: string;
  /** The asker. */
  user: string;
  /** Reply in this thread (mentions, DMs, buttons under a message). */
  threadTs?: string;
  /** Only the asker sees it (customer details in a shared channel, a button on an ephemeral message). */
  ephemeral: boolean;
  /** A slash command's or button's response_url: ephemeral answers go there, and it is the way out when the app may not post in the channel. */
  responseUrl?: string;
  /** Shown above the answer (slash commands). */
  asked?: { user: string; text: string };
  /** An ephemeral answer's "Share in channel" button asks this again (see replyVisibility). */
  share?: string;
}

/** How it went out. */
export interface Delivery {
  via: "message" | "ephemeral" | "response-url";
  /** The posted message (message only). */
  ts?: string;
  channel?: string;
  /** Chart PNGs uploaded, charts posted as text tables (blank-chart guard), files uploaded. */
  images: number;
  chartTexts: number;
  files: number;
}

export interface DeliverEffects {
  client: WebClient;
  charts: Pick<ChartImages, "renderReply">;
  logger: Pick<Logger, "warn">;
  /** POSTs JSON to a response_url; default fetch. */
  fetch?: typeof fetch;
}

/**
 * Posts a reply: ephemeral answers as one message only the asker sees (charts and files as text,
 * since ephemeral messages cannot carry files), through the response_url when there is one;
 * public answers with chat.postMessage, then every chart PNG (from the shared renderer, started
 * while the message posts) and file uploaded into the thread with the three external-upload calls (uploadFile), with alt text. A
 * chart the blank-chart guard refused is posted as its text table. When the app may not post in
 * the channel (a slash command where it is not a member), the answer goes to the response_url.
 * Throws `SlackError("slack-api")` when nothing could be posted.
 *
 * @example
 * await deliverReply(reply, { channel: "C1", user: "U1", threadTs: "1700000000.000100", ephemeral: false }, { client, charts, logger });
 */
export async function deliverReply(
  reply: Reply,
  target: ReplyTarget,
  effects: DeliverEffects,
): Promise<Delivery> {
  const { client } = effects;
  const counts = { images: 0, chartTexts: 0, files: 0 };
  const inline = () =>
    replyBlocks(reply, { asked: target.asked, chartsAsText: true, filesAsText: true, share: target.share });

  if (target.ephemeral) {
    // A CSV export goes to the asker's DM: an ephemeral message cannot carry a file.
    const dm = await exportsToDm(client, target.user, reply, (err, file) =>
      effects.logger.warn(
        { file: file.name, code: slackErrorCode(err) },
        "slack: export upload to DM failed",
      ),
    );
    counts.files += dm.uploaded;
    const message = replyBlocks(dm.reply, {
      asked: target.asked,
      chartsAsText: true,
      filesAsText: true,
      share: target.share,
    });
    if (target.responseUrl) {
      await postResponse(
        target.responseUrl,
        { response_type: "ephemeral", replace_original: false, ...message },
        effects,
      );
      return { via: "response-url", ...counts };
    }
    try {
      await client.chat.postEphemeral({
        channel: target.channel,
        user: target.user,
        ...(target.threadTs ? { thread_ts: target.threadTs } : {}),
        ...message,
      });
    } catch (err) {
      throw new SlackError("slack-api", `chat.postEphemeral failed: ${slackErrorCode(err)}`, { cause: err });
    }
    return { via: "ephemeral", ...counts };
  }

  // Render while the message posts: the PNG is usually the slow part.
  const rendered = reply.charts.map((chart) => {
    const p = effects.charts.renderReply(chart);
    p.catch(() => {});
    return p;
  });
  let posted: { ts?: string; channel?: string };
  try {
    posted = await client.chat.postMessage({
      channel: target.channel,
      ...(target.threadTs ? { thread_ts: target.threadTs } : {}),
      ...replyBlocks(reply, { asked: target.asked }),
      unfurl_links: false,
      unfurl_media: false,
    });
  } catch (err) {
    const code = slackErrorCode(err);
    if (target.responseUrl && (code === "not_in_channel" || code === "channel_not_found")) {
      await postResponse(target.responseUrl, { response_type: "in_channel", ...inline() }, effects);
      return { via: "response-url", ...counts };
    }
    throw new SlackError("slack-api", `chat.postMessage failed: ${code}`, { cause: err });
  }
  const channel = posted.channel ?? target.channel;
  const thread = target.threadTs ?? posted.ts;
  if (!thread) throw new SlackError("slack-api", "chat.postMessage returned no ts");

  for (let i = 0; i < reply.charts.length; i++) {
    const chart = reply.charts[i];
    let out: RenderedChart;
    try {
      out = await rendered[i];
    } catch (err) {
      effects.logger.warn({ err, chart: chart.id }, "slack: chart could not be drawn; posting its table");
      out = { kind: "text", text: chart.text, alt: chart.alt, reason: "render-failed" };
    }
    try {
      if (out.kind === "png") {
        await uploadFile(client, {
          channel,
          threadTs: thread,
          bytes: out.png,
          filename: `${chart.id}.png`,
          title: chart.title,
          altText: clipText(chart.alt, SLACK_LIMITS.altText),
        });
        counts.images++;
      } else {
        await client.chat.postMessage({
          channel,
          thread_ts: thread,
          ...chartTextMessage(out.text),
        });
        counts.chartTexts++;
      }
    } catch (err) {
      // The answer is out; a missing chart is logged, not shown as a failure.
      effects.logger.warn({ chart: chart.id, code: slackErrorCode(err) }, "slack: chart upload failed");
    }
  }
  for (const file of reply.files) {
    try {
      await uploadFile(client, {
        channel,
        threadTs: thread,
        bytes: Buffer.from(file.content, "utf8"),
        filename: file.name,
        title: file.name,
      });
      counts.files++;
    } catch (err) {
      effects.logger.warn({ file: file.name, code: slackErrorCode(err) }, "slack: file upload failed");
    }
  }
  return { via: "message", ts: posted.ts, channel, ...counts };
}

/** A chart's text table as a message (the blank-chart guard refused its image). */
function chartTextMessage(text: string): SlackMessage {
  return {
    text: clipEscaped(text, SLACK_LIMITS.fallbackText),
    blocks: codeBlocks(text.split("\n").map(escapeMrkdwn), SLACK_LIMITS.text, 3).map((t) => ({
      type: "section",
      text: { type: "mrkdwn", text: t },
    })),
  };
}

async function postResponse(url: string, body: object, effects: DeliverEffects): Promise<void> {
  const fetchFn = effects.fetch ?? fetch;
  let status: number;
  try {
    const res = await fetchFn(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
    status = res.status;
    await res.body?.cancel();
  } catch (err) {
    throw new SlackError("response-url", `response_url post failed: ${(err as Error).message}`, {
      cause: err,
    });
  }
  if (status !== 200) throw new SlackError("response-url", `response_url answered ${status}`);
}
