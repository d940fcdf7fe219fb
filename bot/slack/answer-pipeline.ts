import type { Reply } from "../conversation/index.ts";
import { checkAccess, type AccessDecision } from "./access-policy.ts";
import type { BotIdentity } from "./bot-identity.ts";
import { createChannelMembership } from "./channel-membership.ts";
import { deliverReply } from "./deliver-reply.ts";
import { escapeMrkdwn } from "./escape-mrkdwn.ts";
import { replyVisibility, shareVisibility } from "./reply-visibility.ts";
import { deleteSharedOriginal } from "./share-answer.ts";
import { createSharedChannels } from "./shared-channels.ts";
import type { Question, SlackDeps } from "./slack-deps.ts";
import { friendlyError, SlackError, slackErrorCode } from "./slack-error.ts";
import { createWorkQueue } from "./work-queue.ts";

/** Said to whoever shares customer details into a channel shared with another organisation. */
const SHARED_CHANNEL_DETAILS =
  "This answer has customer details, and this channel is shared with another organisation: it stays with you.";

/** Answers worked on at once (see createWorkQueue). */
const ANSWER_CONCURRENCY = 2;

/**
 * The answer pipeline every listener hands its question to: after the acknowledgement, the
 * allow-lists are checked, the answer comes from `services.ask` (two at a time), and it goes out
 * rendered as Block Kit with charts and files uploaded into the thread (ephemeral in shared
 * channels). Each outcome is counted; refusals and failures are audited and told to the asker
 * (`services.ask` audits the questions). One pipeline per mounted app.
 *
 * @example
 * const answer = createAnswerPipeline({ config, services, client, metrics, identify });
 * await answer({ kind: "mention", user: "U1", channel: "C1", direct: false, text: "top at-risk 5", showAsked: false });
 */
export function createAnswerPipeline(
  deps: Pick<SlackDeps, "config" | "services" | "client" | "metrics" | "identify"> & {
    /** The bot's identity (auth.test): its name goes into "/invite @<name>". */
    whoAmI?: () => Promise<BotIdentity>;
  },
): (q: Question) => Promise<void> {
  const { config, services, client, metrics, identify, whoAmI } = deps;
  const logger = services.logger;
  // Two answers at a time: a burst of commands is acknowledged between answers, not after them.
  const answering = createWorkQueue(ANSWER_CONCURRENCY);
  const shared = createSharedChannels({ client, logger, clock: services.clock });
  const effects = { client, charts: services.charts, logger };
  const canPost = createChannelMembership({ client, logger });
  // The manifest's display name when auth.test cannot say.
  const appName = async () => (await whoAmI?.().catch(() => undefined))?.name ?? "EngageTrack";

  async function answer(q: Question): Promise<void> {
    await afterAcknowledgement();
    const started = performance.now();
    const access = checkAccess(config, q);
    if (!access.allowed) return refuse(q, access, started);
    let reply: Reply | undefined;
    try {
      // Follows and alerts are told in a DM: chat.postMessage to the user's ID.
      reply = await answering.run(() =>
        services.ask(q.text, {
          id: q.user,
          surface: "slack",
          notifyAt: q.user,
          // A channel's segment follows belong to the channel asked in, and are posted there.
          ...(q.channel && { channel: q.channel, canPostInChannel: () => canPost(q.channel!), appName }),
          ...(q.name && { name: q.name }),
          identify: identify(q.user),
        }),
      );
      // Slack etiquette (reply-visibility.ts): commands, help and errors only to the asker, with Share.
      const seen = q.share
        ? shareVisibility(reply)
        : replyVisibility(reply, q, { commandReplies: config.commandReplies ?? "ephemeral" });
      const details = await detailsOnlyForAsker(reply, q);
      if (q.share && details && !seen.ephemeral) {
        await tellAsker(q, SHARED_CHANNEL_DETAILS);
        return;
      }
      const onlyAsker = seen.ephemeral || details;
      const delivery = await deliverReply(
        reply,
        {
          channel: q.channel ?? q.user,
          user: q.user,
          threadTs: q.threadTs,
          ephemeral: Boolean(onlyAsker),
          responseUrl: q.responseUrl,
          // The asker knows what they asked: the line is for the channel.
          asked: q.showAsked && !onlyAsker ? { user: q.user, text: q.text } : undefined,
          share: details ? undefined : seen.share,
        },
        effects,
      );
      if (q.share && !onlyAsker && q.responseUrl) await deleteSharedOriginal(q.responseUrl, logger);
      metrics.interactions.inc({ kind: q.kind, outcome: "answered" });
      logger.info(
        {
          kind: q.kind,
          reply: reply.kind,
          via: delivery.via,
          images: delivery.images,
          ms: Math.round(performance.now() - started),
        },
        "slack: answered",
      );
    } catch (err) {
      await fail(q, err, reply, started);
    }
  }

  /** Customer-level content stays with the asker in a channel shared with another organisation. */
  async function detailsOnlyForAsker(reply: Reply, q: Question): Promise<boolean> {
    if (config.sharedChannelReplies === "public" || q.direct || !q.channel) return false;
    const details =
      reply.customerID !== null ||
      reply.ranked.length > 0 ||
      reply.files.length > 0 ||
      reply.kind === "not-found";
    return details && (await shared.isShared(q.channel));
  }

  async function refuse(q: Question, access: Extract<AccessDecision, { allowed: false }>, started: number) {
    metrics.interactions.inc({ kind: q.kind, outcome: "refused" });
    services.audit({
      actor: q.user,
      surface: "slack",
      action: "ask",
      outcome: "denied",
      errorCode: access.code,
      latencyMs: Math.round(performance.now() - started),
      shown: { via: q.kind, channel: q.channel ?? null },
    });
    logger.info({ kind: q.kind, user: q.user, channel: q.channel, code: access.code }, "slack: refused");
    await tellAsker(q, access.text);
  }

  async function fail(q: Question, err: unknown, reply: Reply | undefined, started: number) {
    const code = err instanceof SlackError ? err.code : "unexpected";
    metrics.interactions.inc({ kind: q.kind, outcome: "failed" });
    logger.error({ err, code, slackError: slackErrorCode(err), kind: q.kind }, "slack: answer failed");
    services.audit({
      actor: q.user,
      surface: "slack",
      action: "slack.answer",
      outcome: "error",
      errorCode: code,
      customerID: reply?.customerID ?? null,
      latencyMs: Math.round(performance.now() - started),
      shown: { via: q.kind, reply: reply?.kind ?? null },
      snapshotId: reply?.source?.snapshotId ?? null,
    });
    await tellAsker(q, friendlyError(code));
  }

  /** A line only the asker sees (escaped: it may name what they sent); failures to say it are logged, never thrown. */
  async function tellAsker(q: Question, line: string) {
    const text = escapeMrkdwn(line);
    try {
      if (q.responseUrl) {
        const res = await fetch(q.responseUrl, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ response_type: "ephemeral", replace_original: false, text }),
          signal: AbortSignal.timeout(10_000),
        });
        await res.body?.cancel();
      } else if (q.channel) {
        await client.chat.postEphemeral({
          channel: q.channel,
          user: q.user,
          text,
          ...(q.threadTs ? { thread_ts: q.threadTs } : {}),
        });
      }
    } catch (err) {
      logger.warn({ code: slackErrorCode(err), kind: q.kind }, "slack: could not tell the asker");
    }
  }

  return answer;
}

/**
 * Resolves once the event loop has gone round: the acknowledgement Bolt just wrote is flushed (Node
 * uncorks a response on the next tick) and pending I/O runs before an answer's synchronous work
 * (an Arquero query over a million customers, TreeSHAP) holds the loop for a few hundred ms.
 */
export function afterAcknowledgement(): Promise<void> {
  return new Promise((resolve) => setImmediate(() => setImmediate(resolve)));
}
