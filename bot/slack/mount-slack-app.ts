import { App, HTTPReceiver, SocketModeReceiver, type AnyMiddlewareArgs, type BlockAction } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import type { Reply } from "../conversation/index.ts";
import type { ServerApp } from "../server-app.ts";
import { checkAccess, type AccessDecision } from "./access-policy.ts";
import { createDeliveryDedupe } from "./delivery-dedupe.ts";
import { deliverReply } from "./deliver-reply.ts";
import { escapeMrkdwn } from "./escape-mrkdwn.ts";
import { homeView, refusedHomeView } from "./home-view.ts";
import { questionText } from "./question-text.ts";
import { isFreshSlackTimestamp } from "./request-freshness.ts";
import { ACTION_PREFIX } from "./reply-blocks.ts";
import { replyVisibility, shareVisibility } from "./reply-visibility.ts";
import { deleteSharedOriginal } from "./share-answer.ts";
import { ASK_BLOCK_PREFIX, SHARE_ACTION_ID } from "./write-back-blocks.ts";
import { createSharedChannels } from "./shared-channels.ts";
import type { SlackConfig, SlackMode } from "./slack-config.ts";
import { friendlyError, SlackError, slackErrorCode } from "./slack-error.ts";
import { homeSummary } from "./home-summary.ts";
import { createSlackIdentities } from "./slack-identity.ts";
import { createSlackMetrics, type InteractionKind } from "./slack-metrics.ts";
import { createSlackWebClient, slackLogger } from "./slack-web-client.ts";
import { createWorkQueue } from "./work-queue.ts";

/** Said to whoever shares customer details into a channel shared with another organisation. */
const SHARED_CHANNEL_DETAILS =
  "This answer has customer details, and this channel is shared with another organisation: it stays with you.";

/** Answers worked on at once (see createWorkQueue). */
const ANSWER_CONCURRENCY = 2;

/** Slack's events, commands and interactivity all arrive here in HTTP mode. */
export const SLACK_EVENTS_PATH = "/slack/events";
/** The slash command the app answers. */
export const SLACK_COMMAND = "/engage";

/** A mounted Slack app. */
export interface SlackApp {
  readonly mode: SlackMode;
  readonly bolt: App;
  readonly receiver: HTTPReceiver | SocketModeReceiver;
  /** The Web API client every answer goes out through. */
  readonly client: WebClient;
}

/** One question, wherever it came from. */
interface Question {
  kind: InteractionKind;
  user: string;
  /** The user's name when Slack sends it (commands, buttons): shown beside what they record. */
  name?: string;
  /** Undefined on the Home tab (answers go to the app's DM with the user). */
  channel?: string;
  /** A DM with the app or the Home tab (the channel allow-list does not apply, nobody else sees it). */
  direct: boolean;
  text: string;
  threadTs?: string;
  responseUrl?: string;
  /** The press came from a message only the asker sees. */
  ephemeral?: boolean;
  /** Show "<@user> asked: …" above the answer (others saw no question). */
  showAsked: boolean;
  /** A "Share in channel" press: `text` is the question of the ephemeral answer, now for the channel. */
  share?: boolean;
}

/**
 * Mounts the Slack app on the one server: Bolt with our Web API client's settings and an
 * `authorize` that reuses one `auth.test` through that client; in HTTP mode Bolt's HTTPReceiver
 * (signature and 5-minute timestamp checks; our own check first refuses timestamps over 5 minutes
 * ahead too) on POST /slack/events, in Socket Mode a
 * SocketModeReceiver started once the server listens and stopped at shutdown. Every delivery is
 * acknowledged first; a repeated one (same event_id or trigger_id, or a retry after a timeout) is
 * acknowledged and dropped. Questions come from `/engage`, mentions, DMs and buttons; the
 * allow-lists are checked, the answer comes from `services.ask`, and it goes out rendered as Block
 * Kit with charts and files uploaded into the thread (ephemeral in shared channels). Each outcome
 * is counted; refusals and failures are audited (`services.ask` audits the questions).
 *
 * @example
 * const slack = mountSlackApp(app, app.services.config.slack!);
 * slack.mode; // "http": POST /slack/events is routed to Bolt
 */
/** Where the middleware leaves a command's or button's pending store check for its listener. */
const FIRST_DELIVERY = "engagetrackFirstDelivery";

export function mountSlackApp(app: ServerApp, config: SlackConfig): SlackApp {
  const { services } = app;
  const logger = services.logger;
  const metrics = createSlackMetrics(services.metrics.registry);
  const client = createSlackWebClient({
    token: config.botToken,
    apiUrl: config.apiUrl ?? undefined,
    logger,
    retries: metrics.retries,
  });
  const boltLogger = slackLogger(logger, "slack bolt");
  // "My accounts": the asker's profile e-mail, looked up only when a question needs it (cached).
  const identify = createSlackIdentities(client, { owners: services.owners, logger });
  const clientOptions = config.apiUrl ? { slackApiUrl: config.apiUrl } : {};

  // One auth.test, through our client (429s waited out), shared by every delivery; a failed one is
  // tried again on the next delivery.
  let identity: Promise<{ botUserId?: string; botId?: string; teamId?: string }> | undefined;
  const whoAmI = () =>
    (identity ??= client.auth.test().then(
      (r) => ({ botUserId: r.user_id, botId: r.bot_id, teamId: r.team_id }),
      (err) => {
        identity = undefined;
        throw new SlackError("slack-api", `auth.test failed: ${slackErrorCode(err)}`, { cause: err });
      },
    ));

  // Bolt authorizes before it acknowledges: never let a slow or failing auth.test hold an
  // acknowledgement past Slack's 3 s. Without the identity, only Bolt's ignore-self check is lost
  // (DMs from bots are skipped anyway).
  const identityWithin = async (ms: number) => {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<Record<string, never>>((resolve) => (timer = setTimeout(() => resolve({}), ms)));
    try {
      return await Promise.race([whoAmI().catch(() => ({})), late]);
    } finally {
      clearTimeout(timer);
    }
  };

  const receiver =
    config.mode === "socket"
      ? new SocketModeReceiver({
          appToken: config.appToken!,
          logger: boltLogger,
          installerOptions: { clientOptions },
        })
      : new HTTPReceiver({
          signingSecret: config.signingSecret!,
          endpoints: SLACK_EVENTS_PATH,
          processBeforeResponse: false,
          logger: boltLogger,
        });
  const bolt = new App({
    receiver,
    logger: boltLogger,
    clientOptions,
    authorize: async () => ({ botToken: config.botToken, ...(await identityWithin(1000)) }),
  });

  const dedupe = createDeliveryDedupe({ store: services.store, clock: services.clock });
  // Two answers at a time: a burst of commands is acknowledged between answers, not after them.
  const answering = createWorkQueue(ANSWER_CONCURRENCY);
  const shared = createSharedChannels({ client, logger, clock: services.clock });
  const effects = { client, charts: services.charts, logger };
  const pending = new Set<Promise<void>>();
  const track = (work: Promise<void>) => {
    pending.add(work);
    return work.finally(() => pending.delete(work));
  };

  // The store unreachable: answer (a rare double answer beats a question never answered), and say why.
  const firstDelivery = (key: string) =>
    dedupe.first(key).catch((err: unknown) => {
      logger.error({ err, key }, "slack: cannot check the delivery in the shared store; answering it");
      return true;
    });

  bolt.use(
    async (args: AnyMiddlewareArgs & { next: () => Promise<void>; context: Record<string, unknown> }) => {
      const body = args.body as { event_id?: unknown; trigger_id?: unknown };
      const key =
        typeof body.event_id === "string"
          ? `event:${body.event_id}`
          : typeof body.trigger_id === "string"
            ? `trigger:${body.trigger_id}`
            : undefined;
      const retryNum = Number(args.context.retryNum ?? 0);
      // A command or button waits for its acknowledgement (Slack wants it within 3 s) until the
      // listener acks: its store check runs meanwhile, and the listener awaits it after acking
      // (`isFirst`). Events were acknowledged by Bolt already: checked here.
      if (key?.startsWith("trigger:") && !(retryNum > 0 && args.context.retryReason === "http_timeout")) {
        args.context[FIRST_DELIVERY] = firstDelivery(key).then((first) => {
          if (!first) repeated(args.body, key, retryNum, args.context.retryReason);
          return first;
        });
        await args.next();
        return;
      }
      // A retry after a timeout means the first delivery reached a server (maybe another replica)
      // that is answering it: never a second answer.
      const repeat =
        (retryNum > 0 && args.context.retryReason === "http_timeout") ||
        (key !== undefined && !(await firstDelivery(key)));
      if (repeat) {
        const ack = (args as { ack?: () => Promise<void> }).ack;
        if (ack) await ack();
        repeated(args.body, key, retryNum, args.context.retryReason);
        return;
      }
      await args.next();
    },
  );
  const repeated = (body: unknown, key: string | undefined, retryNum: number, retryReason: unknown) => {
    metrics.interactions.inc({ kind: kindOf(body), outcome: "deduped" });
    logger.info({ key, retryNum, retryReason }, "slack: repeated delivery acknowledged and ignored");
  };
  /** After acking: whether this command or button press is the first delivery (see the middleware). */
  const isFirst = (context: Record<string, unknown>) =>
    (context[FIRST_DELIVERY] as Promise<boolean> | undefined) ?? Promise.resolve(true);

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

  bolt.event("app_home_opened", async ({ event }) => {
    if (event.tab !== "home") return;
    await track(publishHome(event.user));
  });

  bolt.error(async (error) => {
    logger.error({ code: error.code, err: error }, "slack: bolt could not handle a delivery");
  });

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

  async function publishHome(user: string): Promise<void> {
    await afterAcknowledgement();
    const started = performance.now();
    const access = checkAccess(config, { user, direct: true });
    try {
      if (!access.allowed) {
        metrics.interactions.inc({ kind: "home", outcome: "refused" });
        services.audit({
          actor: user,
          surface: "slack",
          action: "home",
          outcome: "denied",
          errorCode: access.code,
          latencyMs: Math.round(performance.now() - started),
          shown: { via: "home" },
        });
        await client.views.publish({ user_id: user, view: refusedHomeView(access.text) });
        return;
      }
      const status = services.serving.status();
      const asker = { id: user, surface: "slack" as const, identify: identify(user) };
      const top = status.ready ? await services.ask("top at-risk 5", asker) : null;
      // With access by owner, the asker's own figures (home-summary.ts).
      const { summary, reason } = await homeSummary(services.serving, services.owners, asker);
      await client.views.publish({
        user_id: user,
        view: homeView({
          snapshot: status.snapshot,
          summary,
          reason,
          top,
          command: SLACK_COMMAND,
        }),
      });
      metrics.interactions.inc({ kind: "home", outcome: "answered" });
    } catch (err) {
      const code = err instanceof SlackError ? err.code : "slack-api";
      metrics.interactions.inc({ kind: "home", outcome: "failed" });
      logger.error({ err, code, slackError: slackErrorCode(err) }, "slack: home tab not published");
      services.audit({
        actor: user,
        surface: "slack",
        action: "home",
        outcome: "error",
        errorCode: code,
        latencyMs: Math.round(performance.now() - started),
        shown: { via: "home" },
      });
    }
  }

  if (receiver instanceof HTTPReceiver) {
    app.route({
      method: "POST",
      path: SLACK_EVENTS_PATH,
      name: "slack-events",
      handle: ({ req, res }) => {
        // Before Bolt, which refuses only stale timestamps. Date.now: the clock Bolt's own check uses.
        if (!isFreshSlackTimestamp(req.headers["x-slack-request-timestamp"], Date.now())) {
          logger.warn(
            { code: "slack-timestamp" },
            "slack: request refused: timestamp over 5 minutes from now",
          );
          res.writeHead(401).end();
          return;
        }
        return receiver.requestListener(req, res);
      },
    });
  } else {
    app.onStart(async () => {
      try {
        await bolt.start();
        logger.info("slack: socket mode connected");
      } catch (err) {
        // The server keeps serving its other listeners; the log says why Slack is silent.
        logger.error(
          { code: slackErrorCode(err), err },
          "slack: socket mode could not connect (check SLACK_APP_TOKEN)",
        );
      }
    });
  }
  app.onStart(async () => {
    try {
      const me = await whoAmI();
      logger.info({ mode: config.mode, botUserId: me.botUserId, teamId: me.teamId }, "slack: app ready");
    } catch (err) {
      logger.error(
        { code: slackErrorCode(err) },
        "slack: auth.test failed (check SLACK_BOT_TOKEN); answers will fail until it passes",
      );
    }
  });
  app.onClose(async () => {
    if (config.mode === "socket") await bolt.stop().catch(() => {});
    // Answers acknowledged but still being written: let them finish before the model is released.
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled([...pending]),
      new Promise((resolve) => (timer = setTimeout(resolve, services.config.shutdownTimeoutMs))),
    ]);
    clearTimeout(timer);
  });
  return { mode: config.mode, bolt, receiver, client };
}

/**
 * Resolves once the event loop has gone round: the acknowledgement Bolt just wrote is flushed (Node
 * uncorks a response on the next tick) and pending I/O runs before an answer's synchronous work
 * (an Arquero query over a million customers, TreeSHAP) holds the loop for a few hundred ms.
 */
function afterAcknowledgement(): Promise<void> {
  return new Promise((resolve) => setImmediate(() => setImmediate(resolve)));
}

function kindOf(body: unknown): InteractionKind {
  const b = body as { command?: string; type?: string; event?: { type?: string; channel_type?: string } };
  if (b.command) return "command";
  if (b.type === "block_actions") return "button";
  if (b.event?.type === "app_home_opened") return "home";
  if (b.event?.type === "message") return "dm";
  return "mention";
}
