import { ActivityHandler, CardFactory, type Activity, type TurnContext } from "botbuilder";
import type { AuditEventInput, Logger } from "../../core/src/log/index.ts";
import type { Asker, AskerIdentity, Reply } from "../conversation/index.ts";
import type { ConversationStore } from "./conversation-store.ts";
import { questionText } from "./question-text.ts";
import { MAX_CARD_BYTES, replyCard, type CardLinks } from "./reply-card.ts";
import { storedConversation } from "./stored-conversation.ts";

/** What the bot needs from the server: the conversation layer, links, the store, a clock, logs. */
export interface TeamsBotDeps {
  /** `services.ask`: answers one question and audits it; never throws for a question. */
  ask(text: string, asker: Asker): Promise<Reply>;
  links: CardLinks;
  store: ConversationStore;
  /** Milliseconds since the epoch. */
  clock: () => number;
  logger: Logger;
  audit(event: AuditEventInput): void;
  /** The sender's identity for "my accounts" (teams-identity.ts), looked up when a question needs it. */
  identify?: (context: TurnContext) => () => Promise<AskerIdentity>;
}

/**
 * The Teams bot, thin: a message (typed, @mentioned in a channel, or a card button's
 * `{ question }`) goes through `ask` as the sender's AAD object ID and comes back as an Adaptive
 * Card; being added to a personal chat, team or group chat stores the conversation reference (for
 * digests) and says hello with the help card; being removed or uninstalled forgets it.
 *
 * @example
 * const bot = createTeamsBot({ ask: services.ask, links, store, clock: services.clock, logger, audit: services.audit });
 * await adapter.process(req, res, (context) => bot.run(context));
 */
export function createTeamsBot(deps: TeamsBotDeps): ActivityHandler {
  const bot = new ActivityHandler();

  const answer = async (context: TurnContext, question: string) => {
    const from = context.activity.from;
    const conversationId = context.activity.conversation?.id;
    const reply = await deps.ask(question === "" ? "help" : question, {
      id: from?.aadObjectId ?? from?.id ?? "unknown",
      surface: "teams",
      // Shown beside what they record (write-back): "contacted 2 days ago by Lee Park".
      ...(from?.name && { name: from.name }),
      // Follows and alerts are told in this conversation: its reference must be stored.
      // No canPostInChannel (unlike Slack): a bot in a team channel or chat can always post there proactively.
      ...(conversationId && { notifyAt: conversationId, channel: conversationId }),
      ...(deps.identify && { identify: deps.identify(context) }),
    });
    if (reply.kind === "follow" && conversationId)
      await deps.store.upsert(storedConversation(context.activity, new Date(deps.clock())));
    await context.sendActivity(replyActivity(reply, deps));
  };

  const remember = async (context: TurnContext, how: string) => {
    const stored = storedConversation(context.activity, new Date(deps.clock()));
    await deps.store.upsert(stored);
    deps.logger.info({ conversationType: stored.type, how }, "teams conversation stored");
    installAudit(context, "teams.install", deps, { conversationType: stored.type, how });
  };

  const forget = async (context: TurnContext, how: string) => {
    const id = context.activity.conversation?.id;
    const removed = id ? await deps.store.remove(id) : false;
    deps.logger.info({ how, removed }, "teams conversation removed");
    installAudit(context, "teams.uninstall", deps, { how, removed });
  };

  bot.onMessage(async (context, next) => {
    await answer(context, questionText(context.activity));
    await next();
  });
  bot.onMembersAdded(async (context, next) => {
    const botId = context.activity.recipient?.id;
    if (context.activity.membersAdded?.some((m) => m.id === botId)) {
      await remember(context, "added");
      await answer(context, "help");
    }
    await next();
  });
  bot.onMembersRemoved(async (context, next) => {
    const botId = context.activity.recipient?.id;
    if (context.activity.membersRemoved?.some((m) => m.id === botId)) await forget(context, "removed");
    await next();
  });
  bot.onInstallationUpdateAdd(async (context, next) => {
    await remember(context, "installed");
    await next();
  });
  bot.onInstallationUpdateRemove(async (context, next) => {
    await forget(context, "uninstalled");
    await next();
  });
  return bot;
}

/**
 * The reply as a message with one Adaptive Card. A card over Teams' size cap (not expected: charts
 * are links and lists are capped) is logged and replaced by the reply's plain text.
 */
export function replyActivity(reply: Reply, deps: Pick<TeamsBotDeps, "links" | "logger">): Partial<Activity> {
  const card = replyCard(reply, deps.links);
  const bytes = Buffer.byteLength(JSON.stringify(card), "utf8");
  if (bytes > MAX_CARD_BYTES) {
    deps.logger.warn(
      { code: "card-too-large", bytes, kind: reply.kind },
      "teams card too large: sent as text",
    );
    return { type: "message", text: reply.text.slice(0, 20_000), textFormat: "plain" };
  }
  return { type: "message", summary: reply.title, attachments: [CardFactory.adaptiveCard(card)] };
}

function installAudit(
  context: TurnContext,
  action: string,
  deps: Pick<TeamsBotDeps, "audit" | "logger">,
  shown: Record<string, string | boolean>,
): void {
  const from = context.activity.from;
  try {
    deps.audit({
      actor: from?.aadObjectId ?? from?.id ?? "unknown",
      surface: "teams",
      action,
      shown,
      outcome: "ok",
      latencyMs: 0,
    });
  } catch (err) {
    deps.logger.error({ err, action }, "audit event not written");
  }
}
