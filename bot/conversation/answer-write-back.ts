import { displaySafe } from "../../core/src/index.ts";
import { StoreError, type ActionActor, type CustomerActionStore } from "../../core/src/store/index.ts";
import { actionWords, day } from "./action-words.ts";
import { noSnapshot } from "./answer-customer.ts";
import type { Asker, ConversationServices } from "./conversation-services.ts";
import { errorReply } from "./error-reply.ts";
import type { Intent } from "./intent.ts";
import { pct, plural } from "./reply-format.ts";
import { emptyReply, type Reply, type ReplyAction } from "./reply.ts";
import { resolveCustomer } from "./resolve-customer.ts";

/** The intents this file answers. */
export type WriteBackIntent = Extract<
  Intent,
  { kind: "contacted" | "offer" | "snooze" | "unsnooze" | "history" }
>;

const DAY = 86_400_000;
/** Actions the history answer lists (newest first). */
const HISTORY_SHOWN = 20;

/**
 * Write-back, stored in the shared store (`services.customerActions`) with who did it (the
 * asker's surface, ID and name) and when (`services.clock`):
 * - `contacted <id>`, `offer <id> <text>`, `snooze <id> <n> days` (1–90), `unsnooze <id>`;
 * - `history <id>`: what the team did, newest first, and whether the customer is snoozed.
 * Lists, the Home tab and digests show each customer's latest action and leave snoozed customers
 * out until the snooze ends. An ID not in the snapshot gets the closest IDs for the same command;
 * a churned customer (history) takes no action. Audited by `respond` like every question.
 *
 * @example
 * await answerWriteBack({ kind: "snooze", customerID: "7590-VHVEG", days: 14 }, { id: "U1", surface: "slack", name: "dana" }, services);
 */
export async function answerWriteBack(
  intent: WriteBackIntent,
  asker: Asker | undefined,
  services: ConversationServices,
): Promise<Reply> {
  const action = `ask.${intent.kind}`;
  const store = services.customerActions;
  if (!store || !asker)
    return errorReply(
      action,
      "no-action-store",
      "what the team did is kept in the shared store: ask the bot in Slack or Teams, or set DATABASE_URL (or ENGAGETRACK_STORE_DIR to a stopped server's embedded store) for the terminal",
    );
  try {
    return await writeBack(intent, asker, store, services);
  } catch (err) {
    // The store cannot be opened or reached (held by a running server, PostgreSQL down): say so.
    if (!(err instanceof StoreError)) throw err;
    services.log.warn({ err, code: err.code, action }, "write-back: shared store unavailable");
    return errorReply(action, err.code, `nothing recorded: ${err.message}`);
  }
}

async function writeBack(
  intent: WriteBackIntent,
  asker: Asker,
  store: CustomerActionStore,
  services: ConversationServices,
): Promise<Reply> {
  const action = `ask.${intent.kind}`;
  const snapshot = services.snapshot();
  if (!snapshot) return noSnapshot(action);
  const found = resolveCustomer(snapshot, intent.customerID, action);
  if ("reply" in found) {
    // The closest IDs, offered for the same command (never another customer's card).
    const reply = found.reply;
    const tail =
      intent.kind === "offer" ? ` ${intent.offer}` : intent.kind === "snooze" ? ` ${intent.days} days` : "";
    reply.menu = (reply.menu ?? []).map((o) => ({
      label: o.label,
      value: `${intent.kind} ${o.label}${tail}`,
    }));
    if (reply.menu.length) reply.text = `${reply.title}.\nDid you mean "${reply.menu[0].value}"?`;
    return reply;
  }
  const id = found.customerID;
  const now = services.clock();
  const risk = `${pct(found.scored.probability)} (${found.scored.band})`;
  const snapshotId = snapshot.manifest.id;
  if (intent.kind === "history") return history(store, id, risk, now, snapshotId);
  if (found.scored.status === "churned")
    return errorReply(
      action,
      "churned-customer",
      `${safe(id)} has churned (history): there is nothing left to act on`,
      "invalid",
      id,
    );
  const by: ActionActor = { surface: asker.surface, userId: asker.id, userName: asker.name ?? null };
  const reply = (title: string, lines: string[], shown: Reply["audit"]["shown"], actions: ReplyAction[]) => {
    const r = emptyReply("customer-action", title, {
      action,
      customerID: id,
      outcome: "ok",
      errorCode: null,
      engine: null,
      shown,
    });
    r.facts.push({ label: "Churn risk now", value: risk });
    r.sections.push({ title: "What happens next", lines });
    r.actions = actions;
    r.text = [title, ...lines].join("\n");
    r.source = { snapshotId, modelHash: null };
    return r;
  };
  const open: ReplyAction = { id: "open-customer", label: `Open ${safe(id)}`, value: `tell me about ${id}` };
  const seeHistory: ReplyAction = { id: "history", label: "History", value: `history ${id}` };
  switch (intent.kind) {
    case "contacted":
    case "offer": {
      const done = await store.record({
        customerId: id,
        kind: intent.kind,
        note: intent.kind === "offer" ? intent.offer : null,
        by,
        at: now,
      });
      return reply(
        intent.kind === "offer" ? `Logged an offer to ${safe(id)}` : `Marked ${safe(id)} contacted`,
        [`Lists, the Home tab and digests show it beside ${safe(id)}: ${actionWords(done, now)}.`],
        intent.kind === "offer" ? { offerChars: [...intent.offer].length } : {},
        [open, seeHistory],
      );
    }
    case "snooze": {
      const until = new Date(now.getTime() + intent.days * DAY);
      await store.record({ customerId: id, kind: "snooze", snoozeUntil: until, by, at: now });
      return reply(
        `Snoozed ${safe(id)} for ${plural(intent.days, "day")}`,
        [
          `${safe(id)} is left out of at-risk lists, the Home tab and digests until ${day(until)} ${until.toISOString().slice(11, 16)} UTC.`,
          `End it sooner with "unsnooze ${id}".`,
        ],
        { days: intent.days, until: until.toISOString() },
        [{ id: "unsnooze", label: "Unsnooze", value: `unsnooze ${id}` }, open],
      );
    }
    case "unsnooze": {
      const snoozed = (await store.snoozed(now)).get(id);
      if (!snoozed) return errorReply(action, "not-snoozed", `${safe(id)} is not snoozed`, "not-found", id);
      await store.record({ customerId: id, kind: "unsnooze", by, at: now });
      return reply(
        `${safe(id)} is no longer snoozed`,
        [
          `${safe(id)} is back in at-risk lists, the Home tab and digests (it was snoozed until ${day(snoozed.snoozeUntil!)}).`,
        ],
        {},
        [open, seeHistory],
      );
    }
  }
}

/** What the team did about one customer, newest first, and whether they are snoozed now. */
async function history(
  store: CustomerActionStore,
  id: string,
  risk: string,
  now: Date,
  snapshotId: string,
): Promise<Reply> {
  const actions = await store.history(id, HISTORY_SHOWN);
  const snoozed = (await store.snoozed(now)).get(id);
  const title = actions.length
    ? `What the team did about ${safe(id)}`
    : `Nothing recorded for ${safe(id)} yet`;
  const reply = emptyReply("customer-action", title, {
    action: "ask.history",
    customerID: id,
    outcome: "ok",
    errorCode: null,
    engine: null,
    shown: { actions: actions.length, snoozed: snoozed !== undefined },
  });
  reply.facts.push({ label: "Churn risk now", value: risk });
  if (snoozed) reply.facts.push({ label: "Snoozed until", value: `${day(snoozed.snoozeUntil!)} (UTC)` });
  const lines = actions.length
    ? actions.map((a) => actionWords(a, now, { fullOffer: true }))
    : [`Record what you do: "contacted ${id}", "offer ${id} <what was offered>", "snooze ${id} 14 days".`];
  reply.sections.push({ title: actions.length ? "Newest first" : "How", lines });
  reply.actions = [
    { id: "open-customer", label: `Open ${safe(id)}`, value: `tell me about ${id}` },
    { id: "contacted", label: "Mark contacted", value: `contacted ${id}` },
  ];
  reply.text = [
    title,
    ...(snoozed ? [`Snoozed until ${day(snoozed.snoozeUntil!)} (UTC).`] : []),
    ...lines.map((l) => (actions.length ? `  ${l}` : l)),
  ].join("\n");
  reply.source = { snapshotId, modelHash: null };
  return reply;
}

const safe = (text: string) => displaySafe(text, { singleLine: true }).slice(0, 64);
