import { formatTable } from "../../core/src/charts/index.ts";
import type { Snapshot } from "../../core/src/index.ts";
import { chartRequest } from "./chart-request.ts";
import { CONVERSATION_COLUMNS } from "./conversation-columns.ts";
import { errorReply } from "./error-reply.ts";
import { count, money, pct } from "./reply-format.ts";
import { emptyReply, type Reply } from "./reply.ts";
import { segmentChart } from "./segment-chart.ts";

/**
 * Churn by segment: customers, share, average churn risk and high-risk customers per value of a
 * column (and monthly revenue at risk for categories), with the segment chart.
 */
export function answerSegment(column: string, snapshot: Snapshot): Reply {
  const info = CONVERSATION_COLUMNS.find((c) => c.column === column);
  if (!info)
    return errorReply("ask.segment", "unknown-column", `unknown segment column: ${column}`, "invalid");
  const { input, bars, revenueAtRisk } = segmentChart(snapshot, info);
  const chart = chartRequest(input, input.chart === "segment-bars" ? input.input.wording.name : input.chart);
  const total = bars.reduce((s, b) => s + b.customers, 0);
  const reply = emptyReply("segment", chart.title, {
    action: "ask.segment",
    customerID: null,
    outcome: "ok",
    errorCode: null,
    engine: null,
    shown: { column, segments: bars.length, chart: input.chart },
  });
  reply.table = {
    columns: [
      input.chart === "segment-bars" ? input.input.wording.segmentHeader : capitalised(info.label),
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
      ...(revenueAtRisk ? [money(revenueAtRisk[i])] : []),
    ]),
  };
  // The riskiest segment holding at least 5% of customers: a handful of customers is not a finding.
  const filled = bars.filter((b) => b.customers > 0);
  const sizeable = filled.filter((b) => b.customers >= total * 0.05);
  const top = (sizeable.length ? sizeable : filled).reduce<(typeof bars)[number] | undefined>(
    (a, b) => (!a || b.meanProbability > a.meanProbability ? b : a),
    undefined,
  );
  reply.facts = [
    { label: "Customers", value: count(total) },
    ...(top
      ? [{ label: "Highest average churn risk", value: `${top.segment} (${pct(top.meanProbability)})` }]
      : []),
  ];
  reply.charts = [chart];
  reply.source = { snapshotId: snapshot.manifest.id, modelHash: null };
  reply.text = [
    `${chart.title}: ${count(total)} customers${top ? `; highest average churn risk: ${top.segment} (${pct(top.meanProbability)}, ${count(top.highRisk)} of ${count(top.customers)} at high risk)` : ""}.`,
    formatTable("", reply.table).replace(/^\n/, ""),
  ].join("\n");
  return reply;
}

const capitalised = (s: string) => s[0].toUpperCase() + s.slice(1);
