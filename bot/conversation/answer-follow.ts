import { displaySafe, type Snapshot } from "../../core/src/index.ts";
import type { CustomerRecord } from "../../core/src/snapshot/index.ts";
import type { Follower, FollowStore, SegmentFollowStore } from "../../core/src/store/index.ts";
import { segmentFollowingLines } from "./answer-segment-follow.ts";
import { followConfirmation, noFollowStore, whereWords } from "./follow-replies.ts";
import { noSnapshot } from "./answer-customer.ts";
import type { Asker, ConversationServices } from "./conversation-services.ts";
import { errorReply } from "./error-reply.ts";
import { alertWords, FOLLOW_MOVE_POINTS } from "./follow-changes.ts";
import type { Intent } from "./intent.ts";
import { pct, plural } from "./reply-format.ts";
import type { Reply } from "./reply.ts";
import { resolveCustomer } from "./resolve-customer.ts";

/** The intents this file answers. */
export type FollowIntent = Extract<
  Intent,
  { kind: "follow" | "unfollow" | "following" | "alert" | "unalert" }
>;

/** Where the terminal's notifications go: `notifyAt` of a follower without a chat to post to. */
export const OUTBOX_TARGET = "outbox";

/**
 * Follow and alerts, stored in the shared store (`services.follows`) for the asker:
 * - `follow <id>`: a message after each new snapshot that changes the customer's band or moves
 *   their probability 5 points or more; `unfollow <id>` stops it (and drops the asker's alerts on them);
 * - `alert me when <id> goes above <p>%` / `… moves up <n> points`; `remove alert <n>`;
 * - `following`: the asker's follows and numbered alerts, with each customer's risk now.
 * An ID not in the snapshot gets the closest IDs (never a card); a churned customer cannot be
 * followed. Notifications go to the Slack user (a DM), the Teams conversation asked in, or the
 * outbox folder (the terminal).
 *
 * @example
 * await answerFollow({ kind: "follow", customerID: "7590-VHVEG" }, { id: "U1", surface: "slack", notifyAt: "U1" }, services);
 */
export async function answerFollow(
  intent: FollowIntent,
  asker: Asker | undefined,
  services: ConversationServices,
): Promise<Reply> {
  const action = `ask.${intent.kind}`;
  const store = services.follows;
  if (!store || !asker) return noFollowStore(action);
  const who: Follower = {
    surface: asker.surface,
    userId: asker.id,
    notifyAt: asker.notifyAt ?? OUTBOX_TARGET,
  };
  const snapshot = services.snapshot();
  const where = whereWords(asker);
  switch (intent.kind) {
    case "following":
      return following(store, who, snapshot, services.segmentFollows, asker);
    case "unalert": {
      const removed = await store.removeAlert(who, intent.number);
      if (!removed) {
        const left = (await store.list(who)).alerts.length;
        return errorReply(
          action,
          "unknown-alert",
          `no alert ${intent.number}: you have ${plural(left, "alert")} (ask "following" for their numbers)`,
          "not-found",
        );
      }
      const id = safe(removed.customerId);
      return followConfirmation(
        action,
        removed.customerId,
        `Removed alert ${intent.number}: ${id} ${alertWords(removed)}`,
        [`You will no longer be told when ${id} ${alertWords(removed)}.`],
      );
    }
    case "unfollow": {
      // The ID as followed: a customer who left the snapshot can still be unfollowed.
      const asked = snapshot
        ? snapshot.lookup(intent.customerID)
          ? intent.customerID
          : undefined
        : undefined;
      const id = asked ?? intent.customerID;
      const gone = await store.unfollow(who, id);
      if (gone.follows === 0 && gone.alerts === 0) {
        if (snapshot && !asked) {
          const found = resolveCustomer(snapshot, intent.customerID, action);
          if ("customerID" in found)
            return answerFollow({ kind: "unfollow", customerID: found.customerID }, asker, services);
        }
        return errorReply(action, "not-following", `you were not following ${safe(id)}`, "not-found", id);
      }
      const alerts = gone.alerts ? ` and removed your ${plural(gone.alerts, "alert")} on them` : "";
      return followConfirmation(action, id, `Stopped following ${safe(id)}${alerts}`, [
        `No more messages about ${safe(id)}.`,
      ]);
    }
  }
  if (!snapshot) return noSnapshot(action);
  const found = resolveCustomer(snapshot, intent.customerID, action);
  if ("reply" in found) {
    // The closest IDs, offered for the same command (never the card of another customer).
    const reply = found.reply;
    const command = intent.kind === "follow" ? "follow" : "alert me when";
    const tail =
      intent.kind === "alert" ? ` ${alertWords({ kind: intent.alert, threshold: intent.threshold })}` : "";
    reply.menu = (reply.menu ?? []).map((o) => ({ label: o.label, value: `${command} ${o.label}${tail}` }));
    if (reply.menu.length) reply.text = `${reply.title}.\nDid you mean "${reply.menu[0].value}"?`;
    return reply;
  }
  const id = found.customerID;
  const scored = found.scored;
  if (scored.status === "churned")
    return errorReply(
      action,
      "churned-customer",
      `${safe(id)} has churned (history): there is no risk left to follow`,
      "invalid",
      id,
    );
  const now = services.clock();
  const risk = `${pct(scored.probability)} (${scored.band})`;
  if (intent.kind === "follow") {
    const { created } = await store.follow(who, id, now);
    const reply = followConfirmation(
      action,
      id,
      created ? `Following ${safe(id)}` : `Already following ${safe(id)}`,
      [
        `After each new snapshot you get ${where} when ${safe(id)}'s risk band changes or the risk moves ${FOLLOW_MOVE_POINTS} points or more.`,
        `Stop with "unfollow ${id}"; list with "following".`,
      ],
    );
    reply.facts.push({ label: "Churn risk now", value: risk });
    reply.source = { snapshotId: snapshot.manifest.id, modelHash: null };
    return reply;
  }
  const { number, created } = await store.addAlert(who, id, intent.alert, intent.threshold, now);
  const words = alertWords({ kind: intent.alert, threshold: intent.threshold });
  const lines = [
    `After each new snapshot you get ${where} when ${safe(id)} ${words} ${intent.alert === "above" ? "(below it in the snapshot before)" : "or more from the snapshot before"}.`,
  ];
  if (intent.alert === "above" && scored.probability * 100 >= intent.threshold)
    lines.push(
      `It is already at ${pct(scored.probability)}: you are told when it crosses ${intent.threshold}% again.`,
    );
  lines.push(`Remove it with "remove alert ${number}"; list with "following".`);
  const reply = followConfirmation(
    action,
    id,
    `${created ? "Alert" : "Already alert"} ${number}: ${safe(id)} ${words}`,
    lines,
  );
  reply.facts.push({ label: "Churn risk now", value: risk });
  reply.source = { snapshotId: snapshot.manifest.id, modelHash: null };
  return reply;
}

async function following(
  store: FollowStore,
  who: Follower,
  snapshot: Snapshot<CustomerRecord> | undefined,
  segmentStore: SegmentFollowStore | undefined,
  asker: Asker,
): Promise<Reply> {
  const { follows, alerts } = await store.list(who);
  const segments = segmentStore
    ? await segmentFollowingLines(
        segmentStore,
        { surface: asker.surface, userId: asker.id, channel: asker.channel ?? null },
        snapshot,
      )
    : [];
  const now = (id: string) => {
    const scored = snapshot?.lookup(id);
    return scored ? `${pct(scored.probability)} (${scored.band})` : "not in the current snapshot";
  };
  const title = followingTitle(follows.length, alerts.length, segments.length);
  const reply = followConfirmation("ask.following", null, title, []);
  reply.sections = [];
  if (follows.length)
    reply.sections.push({
      title: "Following",
      lines: follows.map((f) => `${safe(f.customerId)}: ${now(f.customerId)}`),
    });
  if (alerts.length)
    reply.sections.push({
      title: "Alerts",
      lines: alerts.map(
        (a, i) => `${i + 1}. ${safe(a.customerId)} ${alertWords(a)} (now ${now(a.customerId)})`,
      ),
    });
  if (segments.length)
    reply.sections.push({
      title: 'Segments (remove with "unfollow segment <n>")',
      lines: segments,
    });
  if (reply.sections.length === 0)
    reply.sections.push({
      title: "How",
      lines: ['"follow <customer id>", or "alert me when <customer id> goes above 90%"'],
    });
  reply.audit.shown = {
    follows: follows.length,
    alerts: alerts.length,
    ...(segments.length && { segments: segments.length }),
  };
  reply.text = [
    title,
    ...reply.sections.flatMap((s) => [`${s.title}:`, ...s.lines.map((l) => `  ${l}`)]),
  ].join("\n");
  if (snapshot) reply.source = { snapshotId: snapshot.manifest.id, modelHash: null };
  return reply;
}

const safe = (text: string) => displaySafe(text, { singleLine: true }).slice(0, 64);

/** "You follow 2 customers, have 1 alert and watch 3 segments" — only the parts there are. */
function followingTitle(follows: number, alerts: number, segments: number): string {
  const parts = [
    follows ? `follow ${plural(follows, "customer")}` : "",
    alerts ? `have ${plural(alerts, "alert")}` : "",
    segments ? `watch ${plural(segments, "segment")}` : "",
  ].filter(Boolean);
  if (parts.length === 0) return "You follow no customers and have no alerts";
  const last = parts.pop();
  return `You ${parts.length ? `${parts.join(", ")} and ${last}` : last}`;
}
