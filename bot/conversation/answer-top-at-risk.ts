import { riskBins } from "../../core/src/charts/index.ts";
import { featureDisplayLabel, type Snapshot } from "../../core/src/index.ts";
import { chartRequest } from "./chart-request.ts";
import {
  conversationCatalog,
  type ConversationCatalog,
  type ConversationColumn,
} from "./conversation-catalog.ts";
import type { CustomerFilter, Intent } from "./intent.ts";
import { count, money, pct, plural } from "./reply-format.ts";
import { emptyReply, type Reply, type ReplyFact } from "./reply.ts";
import { simulatedNote } from "./simulated-note.ts";
import { snapshotMemo } from "./snapshot-memo.ts";
import { tableText } from "./text-layout.ts";
import { topAtRisk } from "./top-at-risk.ts";

const ACTION = "ask.top-at-risk";
/** Segment columns a list shows beside the risk: the contract's first ones. */
const SHOWN_SEGMENTS = 2;

/**
 * The ranked at-risk list over customers to act on (churned customers are history: listed only
 * when a `status` filter asks for them, and then titled as history): the top customers by monthly
 * revenue at risk (or by probability, always when the data has no revenue), with the count and
 * revenue at risk of all matching customers as `riskSummary` defines them, in the contract's
 * currency, the contract's first segment columns beside each customer, and the churn-risk
 * distribution of the matching customers as a chart.
 */
export function answerTopAtRisk(
  intent: Extract<Intent, { kind: "top-at-risk" }>,
  snapshot: Snapshot,
  /** Customers to leave out (snoozed: write-back-list.ts); the reply says how many were. */
  skip?: ReadonlySet<string>,
): Reply {
  const catalog = conversationCatalog(snapshot);
  const shown = catalog.segments.slice(0, SHOWN_SEGMENTS);
  const { ranked, matching, matched, summary, rankBy, history, skipped } = topAtRisk(
    snapshot,
    intent.filters,
    {
      ...intent,
      catalog,
      shown,
      skip,
    },
  );
  const currency = summary.currency ?? undefined;
  const where = intent.filters.length
    ? ` (${intent.filters.map((f) => describeFilter(f, catalog)).join(", ")})`
    : "";
  const by = rankBy === "revenue" ? "revenue at risk" : "churn probability";
  const who = history ? "customers (history)" : "at-risk customers";
  const title =
    matched === 0
      ? `No ${history ? "customers in the history" : "customers to act on"} match${where}`
      : history
        ? `${historyName(intent.filters)} (history), top ${ranked.length} by ${by}${where}`
        : `Top ${ranked.length} ${who} by ${by}${where}`;
  const reply = emptyReply("top-at-risk", title, {
    action: ACTION,
    customerID: null,
    outcome: matched === 0 ? "not-found" : "ok",
    errorCode: matched === 0 ? "no-match" : null,
    engine: null,
    shown: {
      listed: ranked.length,
      matched,
      rankBy,
      filters: intent.filters.map((f) => f.column).join(",") || null,
      history,
    },
  });
  reply.source = { snapshotId: snapshot.manifest.id, modelHash: null };
  // Every column the reply shows or filters by, the revenue column included.
  const columns: ConversationColumn[] = [
    ...shown,
    ...catalog.columns.filter((c) => c.column === snapshot.revenue.column),
    ...intent.filters.flatMap((f) => catalog.columns.filter((c) => c.column === f.column)),
  ];
  const simulated = simulatedNote(catalog, columns);
  if (matched === 0) {
    reply.text = `${title} in snapshot ${snapshot.manifest.id}. Try fewer filters, e.g. "top at-risk 10".`;
    return reply;
  }
  reply.ranked = ranked;
  const revenueLabel = revenueColumnLabel(snapshot);
  const rankWords =
    rankBy === "revenue"
      ? `revenue at risk (${revenueLabel.toLowerCase()} × churn probability)`
      : snapshot.revenue.column === null
        ? "churn probability (this data set has no revenue column)"
        : by;
  const facts: ReplyFact[] = [
    { label: history ? "Matching customers (history)" : "Matching customers", value: count(matched) },
  ];
  if (!history && summary.revenueAtRisk !== null)
    facts.push({
      label: "Monthly revenue at risk (all matching)",
      value: money(summary.revenueAtRisk, currency),
    });
  facts.push({ label: "Ranked by", value: rankWords });
  if (history)
    facts.push({
      label: "History",
      value: "these customers already have an outcome; none is on a call list",
    });
  if (simulated) facts.push({ label: "Data", value: simulated });
  reply.facts = facts;
  const notes = [...intent.notes];
  if (skipped)
    notes.push(
      `${plural(skipped, "snoozed customer")} left out of this list ("history <id>" says until when)`,
    );
  if (skipped !== undefined) reply.audit.shown.snoozed = skipped;
  if (rankBy !== intent.rankBy)
    notes.push("ranked by churn probability: this data set has no revenue column");
  reply.sections = notes.length ? [{ title: "Note", lines: notes }] : [];
  const money$ = snapshot.revenue.column !== null;
  reply.table = {
    columns: [
      "#",
      "Customer",
      "Churn risk",
      "Band",
      ...(money$ ? [revenueLabel, ...(history ? [] : ["At risk/month"])] : []),
      ...shown.map((c) => c.label),
    ],
    align: [
      "right",
      "left",
      "right",
      "left",
      ...(money$ ? (history ? ["right" as const] : ["right" as const, "right" as const]) : []),
      ...shown.map(() => "left" as const),
    ],
    rows: ranked.map((r) => [
      String(r.rank),
      r.customerID,
      pct(r.probability),
      r.band,
      ...(money$
        ? [
            r.monthlyRevenue === null ? "–" : money(r.monthlyRevenue, currency),
            ...(history ? [] : [money(r.revenueAtRisk ?? 0, currency)]),
          ]
        : []),
      ...r.segments.map((s) => s.value),
    ]),
  };
  const bins =
    intent.filters.length === 0
      ? snapshotMemo(snapshot.table, "risk-bins:actionable", () => riskBins(snapshot.actionable))
      : riskBins(matching);
  reply.charts = [chartRequest({ chart: "risk-distribution", input: bins }, "risk-distribution")];
  reply.actions = ranked.slice(0, 5).map((r) => ({
    id: "open-customer" as const,
    label: r.customerID,
    value: `tell me about ${r.customerID}`,
  }));
  const total =
    history || summary.revenueAtRisk === null
      ? ""
      : `, ${money(summary.revenueAtRisk, currency)} a month at risk in all`;
  reply.text = [
    `${title}: ${count(matched)} ${history ? "customers" : "customers to act on"} match${total}.`,
    ...(simulated ? [`Note: ${simulated}.`] : []),
    ...notes.map((n) => `(${n})`),
    // Long segment values and labels: the text keeps the risk and money columns, then what fits.
    tableText(reply.table, 4),
    `Ask "tell me about ${ranked[0].customerID}" for one customer's card.`,
  ].join("\n");
  return reply;
}

/** "Churned customers", "Retained customers", "Churned and retained customers". */
function historyName(filters: readonly CustomerFilter[]): string {
  const f = filters.find((x) => x.column === "status");
  const values = f && "values" in f && f.op === "in" ? f.values.map(String) : ["churned", "retained"];
  const words = ["churned", "retained"].filter((s) => values.includes(s));
  const name = words.join(" and ") || "history";
  return `${name[0].toUpperCase()}${name.slice(1)} customers`;
}

/** The revenue column's label ("Monthly fee"), or "Monthly revenue". */
function revenueColumnLabel(snapshot: Snapshot): string {
  const column = snapshot.revenue.column;
  const feature = column === null ? undefined : snapshot.dataset.features.find((f) => f.column === column);
  return feature?.label ?? (feature ? featureDisplayLabel(feature) : "Monthly revenue");
}

/** "international plan=Yes", "state=CA|NY", "customer service calls>3", in the catalogue's words. */
export function describeFilter(f: CustomerFilter, catalog: ConversationCatalog): string {
  const column = catalog.columns.find((c) => c.column === f.column);
  const name = column?.name ?? f.column;
  if ("values" in f) {
    const values = f.values.map((v) => (column ? catalog.display(column, v) : String(v)));
    return `${name}${f.op === "in" ? "=" : "!="}${values.join("|")}`;
  }
  const value =
    column?.kind === "date" ? new Date(f.value * 86_400_000).toISOString().slice(0, 10) : String(f.value);
  return `${name}${f.op}${value}`;
}
