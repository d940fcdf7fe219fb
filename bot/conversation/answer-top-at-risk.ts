import { formatTable, riskBins } from "../../core/src/charts/index.ts";
import type { Snapshot } from "../../core/src/index.ts";
import { chartRequest } from "./chart-request.ts";
import { CONVERSATION_COLUMNS } from "./conversation-columns.ts";
import type { CustomerFilter, Intent } from "./intent.ts";
import { count, money, pct } from "./reply-format.ts";
import { emptyReply, type Reply } from "./reply.ts";
import { snapshotMemo } from "./snapshot-memo.ts";
import { topAtRisk } from "./top-at-risk.ts";

const ACTION = "ask.top-at-risk";

/**
 * The ranked at-risk list: the top customers (by monthly revenue at risk, or by probability)
 * among those matching the filters, with the revenue at risk of each and of all matching, and the
 * churn-risk distribution of the matching customers as a chart.
 */
export function answerTopAtRisk(intent: Extract<Intent, { kind: "top-at-risk" }>, snapshot: Snapshot): Reply {
  const { ranked, matching, matched, revenueAtRisk } = topAtRisk(snapshot.table, intent.filters, intent);
  const where = intent.filters.length ? ` (${intent.filters.map(describeFilter).join(", ")})` : "";
  const by = intent.rankBy === "revenue" ? "revenue at risk" : "churn probability";
  const title =
    matched === 0 ? `No customers match${where}` : `Top ${ranked.length} at-risk customers by ${by}${where}`;
  const reply = emptyReply("top-at-risk", title, {
    action: ACTION,
    customerID: null,
    outcome: matched === 0 ? "not-found" : "ok",
    errorCode: matched === 0 ? "no-match" : null,
    engine: null,
    shown: {
      listed: ranked.length,
      matched,
      rankBy: intent.rankBy,
      filters: intent.filters.map((f) => f.column).join(",") || null,
    },
  });
  reply.source = { snapshotId: snapshot.manifest.id, modelHash: null };
  if (matched === 0) {
    reply.text = `${title} in snapshot ${snapshot.manifest.id}. Try fewer filters, e.g. "top at-risk 10".`;
    return reply;
  }
  reply.ranked = ranked;
  reply.facts = [
    { label: "Matching customers", value: count(matched) },
    { label: "Monthly revenue at risk (all matching)", value: money(revenueAtRisk) },
    {
      label: "Ranked by",
      value: intent.rankBy === "revenue" ? "revenue at risk (monthly charges × churn probability)" : by,
    },
  ];
  reply.sections = intent.notes.length ? [{ title: "Note", lines: intent.notes }] : [];
  reply.table = {
    columns: ["#", "Customer", "Churn risk", "Band", "Monthly", "At risk/month", "Contract", "Persona"],
    align: ["right", "left", "right", "left", "right", "right", "left", "left"],
    rows: ranked.map((r) => [
      String(r.rank),
      r.customerID,
      pct(r.probability),
      r.band,
      money(r.monthlyCharges),
      money(r.revenueAtRisk),
      r.contract,
      r.persona,
    ]),
  };
  const bins =
    intent.filters.length === 0
      ? snapshotMemo(snapshot.table, "risk-bins", () => riskBins(snapshot.table))
      : riskBins(matching);
  reply.charts = [chartRequest({ chart: "risk-distribution", input: bins }, "risk-distribution")];
  reply.actions = ranked.slice(0, 5).map((r) => ({
    id: "open-customer" as const,
    label: r.customerID,
    value: `tell me about ${r.customerID}`,
  }));
  reply.text = [
    `${title}: ${count(matched)} customers match, ${money(revenueAtRisk)} a month at risk in all.`,
    ...intent.notes.map((n) => `(${n})`),
    formatTable("", reply.table).replace(/^\n/, ""),
    `Ask "tell me about ${ranked[0].customerID}" for one customer's card.`,
  ].join("\n");
  return reply;
}

const NAMES = new Map(CONVERSATION_COLUMNS.map((c) => [c.column, c.name]));

/** "contract=Month-to-month", "persona=Student|Writer", "tenure<12". */
export function describeFilter(f: CustomerFilter): string {
  const name = NAMES.get(f.column) ?? f.column;
  if ("values" in f) return `${name}${f.op === "in" ? "=" : "!="}${f.values.join("|")}`;
  return `${name}${f.op}${f.value}`;
}
