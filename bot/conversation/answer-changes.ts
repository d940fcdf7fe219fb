import type { Snapshot } from "../../core/src/index.ts";
import { snapshotChanges, type ChangedCustomer, type Manifest } from "../../core/src/snapshot/index.ts";
import type { ConversationServices } from "./conversation-services.ts";
import type { ChangesSince, Intent } from "./intent.ts";
import { count, money, pct } from "./reply-format.ts";
import { emptyReply, type Reply, type ReplyFact, type ReplySection } from "./reply.ts";
import { simulatedNote } from "./simulated-note.ts";
import { conversationCatalog } from "./conversation-catalog.ts";
import { tableText } from "./text-layout.ts";

const ACTION = "ask.changes";
/** Customers each list of changes shows. */
const LISTED = 10;
const DAY_MS = 86_400_000;

/**
 * What changed between the serving snapshot and the newest earlier snapshot of the same lineage
 * (`sameLineage`: same data set, model name and band definition) published at or before the time
 * asked ("since last week": 7 days before the question): customers newly High, customers who left
 * High, the biggest movers in points, customers who churned since (history), and the change in
 * revenue at risk — each from core's one definition (`snapshotChanges`, `riskSummary`). Says
 * plainly when there is no earlier snapshot of the same lineage (at or before that time).
 */
export async function answerChanges(
  intent: Extract<Intent, { kind: "changes" }>,
  snapshot: Snapshot,
  services: Pick<ConversationServices, "earlier" | "clock">,
): Promise<Reply> {
  const now = services.clock();
  const cutoff = cutoffOf(intent.since, now);
  const asked = sinceWords(intent.since, cutoff);
  const current = snapshot.manifest;
  const earlier = services.earlier
    ? (await services.earlier.list()).filter(
        (m) => m.id !== current.id && Date.parse(m.createdAt) <= Date.parse(current.createdAt),
      )
    : [];
  const previous = earlier.find((m) => cutoff === null || Date.parse(m.createdAt) <= cutoff);
  if (!previous) return noEarlier(snapshot, asked, earlier);

  const before = await services.earlier!.open(previous.id);
  const changes = snapshotChanges(
    {
      table: snapshot.table,
      idColumn: snapshot.idColumn,
      revenue: snapshot.revenue,
      summary: snapshot.summary(),
    },
    { table: before.table, idColumn: before.idColumn, revenue: before.revenue, summary: before.summary() },
    { limit: LISTED },
  );
  const when = stamp(previous.createdAt);
  const title = `Since ${when} (snapshot ${previous.id}): ${count(changes.newHigh.count)} newly High, ${count(changes.leftHigh.count)} left High, ${count(changes.churned.count)} churned`;
  const reply = emptyReply("changes", title, {
    action: ACTION,
    customerID: null,
    outcome: "ok",
    errorCode: null,
    engine: null,
    shown: {
      since: asked,
      previous: previous.id,
      newHigh: changes.newHigh.count,
      leftHigh: changes.leftHigh.count,
      churned: changes.churned.count,
      movers: changes.movers.count,
    },
  });
  reply.source = { snapshotId: current.id, modelHash: null };
  const currency = snapshot.revenue.currency ?? undefined;
  const facts: ReplyFact[] = [
    { label: "Compared with", value: `${previous.id} (${when})` },
    {
      label: "Customers to act on",
      value: `${count(changes.previous.customers)} → ${count(changes.current.customers)}`,
    },
    {
      label: "High risk",
      value: `${count(changes.previous.bands.High)} → ${count(changes.current.bands.High)}`,
    },
  ];
  if (changes.previous.revenueAtRisk !== null && changes.current.revenueAtRisk !== null) {
    const delta = changes.current.revenueAtRisk - changes.previous.revenueAtRisk;
    facts.push({
      label: "Monthly revenue at risk",
      value: `${money(changes.previous.revenueAtRisk, currency)} → ${money(changes.current.revenueAtRisk, currency)} (${delta >= 0 ? "+" : "−"}${money(Math.abs(delta), currency)})`,
    });
  }
  if (changes.customers.added || changes.customers.removed)
    facts.push({
      label: "Customers added / no longer in the data",
      value: `${count(changes.customers.added)} / ${count(changes.customers.removed)}`,
    });
  const simulated = simulatedNote(conversationCatalog(snapshot), []);
  if (simulated) facts.push({ label: "Data", value: simulated });
  reply.facts = facts;

  const sections: ReplySection[] = [];
  const listed = (heading: string, list: { count: number; customers: ChangedCustomer[] }) => {
    if (list.count === 0) return;
    const more =
      list.count > list.customers.length ? ` (first ${list.customers.length} of ${count(list.count)})` : "";
    sections.push({ title: `${heading}${more}`, lines: list.customers.map(line) });
  };
  listed("Newly High", changes.newHigh);
  listed("Left High", changes.leftHigh);
  listed("Churned since (history)", changes.churned);
  reply.sections = sections;
  if (changes.movers.count > 0)
    reply.table = {
      columns: ["Biggest movers", "Before", "Now", "Change", "Band"],
      align: ["left", "right", "right", "right", "left"],
      rows: changes.movers.customers.map((c) => [
        c.customerID,
        pct(c.previousProbability ?? 0),
        pct(c.probability ?? 0),
        points((c.probability ?? 0) - (c.previousProbability ?? 0)),
        `${c.previousBand} → ${c.band}`,
      ]),
    };
  reply.actions = changes.newHigh.customers.slice(0, 5).map((c) => ({
    id: "open-customer" as const,
    label: c.customerID,
    value: `tell me about ${c.customerID}`,
  }));
  reply.text = [
    `${title}.`,
    ...facts.map((f) => `${f.label}: ${f.value}`),
    ...sections.flatMap((s) => [`${s.title}:`, ...s.lines.map((l) => `  ${l}`)]),
    ...(reply.table ? [tableText(reply.table, 4)] : ["No customer to act on moved."]),
  ].join("\n");
  return reply;
}

/** The latest time the earlier snapshot may have been published, or null for "the previous one". */
function cutoffOf(since: ChangesSince, now: Date): number | null {
  switch (since.kind) {
    case "previous":
      return null;
    case "days":
      return now.getTime() - since.days * DAY_MS;
    case "date": {
      const m = /^(\d{4}|-)-(\d{2})-(\d{2})$/.exec(since.date);
      if (!m) return now.getTime();
      if (m[1] !== "-") return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), 23, 59, 59, 999);
      // No year: this year's date, or last year's when it is still ahead.
      const year = now.getUTCFullYear();
      const t = Date.UTC(year, Number(m[2]) - 1, Number(m[3]), 23, 59, 59, 999);
      return t - DAY_MS + 1 > now.getTime()
        ? Date.UTC(year - 1, Number(m[2]) - 1, Number(m[3]), 23, 59, 59, 999)
        : t;
    }
  }
}

/** "the previous snapshot", "2026-11-14" (the day asked about). */
function sinceWords(since: ChangesSince, cutoff: number | null): string {
  if (cutoff === null) return "the previous snapshot";
  return since.kind === "date"
    ? new Date(cutoff).toISOString().slice(0, 10)
    : new Date(cutoff).toISOString().slice(0, 16).replace("T", " ") + " UTC";
}

function noEarlier(snapshot: Snapshot, asked: string, earlier: readonly Manifest[]): Reply {
  const oldest = earlier[earlier.length - 1];
  const title =
    earlier.length === 0
      ? `No earlier snapshot of this data set and model to compare with: ${snapshot.manifest.id} is the only one`
      : `No snapshot of this data set and model from ${asked} or before: the oldest is ${oldest.id} (${stamp(oldest.createdAt)})`;
  const reply = emptyReply("changes", title, {
    action: ACTION,
    customerID: null,
    outcome: "not-found",
    errorCode: "no-earlier-snapshot",
    engine: null,
    shown: { since: asked, earlier: earlier.length },
  });
  reply.source = { snapshotId: snapshot.manifest.id, modelHash: null };
  reply.text =
    earlier.length === 0
      ? `${title}. Changes are counted between snapshots of the same data set and model (a retrained model of the same name counts); score again later and ask "what changed".`
      : `${title}. Ask "what changed" to compare with the previous snapshot.`;
  if (earlier.length > 0)
    reply.menu = [{ label: "What changed since the previous snapshot", value: "what changed" }];
  return reply;
}

/** "2026-11-14T09:00:00.000Z" → "2026-11-14 09:00 UTC". */
const stamp = (iso: string) => `${iso.slice(0, 16).replace("T", " ")} UTC`;

/** "VH-1: 34% → 71% (Medium → High)". */
function line(c: ChangedCustomer): string {
  const before = c.previousProbability === null ? "new" : `${pct(c.previousProbability)}`;
  const now = c.probability === null ? "gone" : pct(c.probability);
  const bands = `${c.previousBand ?? "—"} → ${c.status === "churned" ? "churned" : (c.band ?? "—")}`;
  return `${c.customerID}: ${before} → ${now} (${bands})`;
}

/** 0.234 → "+23.4 pts". */
function points(delta: number): string {
  const p = Math.round(delta * 1000) / 10;
  return `${p > 0 ? "+" : p < 0 ? "−" : ""}${Math.abs(p).toFixed(1)} pts`;
}
