import type { ExperimentConfig } from "../../core/src/experiments/index.ts";
import { historicalChurnRate, predictedChurnRate, riskSummary, type Snapshot } from "../../core/src/index.ts";
import { answerExperiment } from "./answer-experiment.ts";
import { describeFilter } from "./answer-top-at-risk.ts";
import { conversationCatalog, type ConversationColumn } from "./conversation-catalog.ts";
import type { Intent } from "./intent.ts";
import { count, money, pct } from "./reply-format.ts";
import { emptyReply, type Reply, type ReplyFact } from "./reply.ts";
import { simulatedNote } from "./simulated-note.ts";
import { tableText } from "./text-layout.ts";
import { filterCustomers } from "./top-at-risk.ts";

const ACTION = "ask.compare";

/**
 * Two groups of customers side by side, each figure from its one definition in core: customers to
 * act on and their High share (`riskSummary`), the mean calibrated churn probability
 * (`predictedChurnRate`), monthly revenue at risk (`riskSummary`, in the contract's currency) and
 * the historical churn rate of those with a known outcome (`historicalChurnRate`). Churned
 * customers are history: counted in the churn rate, never as at risk. When both sides are arms of
 * the declared experiment, the experiment's verdict (`answerExperiment`) comes with it.
 *
 * @example
 * answerCompare(parseIntent("students vs analysts"), snapshot, experiments).table?.rows[0];
 * // ["Customers to act on", "412", "377"]
 */
export function answerCompare(
  intent: Extract<Intent, { kind: "compare" }>,
  snapshot: Snapshot,
  experiments: ExperimentConfig,
): Reply {
  const catalog = conversationCatalog(snapshot);
  const names = intent.sides.map((s) => s.filters.map((f) => describeFilter(f, catalog)).join(", "));
  const figures = intent.sides.map((side) => {
    const matching = filterCustomers(snapshot.table, side.filters, catalog);
    return {
      summary: riskSummary(matching, snapshot.revenue),
      predicted: predictedChurnRate(matching),
      historical: historicalChurnRate(matching),
    };
  });
  const currency = snapshot.revenue.currency ?? undefined;
  const both = (f: (x: (typeof figures)[number]) => string) => figures.map(f);
  const high = (x: (typeof figures)[number]) =>
    x.summary.customers === 0
      ? "–"
      : `${pct(x.summary.bands.High / x.summary.customers)} (${count(x.summary.bands.High)})`;
  const rows: string[][] = [
    ["Customers to act on", ...both((x) => count(x.summary.customers))],
    ["High risk", ...both(high)],
    ["Mean churn probability", ...both((x) => (x.predicted.rate === null ? "–" : pct(x.predicted.rate, 1)))],
    ...(snapshot.revenue.column === null
      ? []
      : [["Monthly revenue at risk", ...both((x) => money(x.summary.revenueAtRisk ?? 0, currency))]]),
    [
      "Historical churn rate",
      ...both((x) =>
        x.historical.rate === null ? "–" : `${pct(x.historical.rate, 1)} of ${count(x.historical.labelled)}`,
      ),
    ],
  ];
  const empty = figures.filter((x) => x.summary.customers === 0 && x.historical.labelled === 0).length;
  const title = `${names[0]} vs ${names[1]}`;
  const reply = emptyReply("compare", `Compared: ${title}`, {
    action: ACTION,
    customerID: null,
    outcome: empty > 0 ? "not-found" : "ok",
    errorCode: empty > 0 ? "no-match" : null,
    engine: null,
    shown: {
      sides: names.join(" | "),
      matched: figures.map((x) => x.summary.customers).join(","),
      experiment: intent.experiment,
    },
  });
  reply.source = { snapshotId: snapshot.manifest.id, modelHash: null };
  reply.table = {
    columns: ["", names[0], names[1]],
    align: ["left", "right", "right"],
    rows,
  };
  const columns: ConversationColumn[] = intent.sides.flatMap((s) =>
    s.filters.flatMap((f) => catalog.columns.filter((c) => c.column === f.column)),
  );
  columns.push(...catalog.columns.filter((c) => c.column === snapshot.revenue.column));
  const simulated = simulatedNote(catalog, columns);
  const facts: ReplyFact[] = [];
  const [a, b] = figures;
  if (a.predicted.rate !== null && b.predicted.rate !== null) {
    const points = Math.round((b.predicted.rate - a.predicted.rate) * 1000) / 10;
    facts.push({
      label: "Difference in mean churn probability",
      value: `${points > 0 ? "+" : points < 0 ? "−" : ""}${Math.abs(points).toFixed(1)} points (${names[1]} − ${names[0]})`,
    });
  }
  if (simulated) facts.push({ label: "Data", value: simulated });
  const definitions = [
    "customers to act on: every customer who has not churned; High risk, mean churn probability and revenue at risk are over them",
    ...(snapshot.revenue.column === null
      ? []
      : ["revenue at risk: Σ monthly revenue × calibrated churn probability, per month"]),
    "historical churn rate: of the customers with a known outcome, the share who churned (history, not a prediction)",
  ];
  reply.sections = [{ title: "Definition", lines: definitions }];
  let verdict: Reply | undefined;
  if (intent.experiment !== null) {
    verdict = answerExperiment(intent.experiment, experiments, snapshot);
    if (verdict.kind === "experiment") {
      const line = verdict.sections.find((s) => s.title === "Verdict")?.lines ?? [
        verdict.title.replace(/^Experiment [^:]+: /, ""),
      ];
      reply.sections.unshift({ title: `Experiment ${intent.experiment}`, lines: line });
      reply.charts = verdict.charts;
      facts.push(...verdict.facts.filter((f) => f.label !== "Data"));
    }
  }
  reply.facts = facts;
  reply.text = [
    empty > 0
      ? `${title}: ${empty === 2 ? "no customers match either side" : "one side matches no customers"} in snapshot ${snapshot.manifest.id}.`
      : `${title}, in snapshot ${snapshot.manifest.id}:`,
    tableText(reply.table, 3),
    ...facts.filter((f) => f.label !== "Data").map((f) => `${f.label}: ${f.value}`),
    ...(verdict && verdict.kind === "experiment"
      ? [`Experiment ${intent.experiment}: ${reply.sections[0].lines.join(" ")}`]
      : []),
    ...(simulated ? [`Note: ${simulated}.`] : []),
    ...definitions.map((d) => `(${d})`),
  ].join("\n");
  return reply;
}
