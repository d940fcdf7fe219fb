import { displaySafe, predictedChurnRate, type Snapshot } from "../../core/src/index.ts";
import type { CustomerRecord } from "../../core/src/snapshot/index.ts";
import type { StoredSegmentWatch } from "../../core/src/store/index.ts";
import { describeFilter } from "./answer-top-at-risk.ts";
import { conversationCatalog, type ConversationCatalog } from "./conversation-catalog.ts";
import { alertWords, driverWords, thresholdFires } from "./follow-changes.ts";
import type { CustomerFilter, RiskBandName } from "./intent.ts";
import { pct, plural } from "./reply-format.ts";
import { emptyReply, type Reply } from "./reply.ts";
import { simulatedNote } from "./simulated-note.ts";
import { filterCustomers } from "./top-at-risk.ts";

/** Customers who entered the band a segment notification names (the riskiest first). */
const ENTERED_SHOWN = 5;

/**
 * The canonical JSON text of a segment's filters (what the store keeps and compares): filters in
 * one order and category values sorted, so the same segment asked two ways is one follow.
 *
 * @example
 * segmentKey([{ column: "Contract", op: "in", values: ["Month-to-month"] }]);
 * // '[{"column":"Contract","op":"in","values":["Month-to-month"]}]'
 */
export function segmentKey(filters: readonly CustomerFilter[]): string {
  const canonical = filters.map((f): CustomerFilter =>
    "values" in f
      ? {
          column: f.column,
          op: f.op,
          values: [...f.values].sort((a, b) => String(a).localeCompare(String(b))),
        }
      : { column: f.column, op: f.op, value: f.value },
  );
  const text = canonical.map((f) => JSON.stringify(f));
  return `[${[...text].sort().join(",")}]`;
}

/** The filters of a stored segment key; throws on text that is not one. */
export function segmentFilters(key: string): CustomerFilter[] {
  const parsed = JSON.parse(key) as unknown;
  if (!Array.isArray(parsed)) throw new Error("segment filters: not a list");
  return parsed.map((f: Record<string, unknown>) => {
    if (typeof f?.column !== "string" || typeof f.op !== "string")
      throw new Error("segment filters: a filter without column or op");
    return f as unknown as CustomerFilter;
  });
}

/** A segment in the catalogue's words: "contract=Month-to-month persona=Student", or "every customer". */
export function segmentLabel(filters: readonly CustomerFilter[], catalog: ConversationCatalog): string {
  if (filters.length === 0) return "every customer";
  return filters.map((f) => describeFilter(f, catalog)).join(" ");
}

/** A segment now: its customers to act on, those in a band, and its mean churn risk. */
export interface SegmentNow {
  customers: number;
  inBand: number;
  /** `predictedChurnRate` of the segment (the count answers' "mean risk"); null without customers. */
  meanRisk: number | null;
}

/** Where a segment stands in `snapshot` (churned customers left out, as everywhere). */
export function segmentNow(
  snapshot: Snapshot<CustomerRecord>,
  filters: readonly CustomerFilter[],
  band: RiskBandName | null,
): SegmentNow {
  const catalog = conversationCatalog(snapshot);
  const matching = filterCustomers(snapshot.table, filters, catalog);
  const predicted = predictedChurnRate(matching);
  const inBand =
    band === null
      ? 0
      : filterCustomers(snapshot.actionable, [...filters, bandFilter(band)], catalog).numRows();
  return { customers: predicted.customers, inBand, meanRisk: predicted.rate };
}

/** Who entered a segment's band between two snapshots, and how many left it. */
export interface SegmentEntries {
  /** Customers to act on in the segment and band now who were not in both before, riskiest first. */
  entered: Array<{ customerID: string; probability: number; before: string }>;
  /** Customers in the segment and band before who are not now (churned ones counted in `churned` too). */
  left: number;
  churned: number;
  /** In the segment and band now. */
  now: number;
}

/**
 * The segment follow's rule: the customers to act on who are in the segment and `band` in `current`
 * but were not in the previous snapshot (their band rose into it, or they moved into the
 * segment, or they are new), and how many were in it before and are not now. Churned customers
 * are never entered (history); the ones who churned are counted among those who left.
 */
export function segmentEntries(
  previous: Snapshot<CustomerRecord>,
  current: Snapshot<CustomerRecord>,
  filters: readonly CustomerFilter[],
  band: RiskBandName,
): SegmentEntries {
  const ids = (snapshot: Snapshot<CustomerRecord>) => {
    const rows = filterCustomers(
      snapshot.actionable,
      [...filters, bandFilter(band)],
      conversationCatalog(snapshot),
    );
    return rows.array(snapshot.idColumn) as string[];
  };
  const before = new Set(ids(previous));
  const now = ids(current);
  const nowSet = new Set(now);
  const entered = now
    .filter((id) => !before.has(id))
    .map((customerID) => {
      const was = previous.lookup(customerID);
      return {
        customerID,
        probability: current.lookup(customerID)!.probability,
        before: was ? `${pct(was.probability)} (${was.band})` : "not in the previous snapshot",
      };
    })
    .sort((a, b) => b.probability - a.probability || a.customerID.localeCompare(b.customerID));
  let left = 0;
  let churned = 0;
  for (const id of before)
    if (!nowSet.has(id)) {
      left++;
      if (current.lookup(id)?.status === "churned") churned++;
    }
  return { entered, left, churned, now: now.length };
}

/** A segment's mean risk in two snapshots, and whether an alert on it fires. */
export function segmentAlertFires(
  watch: Pick<StoredSegmentWatch, "kind" | "threshold">,
  before: number | null,
  after: number | null,
): boolean {
  if (watch.kind === "follow" || before === null || after === null) return false;
  return thresholdFires({ kind: watch.kind, threshold: watch.threshold ?? 0 }, before, after);
}

/** What a segment follow or alert watches, in words: "customers entering High", "mean risk goes above 40%". */
export function segmentWatchWords(watch: Pick<StoredSegmentWatch, "kind" | "band" | "threshold">): string {
  if (watch.kind === "follow") return `customers entering ${watch.band}`;
  return `mean churn risk ${alertWords({ kind: watch.kind, threshold: watch.threshold ?? 0 })}`;
}

/** One segment follow or alert that fired between two snapshots. */
export interface SegmentChange {
  watch: StoredSegmentWatch;
  /** Entries into the band (a follow). */
  entries?: SegmentEntries;
  /** The segment's mean risk before and now (an alert; a follow shows it too). */
  meanRisk: { before: number | null; after: number | null };
  previousSnapshotId: string;
  /** "your 42 accounts (owner Dana)" when the follow covers one owner's book (access: owners). */
  book?: string;
}

/**
 * The notification of a segment follow or alert as a reply: the segment and what fired, the
 * customers who entered the band (the riskiest few, with their top drivers) and how many left,
 * the mean risk before → now, the simulated-data note when the data is simulated, and buttons to
 * open the customers named. Plain data: Slack, Teams and the outbox render it.
 *
 * @example
 * segmentChangeReply(change, snapshot).title; // "contract=Month-to-month: 3 customers entered High"
 */
export function segmentChangeReply(change: SegmentChange, snapshot: Snapshot<CustomerRecord>): Reply {
  const { watch, entries, meanRisk } = change;
  const catalog = conversationCatalog(snapshot);
  const label = safe(watch.label);
  const mean = (p: number | null) => (p === null ? "no customers" : pct(p));
  const title = entries
    ? `${label}: ${plural(entries.entered.length, "customer")} entered ${watch.band}`
    : `${label}: mean churn risk ${mean(meanRisk.before)} → ${mean(meanRisk.after)}`;
  const reply = emptyReply("alert", title, {
    action: "notify.segment",
    customerID: null,
    outcome: "ok",
    errorCode: null,
    engine: null,
    shown: {
      segment: watch.label,
      kind: watch.kind,
      ...(entries && { entered: entries.entered.length, left: entries.left }),
    },
  });
  const owner = watch.channel === null ? "You follow" : "This channel follows";
  const why =
    watch.kind === "follow"
      ? `${owner} ${label}: ${segmentWatchWords(watch)}`
      : `${watch.channel === null ? "Your" : "This channel's"} segment alert: ${label} ${segmentWatchWords(watch)}`;
  const stop =
    watch.kind === "follow" && watch.filters !== "[]"
      ? `Stop with "unfollow ${label} ${watch.band}"`
      : 'Stop with "unfollow segment <n>" (ask "following" for the number)';
  reply.sections.push({
    title: "Why you are told",
    lines: [why, ...(change.book ? [`Over ${change.book}`] : []), stop],
  });
  if (entries) {
    const shown = entries.entered.slice(0, ENTERED_SHOWN);
    const lines = shown.map((e) => {
      const scored = snapshot.lookup(e.customerID);
      const drivers = scored
        ? driverWords(scored, snapshot, 2).map((d) => `${d.words} (${d.effect} risk)`)
        : [];
      return `${safe(e.customerID)}: ${pct(e.probability)}, was ${e.before}${drivers.length ? ` — ${drivers.join("; ")}` : ""}`;
    });
    if (entries.entered.length > shown.length)
      lines.push(`… and ${plural(entries.entered.length - shown.length, "more customer")}`);
    reply.sections.push({ title: `Entered ${watch.band}`, lines });
    const left =
      entries.left === 0
        ? `None left ${watch.band}.`
        : `${plural(entries.left, "customer")} left ${watch.band}${entries.churned ? ` (${entries.churned} of them churned)` : ""}.`;
    reply.sections.push({ title: "Left", lines: [left] });
    reply.facts.push({ label: `In ${watch.band} now`, value: String(entries.now) });
    reply.actions.push(
      ...shown.slice(0, 3).map((e) => ({
        id: "open-customer" as const,
        label: `Open ${safe(e.customerID)}`,
        value: `tell me about ${e.customerID}`,
      })),
    );
  }
  reply.facts.push(
    { label: "Mean churn risk", value: mean(meanRisk.after) },
    { label: "Previous snapshot", value: mean(meanRisk.before) },
  );
  const filterColumns = segmentFilters(watch.filters)
    .map((f) => catalog.columns.find((c) => c.column === f.column))
    .filter((c) => c !== undefined);
  const simulated = simulatedNote(catalog, filterColumns);
  if (simulated) reply.facts.push({ label: "Data", value: simulated, simulated: true });
  reply.source = { snapshotId: snapshot.manifest.id, modelHash: snapshot.manifest.model.hash };
  reply.text = [
    title,
    ...reply.sections.flatMap((s) =>
      s.title === "Why you are told"
        ? s.lines.map((l) => `- ${l}`)
        : [`${s.title}:`, ...s.lines.map((l) => `- ${l}`)],
    ),
    `Mean churn risk: ${mean(meanRisk.before)} → ${mean(meanRisk.after)}`,
    ...(simulated ? [`Note: ${simulated}.`] : []),
    `Snapshot ${snapshot.manifest.id} (previous ${change.previousSnapshotId})`,
  ].join("\n");
  return reply;
}

function bandFilter(band: RiskBandName): CustomerFilter {
  return { column: "band", op: "in", values: [band] };
}

const safe = (text: string) => displaySafe(text, { singleLine: true }).slice(0, 120);
