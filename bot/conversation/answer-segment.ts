import { formatTable } from "../../core/src/charts/index.ts";
import type { Snapshot } from "../../core/src/index.ts";
import { chartRequest } from "./chart-request.ts";
import { conversationCatalog } from "./conversation-catalog.ts";
import { errorReply } from "./error-reply.ts";
import { filterColumnNames } from "./parse-filters.ts";
import { count, money, pct } from "./reply-format.ts";
import { emptyReply, type Reply, type ReplyFact } from "./reply.ts";
import { segmentChart } from "./segment-chart.ts";
import { simulatedNote } from "./simulated-note.ts";

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
    rows: bars.map((b, i) => [
      b.segment,
      count(b.customers),
      total ? pct(b.customers / total) : "–",
      pct(b.meanProbability),
      count(b.highRisk),
      ...(revenueAtRisk ? [money(revenueAtRisk[i], currency)] : []),
    ]),
  };
  // The riskiest segment holding at least 5% of customers: a handful of customers is not a finding.
  const filled = bars.filter((b) => b.customers > 0);
  const sizeable = filled.filter((b) => b.customers >= total * 0.05);
  const top = (sizeable.length ? sizeable : filled).reduce<(typeof bars)[number] | undefined>(
    (a, b) => (!a || b.meanProbability > a.meanProbability ? b : a),
    undefined,
  );
  const simulated = simulatedNote(catalog, [info]);
  const who = history ? "customers (history included)" : "customers to act on";
  const facts: ReplyFact[] = [
    { label: history ? "Customers (history included)" : "Customers to act on", value: count(total) },
  ];
  if (top) facts.push({ label: "Highest average churn risk", value: `${top.segment} (${pct(top.meanProbability)})` });
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
  reply.text = [
    `${chart.title}: ${count(total)} ${who}${top ? `; highest average churn risk: ${top.segment} (${pct(top.meanProbability)}, ${count(top.highRisk)} of ${count(top.customers)} at high risk)` : ""}.`,
    ...(simulated ? [`Note: ${simulated}.`] : []),
    formatTable("", reply.table).replace(/^\n/, ""),
  ].join("\n");
  return reply;
}
