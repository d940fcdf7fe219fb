import { CodedError } from "../../core/src/errors/index.ts";
import type { Activity, CloudAdapter } from "botbuilder";
import type { ConversationStore, StoredConversation } from "./conversation-store.ts";

/**
 * Posts to Teams conversations the bot was added to, without being asked (digests): the
 * conversations come from the store the bot fills on install.
 */
export interface TeamsSender {
  /** Every conversation the bot is installed in. */
  list(): Promise<StoredConversation[]>;
  /** Posts `activity` as a new message; the connector's activity ID when it gives one. */
  send(conversationId: string, activity: Partial<Activity>): Promise<{ id?: string }>;
}

export interface TeamsSenderOptions {
  adapter: CloudAdapter;
  /** The bot's Microsoft App ID ("" with auth off). */
  appId: string;
  store: ConversationStore;
}

/** A conversation that cannot be posted to, with a stable code for logs. */
export class TeamsSendError extends CodedError<"unknown-conversation" | "send-failed"> {
  constructor(code: "unknown-conversation" | "send-failed", message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.name = "TeamsSendError";
  }
}

/**
 * Proactive messages through botbuilder's `continueConversationAsync`: the stored reference
 * says where (service URL, conversation), the adapter authenticates as the bot.
 *
 * @example
 * const sender = createTeamsSender({ adapter, appId: config.teams.appId, store });
 * for (const c of await sender.list()) await sender.send(c.id, MessageFactory.text("Weekly digest: …"));
 */
export function createTeamsSender(options: TeamsSenderOptions): TeamsSender {
  const { adapter, appId, store } = options;
  return {
    list: () => store.list(),
    async send(conversationId, activity) {
      const stored = await store.get(conversationId);
      if (!stored)
        throw new TeamsSendError(
          "unknown-conversation",
          `unknown teams conversation: ${JSON.stringify(conversationId)} (the bot is not installed there)`,
        );
      let id: string | undefined;
      // Failures inside the turn would go to the adapter's onTurnError (which apologises to the
      // conversation): keep them here and report them to the caller instead.
      let failure: unknown;
      try {
        await adapter.continueConversationAsync(appId, stored.reference, async (context) => {
          // A continuation turn has an activity ID of its own; without this the post would be
          // sent as a reply to that (non-existent) message instead of a new one.
          context.onSendActivities(async (_ctx, activities, next) => {
            for (const a of activities) delete a.replyToId;
            return next();
          });
          try {
            id = (await context.sendActivity(activity))?.id;
          } catch (err) {
            failure = err;
          }
        });
      } catch (err) {
        failure = err;
      }
      if (failure !== undefined)
        throw new TeamsSendError(
          "send-failed",
          `cannot post to teams conversation ${JSON.stringify(conversationId)}: ${(failure as Error).message}`,
          { cause: failure },
        );
      return id === undefined ? {} : { id };
    },
  };
}
