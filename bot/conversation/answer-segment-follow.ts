import { displaySafe, type Snapshot } from "../../core/src/index.ts";
import type { CustomerRecord } from "../../core/src/snapshot/index.ts";
import type {
  SegmentFollowStore,
  SegmentOwner,
  SegmentViewer,
  StoredSegmentWatch,
} from "../../core/src/store/index.ts";
import { noSnapshot } from "./answer-customer.ts";
import { conversationCatalog } from "./conversation-catalog.ts";
import type { Asker, ConversationServices } from "./conversation-services.ts";
import { errorReply } from "./error-reply.ts";
import { alertWords } from "./follow-changes.ts";
import { followConfirmation, noFollowStore, whereWords } from "./follow-replies.ts";
import type { Intent } from "./intent.ts";
import { pct, plural } from "./reply-format.ts";
import type { Reply } from "./reply.ts";
import {
  segmentKey,
  segmentLabel,
  segmentNow,
  segmentFilters,
  segmentWatchWords,
} from "./segment-follow-changes.ts";
import { simulatedNote } from "./simulated-note.ts";

/** The intents this file answers. */
export type SegmentFollowIntent = Extract<
  Intent,
  { kind: "follow-segment" | "alert-segment" | "unfollow-segment" }
>;

/** Where the terminal's notifications go (answer-follow's `OUTBOX_TARGET`). */
const OUTBOX = "outbox";

/**
 * Segment follows and alerts, stored in the shared store (`services.segmentFollows`):
 * - `follow contract=Month-to-month High`: after each new snapshot, the customers who entered
 *   High within the segment (and how many left it); `this channel follows …`: the same, posted in
 *   the channel and belonging to it (anyone in it lists and removes it);
 * - `alert me when <segment> goes above 40%` / `… moves up 5 points`: the segment's mean churn
 *   risk (`predictedChurnRate`, the count answers' "mean risk") crossing or rising;
 * - `unfollow segment 2`, `unfollow <segment> [band]`.
 * The segment is the filter structure lists use, stored as canonical JSON with its label.
 *
 * @example
 * await answerSegmentFollow({ kind: "follow-segment", filters, band: "High", channel: true }, asker, services);
 */
export async function answerSegmentFollow(
  intent: SegmentFollowIntent,
  asker: Asker | undefined,
  services: ConversationServices,
): Promise<Reply> {
  const action = `ask.${intent.kind}`;
  const store = services.segmentFollows;
  if (!store || !asker) return noFollowStore(action);
  const viewer: SegmentViewer = { surface: asker.surface, userId: asker.id, channel: asker.channel ?? null };
  if (intent.kind === "unfollow-segment") return unfollow(intent, store, viewer, services.snapshot());
  if (intent.channel && !asker.channel)
    return errorReply(
      action,
      "no-channel",
      'a channel follow is set in a Slack channel or Teams conversation; here, follow the segment yourself (without "this channel")',
      "invalid",
    );
  const snapshot = services.snapshot();
  if (!snapshot) return noSnapshot(action);
  // A channel follow the app cannot post in would fail at every notification, unseen: refuse it now.
  // When the surface cannot tell (a failed lookup), it is stored as before, and the confirmation says so.
  const postable = intent.channel ? await asker.canPostInChannel?.() : true;
  if (postable === false)
    return errorReply(
      action,
      "not-in-channel",
      `I can't post in this channel yet: invite me with /invite @${(await asker.appName?.()) ?? "EngageTrack"}, then ask again`,
      "denied",
    );
  const catalog = conversationCatalog(snapshot);
  const label = segmentLabel(intent.filters, catalog);
  const owner: SegmentOwner = {
    surface: asker.surface,
    userId: asker.id,
    notifyAt: intent.channel ? asker.channel! : (asker.notifyAt ?? OUTBOX),
    channel: intent.channel ? asker.channel! : null,
  };
  const band = intent.kind === "follow-segment" ? intent.band : null;
  const now = segmentNow(snapshot, intent.filters, band);
  const spec =
    intent.kind === "follow-segment"
      ? { kind: "follow" as const, filters: segmentKey(intent.filters), label, band, threshold: null }
      : {
          kind: intent.alert,
          filters: segmentKey(intent.filters),
          label,
          band: null,
          threshold: intent.threshold,
        };
  const { created, watch } = await store.add(owner, spec, services.clock());
  // Its number as "following" lists it where the asker is (their own and this channel's).
  const number = (await store.list(viewer)).findIndex((w) => w.id === watch.id) + 1;
  const words = segmentWatchWords(spec);
  const whose = intent.channel ? "This channel" : "You";
  const where = intent.channel ? "this channel gets a message" : `you get ${whereWords(asker)}`;
  const lines: string[] = [];
  let title: string;
  if (intent.kind === "follow-segment") {
    title = `${whose} ${created ? (intent.channel ? "follows" : "follow") : intent.channel ? "already follows" : "already follow"} ${safe(label)}: ${words} (segment ${number})`;
    lines.push(
      `After each new snapshot ${where} naming the customers who entered ${band} within ${safe(label)}, with their main drivers, and how many left it; nothing when nobody entered.`,
    );
  } else {
    title = `${created ? "Segment alert" : "Already segment alert"} ${number}: ${safe(label)} ${words}`;
    lines.push(
      `After each new snapshot ${where} when the mean churn risk of ${safe(label)} (its customers to act on) ${alertWords({ kind: intent.alert, threshold: intent.threshold })} ${intent.alert === "above" ? "(below it in the snapshot before); it fires again only after dropping below" : "or more from the snapshot before"}.`,
    );
    if (intent.alert === "above" && now.meanRisk !== null && now.meanRisk * 100 >= intent.threshold)
      lines.push(
        `It is already at ${pct(now.meanRisk)}: you are told when it crosses ${intent.threshold}% again.`,
      );
  }
  if (now.customers === 0) lines.push(`No customers to act on match ${safe(label)} now.`);
  if (postable === undefined && intent.channel && asker.canPostInChannel)
    lines.push(
      "I could not check that I can post in this channel: a message that cannot be posted here is logged.",
    );
  lines.push(`Stop with "unfollow segment ${number}"; list with "following".`);
  const reply = followConfirmation(action, null, title, lines);
  reply.facts.push({ label: "Customers in the segment", value: String(now.customers) });
  if (band) reply.facts.push({ label: `In ${band} now`, value: String(now.inBand) });
  reply.facts.push({
    label: "Mean churn risk now",
    value: now.meanRisk === null ? "no customers" : pct(now.meanRisk),
  });
  const figures = [
    plural(now.customers, "customer"),
    ...(band ? [`${now.inBand} in ${band}`] : []),
    `mean churn risk ${now.meanRisk === null ? "none" : pct(now.meanRisk)}`,
  ];
  reply.text += `\nNow: ${figures.join(", ")} (customers to act on).`;
  const simulated = simulatedNote(
    catalog,
    intent.filters
      .map((f) => catalog.columns.find((c) => c.column === f.column))
      .filter((c) => c !== undefined),
  );
  if (simulated) {
    reply.facts.push({ label: "Data", value: simulated, simulated: true });
    reply.text += `\nNote: ${simulated}.`;
  }
  reply.audit.shown = { segment: label, kind: spec.kind, channel: intent.channel, number };
  reply.source = { snapshotId: snapshot.manifest.id, modelHash: null };
  return reply;
}

async function unfollow(
  intent: Extract<SegmentFollowIntent, { kind: "unfollow-segment" }>,
  store: SegmentFollowStore,
  viewer: SegmentViewer,
  snapshot: Snapshot<CustomerRecord> | undefined,
): Promise<Reply> {
  const action = "ask.unfollow-segment";
  let removed: StoredSegmentWatch[];
  if (intent.number !== null) {
    const one = await store.remove(viewer, intent.number);
    if (!one) {
      const left = (await store.list(viewer)).length;
      return errorReply(
        action,
        "unknown-segment",
        `no segment ${intent.number}: ${left ? `there are ${plural(left, "segment follow")} and alerts here` : "no segments are followed here"} (ask "following" for their numbers)`,
        "not-found",
      );
    }
    removed = [one];
  } else {
    removed = await store.removeMatching(viewer, segmentKey(intent.filters), intent.band);
    if (removed.length === 0) {
      const label = snapshot ? segmentLabel(intent.filters, conversationCatalog(snapshot)) : "that segment";
      return errorReply(
        action,
        "not-following-segment",
        `${safe(label)}${intent.band ? ` (${intent.band})` : ""} is not followed here (ask "following" for the segments and their numbers)`,
        "not-found",
      );
    }
  }
  const lines = removed.map(
    (w) => `${safe(w.label)}: ${segmentWatchWords(w)}${w.channel !== null ? " (this channel)" : ""}`,
  );
  const title =
    removed.length === 1
      ? `Stopped: ${lines[0]}`
      : `Stopped ${plural(removed.length, "segment follow")} and alerts on ${safe(removed[0].label)}`;
  const reply = followConfirmation(
    action,
    null,
    title,
    removed.length === 1 ? ["No more messages about it."] : lines,
  );
  reply.audit.shown = { removed: removed.length };
  return reply;
}

/** The `following` section of segments: numbered, with where each stands now. */
export async function segmentFollowingLines(
  store: SegmentFollowStore,
  viewer: SegmentViewer,
  snapshot: Snapshot<CustomerRecord> | undefined,
): Promise<string[]> {
  const watches = await store.list(viewer);
  return watches.map((w, i) => {
    const where = w.channel !== null ? " (this channel)" : "";
    let now = "";
    if (snapshot) {
      try {
        const figures = segmentNow(
          snapshot,
          segmentFilters(w.filters),
          w.kind === "follow" ? (w.band as "High") : null,
        );
        now =
          figures.meanRisk === null
            ? " — no customers now"
            : w.kind === "follow"
              ? ` — now ${figures.inBand} in ${w.band}, mean risk ${pct(figures.meanRisk)}`
              : ` — now ${pct(figures.meanRisk)}`;
      } catch {
        now = " — its columns are not in the current snapshot";
      }
    }
    return `${i + 1}. ${safe(w.label)}: ${segmentWatchWords(w)}${where}${now}`;
  });
}

const safe = (text: string) => displaySafe(text, { singleLine: true }).slice(0, 120);
