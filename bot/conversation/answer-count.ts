import {
  featureDisplayLabel,
  historicalChurnRate,
  predictedChurnRate,
  riskSummary,
  type Snapshot,
} from "../../core/src/index.ts";
import { describeFilter } from "./answer-top-at-risk.ts";
import { conversationCatalog, type ConversationColumn } from "./conversation-catalog.ts";
import type { Intent } from "./intent.ts";
import { MEASURE_QUESTIONS } from "./parse-question.ts";
import { count, money, pct } from "./reply-format.ts";
import { emptyReply, type Reply, type ReplyFact } from "./reply.ts";
import { simulatedNote } from "./simulated-note.ts";
import { tableText } from "./text-layout.ts";
import { filterCustomers } from "./top-at-risk.ts";

const ACTION = "ask.count";
const BANDS = ["High", "Medium", "Low"] as const;

/**
 * A count, total or rate over the customers matching the filters, each number from its one
 * definition in core — never computed here:
 * - customers: customers to act on and their bands (`riskSummary`; churned customers are history,
 *   counted apart and never as at risk);
 * - revenue at risk: Σ monthly revenue × churn probability over them (`riskSummary`), in the
 *   contract's currency;
 * - churn rate: the historical share of labelled customers who churned (`historicalChurnRate`),
 *   beside the predicted one;
 * - mean risk: the mean churn probability of customers to act on (`predictedChurnRate`).
 * The reply says which definition it used, and the filters, in the catalogue's words.
 */
export function answerCount(intent: Extract<Intent, { kind: "count" }>, snapshot: Snapshot): Reply {
  const catalog = conversationCatalog(snapshot);
  const matching = filterCustomers(snapshot.table, intent.filters, catalog);
  // No filter: the snapshot's own summary (computed once per snapshot), the same figures.
  const summary = intent.filters.length === 0 ? snapshot.summary() : riskSummary(matching, snapshot.revenue);
  const where = intent.filters.length
    ? ` (${intent.filters.map((f) => describeFilter(f, catalog)).join(", ")})`
    : "";
  const currency = summary.currency ?? undefined;
  const columns: ConversationColumn[] = intent.filters.flatMap((f) =>
    catalog.columns.filter((c) => c.column === f.column),
  );
  const facts: ReplyFact[] = [];
  const definitions: string[] = [];
  let title: string;
  let sentence: string;
  let matched = summary.customers;
  let table: Reply["table"] = null;

  switch (intent.measure) {
    case "customers": {
      const history = summary.customers === 0 && summary.churned > 0;
      title = history
        ? `${count(summary.churned)} churned customers (history)${where}`
        : `${count(summary.customers)} customers to act on${where}`;
      matched = history ? summary.churned : summary.customers;
      sentence = history
        ? `${title}: they already churned, so none of them is counted as at risk.`
        : `${title}: ${BANDS.map((b) => `${count(summary.bands[b])} ${b.toLowerCase()} risk`).join(", ")}.`;
      facts.push({ label: "Customers to act on", value: count(summary.customers) });
      if (!history) for (const b of BANDS) facts.push({ label: `${b} risk`, value: count(summary.bands[b]) });
      if (summary.churned > 0)
        facts.push({ label: "Already churned (history, not counted)", value: count(summary.churned) });
      if (!history && summary.customers > 0)
        table = {
          columns: ["Risk band", "Customers", "Share"],
          align: ["left", "right", "right"],
          rows: BANDS.map((b) => [b, count(summary.bands[b]), pct(summary.bands[b] / summary.customers)]),
        };
      definitions.push("customers to act on: every customer who has not churned (current and retained)");
      break;
    }
    case "revenue-at-risk": {
      if (summary.revenueAtRisk === null) {
        title = `No revenue at risk${where}: this data set has no revenue column`;
        sentence = `${title}. Ask "${MEASURE_QUESTIONS.customers}" or "top at-risk 10" instead.`;
        break;
      }
      const revenue = revenueLabel(snapshot);
      const total = money(summary.revenueAtRisk, currency);
      title = `Monthly revenue at risk${where}: ${total}`;
      sentence = `${title}, over ${count(summary.customers)} customers to act on.`;
      facts.push(
        { label: "Monthly revenue at risk", value: total },
        { label: "Customers to act on", value: count(summary.customers) },
      );
      if (summary.churned > 0)
        facts.push({ label: "Already churned (history, not counted)", value: count(summary.churned) });
      columns.push(...catalog.columns.filter((c) => c.column === snapshot.revenue.column));
      definitions.push(
        `revenue at risk: Σ ${revenue.toLowerCase()} × churn probability over customers to act on (churned customers left out), per month`,
      );
      break;
    }
    case "churn-rate": {
      const historical = historicalChurnRate(matching);
      const predicted = predictedChurnRate(matching);
      matched = historical.labelled;
      title =
        historical.rate === null
          ? `No historical churn rate${where}: no matching customer has an outcome yet`
          : `Historical churn rate${where}: ${pct(historical.rate)}`;
      sentence =
        historical.rate === null
          ? `${title}.`
          : `${title} (${count(historical.churned)} of ${count(historical.labelled)} customers with a known outcome churned).`;
      if (historical.rate !== null)
        facts.push(
          { label: "Historical churn rate", value: pct(historical.rate) },
          {
            label: "Churned / with a known outcome",
            value: `${count(historical.churned)} / ${count(historical.labelled)}`,
          },
        );
      if (predicted.rate !== null) {
        facts.push({
          label: "Predicted churn rate (customers to act on)",
          value: `${pct(predicted.rate)} of ${count(predicted.customers)}`,
        });
        sentence += ` The model predicts ${pct(predicted.rate)} for the ${count(predicted.customers)} customers to act on.`;
      }
      definitions.push(
        "historical churn rate: of the customers with a known outcome (churned or retained), the share who churned — history, not a prediction",
        "predicted churn rate: the mean churn probability the model gives customers to act on",
      );
      break;
    }
    case "mean-risk": {
      const predicted = predictedChurnRate(matching);
      matched = predicted.customers;
      title =
        predicted.rate === null
          ? `No predicted churn rate${where}: no customer to act on matches`
          : `Predicted churn rate${where}: ${pct(predicted.rate)}`;
      sentence =
        predicted.rate === null
          ? `${title}.`
          : `${title}, the average churn probability of ${count(predicted.customers)} customers to act on.`;
      if (predicted.rate !== null)
        facts.push(
          { label: "Predicted churn rate", value: pct(predicted.rate) },
          { label: "Customers to act on", value: count(predicted.customers) },
        );
      definitions.push(
        "predicted churn rate: the mean churn probability the model gives customers to act on (churned customers left out)",
      );
      break;
    }
  }

  const none = matched === 0 && intent.filters.length > 0;
  const reply = emptyReply("count", title, {
    action: ACTION,
    customerID: null,
    outcome: none ? "not-found" : "ok",
    errorCode: none ? "no-match" : null,
    engine: null,
    shown: {
      measure: intent.measure,
      matched,
      filters: intent.filters.map((f) => f.column).join(",") || null,
    },
  });
  reply.source = { snapshotId: snapshot.manifest.id, modelHash: null };
  const simulated = simulatedNote(catalog, columns);
  if (simulated) facts.push({ label: "Data", value: simulated });
  reply.facts = facts;
  reply.table = table;
  reply.sections = definitions.length ? [{ title: "Definition", lines: definitions }] : [];
  reply.text = [
    none ? `No customers match${where} in snapshot ${snapshot.manifest.id}; try fewer filters.` : sentence,
    ...(simulated ? [`Note: ${simulated}.`] : []),
    ...(table ? [tableText(table, 3)] : []),
    ...definitions.map((d) => `(${d})`),
  ].join("\n");
  return reply;
}

/** The revenue column's label ("Monthly fee"), or "Monthly revenue". */
function revenueLabel(snapshot: Snapshot): string {
  const column = snapshot.revenue.column;
  const feature = column === null ? undefined : snapshot.dataset.features.find((f) => f.column === column);
  return feature?.label ?? (feature ? featureDisplayLabel(feature) : "Monthly revenue");
}
