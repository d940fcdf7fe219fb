import { TurnContext, type Activity } from "botbuilder";
import type { StoredConversation, TeamsConversationType } from "./conversation-store.ts";

/**
 * The stored form of the conversation an activity came from (an install, the bot added to a
 * channel): its reference without the user who acted or the activity itself, so a proactive
 * message is a new post, not a reply, and no person's name is kept; plus the channel, team and
 * tenant Teams names in `channelData`.
 *
 * @example
 * await store.upsert(storedConversation(context.activity, new Date()));
 */
export function storedConversation(activity: Partial<Activity>, now: Date): StoredConversation {
  const {
    user: _user,
    activityId: _activityId,
    ...reference
  } = TurnContext.getConversationReference(activity);
  const conversation = activity.conversation;
  if (!conversation?.id) throw new Error("activity has no conversation id");
  const data = (activity.channelData ?? {}) as {
    team?: { name?: unknown };
    channel?: { name?: unknown };
    tenant?: { id?: unknown };
  };
  const text = (v: unknown) => (typeof v === "string" && v.trim() !== "" ? v : null);
  const type = conversationType(conversation.conversationType);
  const at = now.toISOString();
  // A personal chat is with one person: their object id lets per-owner digests find it.
  const aad = type === "personal" ? text(activity.from?.aadObjectId) : null;
  return {
    id: conversation.id,
    type,
    ...(aad && { userAadId: aad }),
    name: text(data.channel?.name) ?? text(conversation.name) ?? (type === "channel" ? "General" : null),
    teamName: text(data.team?.name),
    tenantId: text(conversation.tenantId) ?? text(data.tenant?.id),
    reference,
    addedAt: at,
    updatedAt: at,
  };
}

function conversationType(raw: string | undefined): TeamsConversationType {
  if (raw === "channel" || raw === "groupChat") return raw;
  return "personal";
}
