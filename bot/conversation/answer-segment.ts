import type { SegmentBar } from "../../core/src/charts/index.ts";
import type { Snapshot } from "../../core/src/index.ts";
import { chartRequest } from "./chart-request.ts";
import { conversationCatalog } from "./conversation-catalog.ts";
import { errorReply } from "./error-reply.ts";
import { filterColumnNames } from "./parse-filters.ts";
import { count, money, pct } from "./reply-format.ts";
import { emptyReply, type Reply, type ReplyFact } from "./reply.ts";
import { segmentChart } from "./segment-chart.ts";
import { simulatedNote } from "./simulated-note.ts";
import { tableText } from "./text-layout.ts";

/**
 * Churn by segment over the customers to act on (by `status`: every customer, history included):
 * customers, share, average churn risk, high-risk customers and monthly revenue at risk (in the
 * contract's currency) per value of any column of the snapshot's catalogue — the contract's
 * segments, any feature (numbers in buckets), the band — with the segment chart.
 */
export function answerSegment(column: string, snapshot: Snapshot): Reply {
  const catalog = conversationCatalog(snapshot);
  const info = catalog.columns.find((c) => c.column === column) ?? catalog.column(column);
  if (!info)
    return errorReply(
      "ask.segment",
      "unknown-column",
      `unknown segment column: ${column} (columns: ${filterColumnNames(catalog, 10)})`,
      "invalid",
    );
  const { input, bars, revenueAtRisk, label } = segmentChart(snapshot, info);
  const chart = chartRequest(input, input.chart === "segment-bars" ? input.input.wording.name : input.chart);
  const total = bars.reduce((s, b) => s + b.customers, 0);
  const history = info.column === "status";
  const currency = snapshot.revenue.currency ?? undefined;
  const reply = emptyReply("segment", chart.title, {
    action: "ask.segment",
    customerID: null,
    outcome: "ok",
    errorCode: null,
    engine: null,
    shown: { column: info.column, segments: bars.length, chart: input.chart },
  });
  // Many categories: the largest segments, and the rest as one row (a card holds a few dozen rows).
  const rows = tableRows(bars, revenueAtRisk);
  reply.table = {
    columns: [
      label,
      "Customers",
      "Share",
      "Avg churn risk",
      "High risk",
      ...(revenueAtRisk ? ["At risk/month"] : []),
    ],
    align: ["left", "right", "right", "right", "right", ...(revenueAtRisk ? (["right"] as const) : [])],
    rows: rows.map(({ bar: b, revenue }) => [
      b.segment,
      count(b.customers),
      total ? pct(b.customers / total) : "–",
      pct(b.meanProbability),
      count(b.highRisk),
      ...(revenue === null ? [] : [money(revenue, currency)]),
    ]),
  };
  // The riskiest segment holding at least 5% of customers: a handful of customers is not a finding.
  const filled = bars.filter((b) => b.customers > 0);
  const sizeable = filled.filter((b) => b.customers >= total * 0.05);
  const top = (sizeable.length ? sizeable : filled).reduce<(typeof bars)[number] | undefined>(
    (a, b) => (!a || b.meanProbability > a.meanProbability ? b : a),
    undefined,
  );
  const simulated = simulatedNote(catalog, [
    info,
    ...(revenueAtRisk ? catalog.columns.filter((c) => c.column === snapshot.revenue.column) : []),
  ]);
  const who = history ? "customers (history included)" : "customers to act on";
  const facts: ReplyFact[] = [
    { label: history ? "Customers (history included)" : "Customers to act on", value: count(total) },
  ];
  if (top)
    facts.push({
      label: "Highest average churn risk",
      value: `${top.segment} (${pct(top.meanProbability)})`,
    });
  if (revenueAtRisk && !history)
    facts.push({
      label: "Monthly revenue at risk",
      value: money(
        revenueAtRisk.reduce((s, r) => s + r, 0),
        currency,
      ),
    });
  if (simulated) facts.push({ label: "Data", value: simulated });
  reply.facts = facts;
  reply.charts = [chart];
  reply.source = { snapshotId: snapshot.manifest.id, modelHash: null };
  if (rows.length < bars.length)
    facts.push({
      label: "Shown",
      value: `the ${rows.length - 1} largest of ${bars.length} segments; the rest as one row`,
    });
  reply.text = [
    `${chart.title}: ${count(total)} ${who}${top ? `; highest average churn risk: ${top.segment} (${pct(top.meanProbability)}, ${count(top.highRisk)} of ${count(top.customers)} at high risk)` : ""}.`,
    ...(simulated ? [`Note: ${simulated}.`] : []),
    tableText(reply.table, 5),
  ].join("\n");
  return reply;
}

/** Most rows a segment table shows; more segments fold into one last row. */
export const MAX_SEGMENT_ROWS = 12;

/** The bars to tabulate (in bar order): all of them, or the largest and "Other segments (n)". */
function tableRows(
  bars: readonly SegmentBar[],
  revenueAtRisk: number[] | null,
): { bar: SegmentBar; revenue: number | null }[] {
  const all = bars.map((bar, i) => ({ bar, revenue: revenueAtRisk ? revenueAtRisk[i] : null }));
  if (all.length <= MAX_SEGMENT_ROWS) return all;
  const keep = new Set(
    [...all]
      .sort((a, b) => b.bar.customers - a.bar.customers)
      .slice(0, MAX_SEGMENT_ROWS - 1)
      .map((r) => r.bar),
  );
  const rest = all.filter((r) => !keep.has(r.bar));
  const customers = rest.reduce((s, r) => s + r.bar.customers, 0);
  const other: SegmentBar = {
    segment: `Other segments (${rest.length})`,
    customers,
    meanProbability: customers
      ? rest.reduce((s, r) => s + (r.bar.customers ? r.bar.customers * r.bar.meanProbability : 0), 0) /
        customers
      : NaN,
    highRisk: rest.reduce((s, r) => s + r.bar.highRisk, 0),
  };
  return [
    ...all.filter((r) => keep.has(r.bar)),
    { bar: other, revenue: revenueAtRisk ? rest.reduce((s, r) => s + (r.revenue ?? 0), 0) : null },
  ];
}
