import type { Snapshot } from "../../core/src/index.ts";
import type { CustomerActionStore } from "../../core/src/store/index.ts";
import { actionWords } from "./action-words.ts";
import { answerTopAtRisk } from "./answer-top-at-risk.ts";
import type { ConversationServices } from "./conversation-services.ts";
import type { Intent } from "./intent.ts";
import type { Reply, ReplyAction } from "./reply.ts";

/** Actions a customer card lists under "What the team did". */
const CARD_HISTORY = 3;
/** The snooze the card's button sets. */
export const CARD_SNOOZE_DAYS = 14;

/**
 * The at-risk list with what the team did: customers snoozed now are left out (the reply says how
 * many), and each listed customer's latest action is shown ("contacted 2 days ago by dana") in a
 * "Last action" column and under the table. Without a store, the plain list. A store that does not
 * answer leaves the list as it is, with a note (the list matters more than the annotations).
 */
export async function answerTopAtRiskWithActions(
  intent: Extract<Intent, { kind: "top-at-risk" }>,
  snapshot: Snapshot,
  services: ConversationServices,
): Promise<Reply> {
  const store = services.customerActions;
  if (!store) return answerTopAtRisk(intent, snapshot);
  const now = services.clock();
  let snoozed: ReadonlySet<string>;
  try {
    snoozed = new Set((await store.snoozed(now)).keys());
  } catch (err) {
    services.log.warn({ err, code: "store-unavailable" }, "write-back: snoozes not read; list unfiltered");
    const reply = answerTopAtRisk(intent, snapshot);
    reply.text += "\n(Snoozes and last actions are not shown: the shared store did not answer.)";
    return reply;
  }
  const reply = answerTopAtRisk(intent, snapshot, snoozed);
  await addLastActions(reply, store, now, services);
  return reply;
}

/** Each ranked customer's latest action, on the reply's ranked list, table and text. */
async function addLastActions(
  reply: Reply,
  store: CustomerActionStore,
  now: Date,
  services: Pick<ConversationServices, "log">,
): Promise<void> {
  if (reply.ranked.length === 0) return;
  let latest;
  try {
    latest = await store.latest(reply.ranked.map((r) => r.customerID));
  } catch (err) {
    services.log.warn({ err, code: "store-unavailable" }, "write-back: last actions not read");
    return;
  }
  if (latest.size === 0) return;
  const lines: string[] = [];
  for (const r of reply.ranked) {
    const a = latest.get(r.customerID);
    if (!a) continue;
    r.lastAction = actionWords(a, now);
    lines.push(`  ${r.customerID}: ${r.lastAction}`);
  }
  if (reply.table) {
    reply.table = {
      columns: [...reply.table.columns, "Last action"],
      align: [...reply.table.align, "left"],
      rows: reply.table.rows.map((row, i) => [...row, reply.ranked[i]?.lastAction ?? "–"]),
    };
  }
  // Before the closing "Ask …" line: the table above it keeps its own layout.
  const text = reply.text.split("\n");
  text.splice(Math.max(1, text.length - 1), 0, "Last action:", ...lines);
  reply.text = text.join("\n");
  reply.audit.shown.lastActions = latest.size;
}

/**
 * A customer card with what the team did (the latest few actions) and the write-back buttons:
 * Mark contacted, Snooze 14 days (Unsnooze when snoozed) and Log offer (adapters ask for its text).
 * Churned customers (history) get the history only. Other replies are returned as they are.
 */
export async function withWriteBack(
  reply: Reply,
  snapshot: Snapshot | undefined,
  services: ConversationServices,
): Promise<Reply> {
  const store = services.customerActions;
  const id = reply.customerID;
  if (!store || reply.kind !== "insight" || !id) return reply;
  const now = services.clock();
  let recent, snoozed;
  try {
    [recent, snoozed] = await Promise.all([store.history(id, CARD_HISTORY), store.snoozed(now)]);
  } catch (err) {
    services.log.warn({ err, code: "store-unavailable" }, "write-back: card history not read");
    return reply;
  }
  if (recent.length) {
    const lines = recent.map((a) => actionWords(a, now));
    reply.sections.push({ title: "What the team did", lines });
    reply.text += `\nWhat the team did:\n${lines.map((l) => `  ${l}`).join("\n")}`;
  }
  if (snapshot?.lookup(id)?.status === "churned") return reply;
  const actions: ReplyAction[] = [
    { id: "contacted", label: "Mark contacted", value: `contacted ${id}` },
    snoozed.has(id)
      ? { id: "unsnooze", label: "Unsnooze", value: `unsnooze ${id}` }
      : {
          id: "snooze",
          label: `Snooze ${CARD_SNOOZE_DAYS} days`,
          value: `snooze ${id} ${CARD_SNOOZE_DAYS} days`,
        },
    { id: "offer", label: "Log offer", value: `offer ${id}` },
  ];
  reply.actions = [...reply.actions, ...actions];
  return reply;
}

/** Write-back buttons (they change the shared store; every other button only asks). */
export const WRITE_BACK_ACTIONS: ReadonlySet<ReplyAction["id"]> = new Set([
  "contacted",
  "offer",
  "snooze",
  "unsnooze",
]);
