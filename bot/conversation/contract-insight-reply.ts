import {
  displaySafe,
  isSimulatedColumn,
  renderContractInsightText,
  type ContractInsight,
  type DatasetContract,
} from "../../core/src/index.ts";
import type { WaterfallInput } from "../../core/src/charts/index.ts";
import { chartRequest } from "./chart-request.ts";
import { pct } from "./reply-format.ts";
import {
  emptyReply,
  type Reply,
  type ReplyAction,
  type ReplyDriver,
  type ReplyFact,
  type ReplyNudge,
} from "./reply.ts";

/** Most facts on a card (a Slack section holds 10 fields; the TXT summary has every fact). */
export const MAX_CARD_FACTS = 10;

const STATUS: Record<ContractInsight["status"], string> = {
  current: "current customer (no outcome yet)",
  retained: "retained (history: stayed)",
  churned: "churned (history: not someone to act on)",
};

/** What a contract card needs besides the insight: its buttons, nudge words and waterfall. */
export interface ContractCardParts {
  actions: (id: string) => ReplyAction[];
  nudge: (n: NonNullable<ContractInsight["nudge"]>) => ReplyNudge;
  nudgeLine: (n: ReplyNudge) => string;
}

/**
 * The insight card of one customer of any table, in its contract's words: status, churn risk
 * (calibrated probability and band), revenue in the contract's currency, owner and segment values,
 * the top drivers in the contract's phrases, the best what-if among the contract's actions, the
 * generic nudge, and the waterfall (its labels the contract's). Simulated values say
 * "(simulated)" (a wholly simulated table says it once, in a "Data" fact). A churned customer's
 * card says it is history: no what-if, no nudge, no "Regenerate nudge".
 */
export function contractInsightReply(
  insight: ContractInsight,
  contract: DatasetContract,
  waterfall: WaterfallInput,
  parts: ContractCardParts,
): Reply {
  const id = insight.customerID;
  const { risk } = insight;
  const churned = insight.status === "churned";
  const title = churned
    ? `${id}: churned (history; the model's churn risk was ${pct(risk.probability)})`
    : `${id}: ${risk.band} churn risk (${pct(risk.probability)})`;
  const nudge = insight.nudge ? parts.nudge(insight.nudge) : null;
  const reply = emptyReply("insight", title, {
    action: "ask.customer",
    customerID: id,
    outcome: "ok",
    errorCode: null,
    engine: insight.nudge?.engine ?? null,
    shown: {
      band: risk.band,
      probability: round3(risk.probability),
      status: insight.status,
      nudge: insight.nudge?.actionId ?? null,
      channel: insight.nudge?.channel ?? null,
      fallback: insight.nudge?.fallbackReason ?? null,
      chart: "shap-waterfall",
    },
  });
  reply.facts = cardFacts(insight, contract);
  reply.sections = [{ title: "Why", lines: [safe(insight.explanation.sentence)] }];
  if (churned && insight.noNudgeReason)
    reply.sections.push({ title: "History", lines: [safe(insight.noNudgeReason)] });
  reply.drivers = insight.explanation.drivers.map((d) =>
    contractDriver(contract, insight.dataset.simulated, d),
  );
  const best = churned ? undefined : insight.explanation.whatIf[0];
  reply.whatIf = best ? { action: safe(best.action), before: best.before, after: best.after } : null;
  reply.nudge = nudge;
  reply.charts = [chartRequest({ chart: "shap-waterfall", input: waterfall }, `shap-waterfall-${id}`)];
  reply.actions = parts.actions(id).filter((a) => !(churned && a.id === "regenerate-nudge"));
  reply.source = { snapshotId: insight.snapshot.id, modelHash: insight.model.hash };
  reply.text = [
    reply.title,
    safe(insight.explanation.sentence),
    ...reply.facts.map((f) => `${f.label}: ${f.value}`),
    "Drivers:",
    ...reply.drivers.map(
      (d) => `  ${d.effect === "raises" ? "+" : "-"} ${d.words} (${d.effect} risk; ${d.label})`,
    ),
    ...(churned
      ? [`Nudge: none: ${safe(insight.noNudgeReason ?? "this customer already churned")}`]
      : [
          reply.whatIf
            ? `Best action: ${reply.whatIf.action} (${pct(reply.whatIf.before)} → ${pct(reply.whatIf.after)})`
            : "Best action: none of the actions in the data set's contract would lower the risk",
          nudge ? parts.nudgeLine(nudge) : "Nudge: none",
        ]),
    `(snapshot ${insight.snapshot.id}, model ${insight.model.name})`,
  ].join("\n");
  return reply;
}

/** The TXT summary of a contract customer as a file (core's `renderContractInsightText`). */
export function contractSummaryReply(insight: ContractInsight, actions: ReplyAction[]): Reply {
  const id = insight.customerID;
  const name = `${id}-summary.txt`;
  const headline =
    insight.status === "churned"
      ? `Summary of ${id}: churned (history)`
      : `Summary of ${id}: ${insight.risk.band} churn risk (${pct(insight.risk.probability)})`;
  const reply = emptyReply("summary", headline, {
    action: "ask.summary",
    customerID: id,
    outcome: "ok",
    errorCode: null,
    engine: insight.nudge?.engine ?? null,
    shown: {
      format: "txt",
      band: insight.risk.band,
      probability: round3(insight.risk.probability),
      status: insight.status,
      nudge: insight.nudge?.actionId ?? null,
    },
  });
  reply.files = [{ name, mime: "text/plain", content: renderContractInsightText(insight) }];
  reply.text = `${reply.title}. The full summary is attached as ${name}.`;
  reply.actions = actions.filter(
    (a) => a.id !== "summary" && !(insight.status === "churned" && a.id === "regenerate-nudge"),
  );
  reply.source = { snapshotId: insight.snapshot.id, modelHash: insight.model.hash };
  return reply;
}

/** The generic nudge decided again, with its reasons; for a churned customer, why there is none. */
export function contractNudgeReply(
  insight: ContractInsight,
  actions: ReplyAction[],
  parts: Pick<ContractCardParts, "nudge" | "nudgeLine">,
): Reply {
  const id = insight.customerID;
  const source = { snapshotId: insight.snapshot.id, modelHash: insight.model.hash };
  if (!insight.nudge) {
    const reply = emptyReply("nudge", `No nudge for ${id}: ${STATUS[insight.status]}`, {
      action: "ask.nudge",
      customerID: id,
      outcome: "ok",
      errorCode: null,
      engine: null,
      shown: { band: insight.risk.band, status: insight.status, nudge: null },
    });
    reply.sections = [{ title: "Why no nudge", lines: [safe(insight.noNudgeReason ?? "none")] }];
    reply.text = [reply.title, ...reply.sections[0].lines].join("\n");
    reply.actions = actions.filter((a) => a.id !== "regenerate-nudge");
    reply.source = source;
    return reply;
  }
  const n = parts.nudge(insight.nudge);
  const reply = emptyReply("nudge", `Nudge for ${id}: ${n.title}`, {
    action: "ask.nudge",
    customerID: id,
    outcome: "ok",
    errorCode: null,
    engine: n.engine,
    shown: { band: insight.risk.band, nudge: n.actionId, channel: n.channel, fallback: n.fallbackReason },
  });
  reply.nudge = n;
  reply.sections = [{ title: "Why this nudge", lines: insight.nudge.reasons.map((r) => safe(r.text)) }];
  reply.text = [
    reply.title,
    parts.nudgeLine(n),
    "Why:",
    ...reply.sections[0].lines.map((l) => `  - ${l}`),
  ].join("\n");
  reply.actions = actions.filter((a) => a.id !== "regenerate-nudge");
  reply.source = source;
  return reply;
}

/**
 * The card's facts: status and churn risk, "Data" when the whole table is simulated, then revenue
 * and owner, then the contract's segment columns — at most `MAX_CARD_FACTS` (the TXT summary has
 * every one). A simulated value of a measured table says "(simulated)".
 */
export function cardFacts(insight: ContractInsight, contract: DatasetContract): ReplyFact[] {
  const { risk } = insight;
  const facts: ReplyFact[] = [
    { label: "Churn risk", value: `${pct(risk.probability)} (${risk.band})` },
    { label: "Status", value: STATUS[insight.status] },
  ];
  if (insight.dataset.simulated)
    facts.push({
      label: "Data",
      value: "simulated: every value here comes from the simulator, not a real customer",
      simulated: true,
    });
  const segments = new Set(contract.segments ?? []);
  const shown = [
    ...insight.facts.filter((f) => f.role !== "feature"),
    ...insight.facts.filter((f) => f.role === "feature" && segments.has(f.column)),
  ];
  for (const f of shown) {
    if (facts.length >= MAX_CARD_FACTS) break;
    const marked = f.simulated && !insight.dataset.simulated;
    facts.push({
      label: safe(f.label),
      value: `${safe(f.text)}${marked ? " (simulated)" : ""}`,
      ...(f.simulated && { simulated: true }),
    });
  }
  return facts;
}

/** A driver in the contract's words, "(simulated)" when its column is (in a measured table). */
export function contractDriver(
  contract: DatasetContract,
  wholeTableSimulated: boolean,
  d: { source: string; label: string; words: string; value: number },
): ReplyDriver {
  const mark = !wholeTableSimulated && isSimulatedColumn(contract, d.source) ? " (simulated)" : "";
  return {
    label: `${safe(d.label)}${mark}`,
    words: `${safe(d.words)}${mark}`,
    effect: d.value >= 0 ? "raises" : "lowers",
    value: d.value,
  };
}

const safe = (text: string) => displaySafe(text, { singleLine: true });
const round3 = (p: number) => Math.round(p * 1000) / 1000;
