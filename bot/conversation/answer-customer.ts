import {
  buildContractInsight,
  buildCustomerInsight,
  displaySafe,
  explainCustomer,
  isSimulatedColumn,
  renderInsightText,
  valueWords,
  type ChurnModel,
  type ContractInsight,
  type ContractRow,
  type CustomerInsight,
  type DatasetContract,
  type Snapshot,
} from "../../core/src/index.ts";
import { waterfallInput, type WaterfallInput } from "../../core/src/charts/index.ts";
import { InsightError, usesCustomerInsight } from "../../core/src/report/index.ts";
import {
  contractNudgeKey,
  createContractRuleNudgeEngine,
  isNoOtherNudge,
  type Nudge,
} from "../../core/src/nudges/index.ts";
import type { CustomerRecord } from "../../core/src/snapshot/index.ts";
import {
  contractDriver,
  contractInsightReply,
  contractNudgeReply,
  contractSummaryReply,
} from "./contract-insight-reply.ts";
import { chartRequest } from "./chart-request.ts";
import type { Asker, ConversationServices } from "./conversation-services.ts";
import { recordServedNudge } from "./record-served-nudge.ts";
import {
  noOtherNudgeReply,
  regenerateAction,
  regeneratingContractEngine,
  regeneratingEngine,
} from "./regenerate-nudge.ts";
import { errorReply } from "./error-reply.ts";
import { money, pct, plural } from "./reply-format.ts";
import {
  emptyReply,
  type Reply,
  type ReplyAction,
  type ReplyDriver,
  type ReplyFact,
  type ReplyNudge,
} from "./reply.ts";
import { resolveCustomer } from "./resolve-customer.ts";

type CustomerAsk = "customer" | "drivers" | "nudge" | "summary";

const CHANNELS: Record<Nudge["channel"], string> = {
  "in-app": "in-app message",
  email: "e-mail",
  "csm-call": "CSM call",
};

/** The generic rule engine, for a contract table when the caller passed no contract engine. */
const CONTRACT_RULES = createContractRuleNudgeEngine();

/**
 * Answers a question about one customer from the snapshot and the model that scored it:
 * - `customer`: the insight card — risk, band, engagement, plan, persona, variant, drivers in
 *   words, the best what-if action, the nudge and its engine — with the SHAP waterfall chart and
 *   the Why? / Download summary / Regenerate nudge buttons;
 * - `drivers`: every driver of the score; `nudge`: the nudge decided again; `summary`: the TXT
 *   summary as a file.
 * A model trained under a dataset contract other than the demo's (see `usesCustomerInsight`)
 * answers from the `ContractInsight`, in the contract's own labels, phrases, currency and
 * actions, simulated values marked; a churned customer is shown as history, with no nudge.
 */
export async function answerCustomer(
  kind: CustomerAsk,
  asked: string,
  services: ConversationServices,
  /** Who asked (the exposure's surface), and for `nudge` the actions already shown (Regenerate). */
  served: { asker?: Asker; except?: string[] } = {},
): Promise<Reply> {
  const action = `ask.${kind}`;
  const snapshot = services.snapshot();
  if (!snapshot) return noSnapshot(action);
  const found = resolveCustomer(snapshot, asked, action);
  if ("reply" in found) return found.reply;
  const model = services.model();
  if (!model) return errorReply(action, "no-model", "the model is not loaded yet: try again in a minute");
  const id = found.customerID;
  const contract = usesCustomerInsight(model.contract) ? undefined : model.contract;
  if (kind === "drivers") return driversReply(snapshot, model, id, found.scored.customer, contract);
  if (contract) return answerContractCustomer(kind, id, snapshot, model, contract, services, served);

  let insight: CustomerInsight;
  const regen = kind === "nudge" ? regeneratingEngine(services.nudges, served.except) : undefined;
  try {
    insight = await buildCustomerInsight({
      model,
      snapshot,
      customerID: id,
      nudges: regen?.engine ?? services.nudges,
      clock: services.clock,
      experimentKey: services.nudgeExperimentKey,
      trigger: "on-demand",
    });
  } catch (err) {
    if (err instanceof InsightError) {
      const hint =
        err.code === "model-mismatch" ? " (run `npm start` to rebuild the model and snapshot)" : "";
      return errorReply(action, err.code, `${err.message}${hint}`, "error", id);
    }
    if (isNoOtherNudge(err))
      return noOtherNudgeReply(id, err, customerActions(id), {
        snapshotId: snapshot.manifest.id,
        modelHash: model.hash,
      });
    throw err;
  }
  const status = found.scored.status;
  recordServedNudge(
    services,
    { customerID: id, nudge: insight.nudge, snapshotId: snapshot.manifest.id, status },
    served.asker,
  );
  if (kind === "summary") return summaryReply(insight);
  if (kind === "nudge") {
    const reply = nudgeReply(insight);
    reply.actions.push(regenerateAction(id, [...regen!.shown(), insight.nudge.actionId]));
    return reply;
  }
  // The waterfall from the full explanation, as `engagetrack chart shap-waterfall` draws it.
  return insightReply(insight, waterfallInput(await explainCustomer(model, found.scored.customer)));
}

async function answerContractCustomer(
  kind: Exclude<CustomerAsk, "drivers">,
  id: string,
  snapshot: Snapshot<CustomerRecord>,
  model: ChurnModel,
  contract: DatasetContract,
  services: ConversationServices,
  served: { asker?: Asker; except?: string[] },
): Promise<Reply> {
  const action = `ask.${kind}`;
  const { asker } = served;
  let insight: ContractInsight;
  const engine = services.contractNudges ?? CONTRACT_RULES;
  const regen = kind === "nudge" ? regeneratingContractEngine(engine, served.except) : undefined;
  try {
    insight = await buildContractInsight({
      model,
      snapshot: snapshot as unknown as Snapshot<ContractRow>,
      customerID: id,
      nudges: regen?.engine ?? engine,
      clock: services.clock,
      trigger: "on-demand",
    });
  } catch (err) {
    if (err instanceof InsightError) {
      const hint =
        err.code === "model-mismatch" ? " (run `engagetrack run` to rebuild the model and snapshot)" : "";
      return errorReply(action, err.code, `${err.message}${hint}`, "error", id);
    }
    if (isNoOtherNudge(err))
      return noOtherNudgeReply(id, err, customerActions(id), {
        snapshotId: snapshot.manifest.id,
        modelHash: model.hash,
      });
    throw err;
  }
  recordServedNudge(
    services,
    { customerID: id, nudge: insight.nudge, snapshotId: snapshot.manifest.id, status: insight.status },
    asker,
  );
  const parts = { actions: customerActions, nudge: replyNudge, nudgeLine };
  if (kind === "summary") return contractSummaryReply(insight, customerActions(id));
  if (kind === "nudge") {
    const reply = contractNudgeReply(insight, customerActions(id), parts);
    if (insight.nudge)
      reply.actions.push(regenerateAction(id, [...regen!.shown(), contractNudgeKey(insight.nudge)]));
    return reply;
  }
  const row = snapshot.lookup(id);
  const explanation = await explainCustomer(model, row!.customer as never);
  const waterfall = waterfallInput(explanation);
  const simulated = (source: string) =>
    !insight.dataset.simulated && isSimulatedColumn(contract, source) ? " (simulated)" : "";
  waterfall.drivers = explanation.grouped.map((d) => ({
    label: `${d.label}${simulated(d.source)}`,
    value: d.value,
  }));
  return contractInsightReply(insight, contract, waterfall, parts);
}

/** The insight card. */
export function insightReply(insight: CustomerInsight, waterfall?: WaterfallInput): Reply {
  const id = insight.customerID;
  const { risk, engagement: e, profile } = insight;
  const sub = profile.subscription;
  const reply = emptyReply("insight", `${id}: ${risk.band} churn risk (${pct(risk.probability)})`, {
    action: "ask.customer",
    customerID: id,
    outcome: "ok",
    errorCode: null,
    engine: insight.nudge.engine,
    shown: {
      band: risk.band,
      probability: round3(risk.probability),
      nudge: insight.nudge.actionId,
      channel: insight.nudge.channel,
      fallback: insight.nudge.fallbackReason,
      chart: "shap-waterfall",
    },
  });
  // A wholly simulated table (the demo) says so once; a measured one marks its simulated values.
  const { simulated, simulatedColumns } = insight.dataset;
  const sim = (...columns: string[]) =>
    !simulated && columns.some((c) => simulatedColumns.includes(c)) ? { simulated: true } : {};
  const fact = (label: string, value: string, marked: { simulated?: boolean }): ReplyFact => ({
    label,
    value: marked.simulated ? `${value} (simulated)` : value,
    ...marked,
  });
  reply.facts = [
    { label: "Churn risk", value: `${pct(risk.probability)} (${risk.band})` },
    ...(simulated
      ? [
          {
            label: "Data",
            value: "simulated: every value here comes from the simulator, not a real customer",
            simulated: true,
          },
        ]
      : []),
    fact(
      "Engagement",
      `${Math.round(e.score)}/100 (${e.level}, ${e.lifecycleStage}, ${plural(e.sessionsPerMonth, "session")} a month)`,
      sim("engagementScore", "engagementLevel", "lifecycleStage", "sessionsPerMonth"),
    ),
    fact(
      "Plan",
      `${profile.planTier}, ${sub.contract}, ${plural(sub.tenureMonths, "month")}`,
      sim("planTier", "Contract", "tenure"),
    ),
    fact("Monthly charges", money(sub.monthlyCharges), sim("MonthlyCharges")),
    fact("Persona", profile.persona, sim("persona")),
    fact(
      "Experiment",
      `${insight.experiment.key}: variant ${insight.experiment.variant} (${insight.experiment.strategy} strategy)`,
      sim("variant"),
    ),
  ];
  reply.sections = [{ title: "Why", lines: [safe(insight.explanation.sentence)] }];
  reply.drivers = insight.explanation.drivers.map(driver);
  const best = insight.explanation.whatIf[0];
  reply.whatIf = best ? { action: best.action, before: best.before, after: best.after } : null;
  reply.nudge = replyNudge(insight.nudge);
  reply.charts = [
    chartRequest(
      {
        chart: "shap-waterfall",
        input: waterfall ?? {
          customerID: id,
          baseValue: risk.baseValue,
          margin: risk.margin,
          drivers: insight.explanation.drivers.map((d) => ({ label: d.label, value: d.value })),
          probability: risk.probability,
        },
      },
      `shap-waterfall-${id}`,
    ),
  ];
  reply.actions = customerActions(id);
  reply.source = { snapshotId: insight.snapshot.id, modelHash: insight.model.hash };
  reply.text = [
    reply.title,
    safe(insight.explanation.sentence),
    ...reply.facts.map((f) => `${f.label}: ${f.value}`),
    "Drivers:",
    ...reply.drivers.map(
      (d) => `  ${d.effect === "raises" ? "+" : "-"} ${d.words} (${d.effect} risk; ${d.label})`,
    ),
    reply.whatIf
      ? `Best action: ${reply.whatIf.action} (${pct(reply.whatIf.before)} → ${pct(reply.whatIf.after)})`
      : "Best action: none of the usual changes would lower the risk",
    nudgeLine(reply.nudge),
    `(snapshot ${insight.snapshot.id}, model ${insight.model.name})`,
  ].join("\n");
  return reply;
}

function summaryReply(insight: CustomerInsight): Reply {
  const id = insight.customerID;
  const name = `${id}-summary.txt`;
  const reply = emptyReply(
    "summary",
    `Summary of ${id}: ${insight.risk.band} churn risk (${pct(insight.risk.probability)})`,
    {
      action: "ask.summary",
      customerID: id,
      outcome: "ok",
      errorCode: null,
      engine: insight.nudge.engine,
      shown: {
        format: "txt",
        band: insight.risk.band,
        probability: round3(insight.risk.probability),
        nudge: insight.nudge.actionId,
      },
    },
  );
  reply.files = [{ name, mime: "text/plain", content: renderInsightText(insight) }];
  reply.text = `${reply.title}. The full summary is attached as ${name}.`;
  reply.actions = customerActions(id).filter((a) => a.id !== "summary");
  reply.source = { snapshotId: insight.snapshot.id, modelHash: insight.model.hash };
  return reply;
}

function nudgeReply(insight: CustomerInsight): Reply {
  const id = insight.customerID;
  const n = replyNudge(insight.nudge);
  const reply = emptyReply("nudge", `Nudge for ${id}: ${safe(n.title)}`, {
    action: "ask.nudge",
    customerID: id,
    outcome: "ok",
    errorCode: null,
    engine: n.engine,
    shown: {
      band: insight.risk.band,
      nudge: n.actionId,
      channel: n.channel,
      fallback: n.fallbackReason,
    },
  });
  reply.nudge = n;
  reply.sections = [{ title: "Why this nudge", lines: insight.nudge.reasons.map((r) => safe(r.text)) }];
  reply.text = [reply.title, nudgeLine(n), "Why:", ...reply.sections[0].lines.map((l) => `  - ${l}`)].join(
    "\n",
  );
  reply.actions = customerActions(id).filter((a) => a.id !== "regenerate-nudge");
  reply.source = { snapshotId: insight.snapshot.id, modelHash: insight.model.hash };
  return reply;
}

async function driversReply(
  snapshot: Snapshot<CustomerRecord>,
  model: ChurnModel,
  id: string,
  customer: CustomerRecord,
  contract: DatasetContract | undefined,
): Promise<Reply> {
  if (snapshot.manifest.model.hash !== model.hash) {
    return errorReply(
      "ask.drivers",
      "model-mismatch",
      `snapshot ${snapshot.manifest.id} was scored by another model than the one loaded (run \`npm start\` to rebuild both)`,
      "error",
      id,
    );
  }
  const e = await explainCustomer(model, customer as Parameters<typeof explainCustomer>[1]);
  // The demo keeps the built-in words; any other table speaks its contract's.
  const words = valueWords(contract);
  const values = customer as Readonly<Record<string, unknown>>;
  const drivers = e.grouped.map((d) => {
    const said = { label: d.label, value: d.value, words: words.describe(d.source, values[d.source]) };
    return contract
      ? contractDriver(contract, contract.simulated === true, { ...said, source: d.source })
      : driver(said);
  });
  const reply = emptyReply(
    "drivers",
    `Why ${id} is at ${e.band.toLowerCase()} risk (${pct(e.probability)})`,
    {
      action: "ask.drivers",
      customerID: id,
      outcome: "ok",
      errorCode: null,
      engine: null,
      shown: { band: e.band, probability: round3(e.probability), drivers: drivers.length },
    },
  );
  reply.drivers = drivers;
  reply.sections = [{ title: "Why", lines: [safe(e.sentence)] }];
  reply.table = {
    columns: ["Factor", "Effect", "Log-odds"],
    align: ["left", "left", "right"],
    rows: drivers.map((d) => [safe(d.label), `${d.effect} risk`, signed(d.value)]),
  };
  reply.text = [
    reply.title,
    safe(e.sentence),
    `Every factor, strongest first (log-odds; they add up from the average customer's ${signed(e.baseValue)} to ${signed(e.margin)}):`,
    ...drivers.map((d) => `  ${d.effect === "raises" ? "+" : "-"} ${d.words}: ${signed(d.value)}`),
  ].join("\n");
  reply.actions = customerActions(id).filter((a) => a.id !== "why");
  reply.source = { snapshotId: snapshot.manifest.id, modelHash: model.hash };
  return reply;
}

/** Why? / Download summary / Regenerate nudge: each asks its question again when pressed. */
export function customerActions(id: string): ReplyAction[] {
  return [
    { id: "why", label: "Why?", value: `drivers ${id}` },
    { id: "summary", label: "Download summary", value: `summary ${id}` },
    { id: "regenerate-nudge", label: "Regenerate nudge", value: `nudge ${id}` },
  ];
}

export function noSnapshot(action: string): Reply {
  return errorReply(action, "no-snapshot", "no snapshot yet: run `npm start` to score customers first");
}

function driver(d: { label: string; words: string; value: number }): ReplyDriver {
  return { label: d.label, words: safe(d.words), effect: d.value >= 0 ? "raises" : "lowers", value: d.value };
}

function replyNudge(
  n: Pick<Nudge, "actionId" | "title" | "message" | "channel" | "engine" | "llmModel" | "fallbackReason">,
): ReplyNudge {
  const engineWords =
    n.engine === "llm"
      ? `LLM ${safe(n.llmModel ?? "")}`.trim()
      : `rule engine${n.fallbackReason ? ` (LLM not used: ${safe(n.fallbackReason)})` : ""}`;
  return {
    actionId: n.actionId,
    title: safe(n.title),
    message: safe(n.message),
    channel: n.channel,
    engine: n.engine,
    engineWords,
    fallbackReason: n.fallbackReason,
  };
}

function nudgeLine(n: ReplyNudge): string {
  return `Nudge (${n.engineWords}): ${n.title} via ${CHANNELS[n.channel]}: "${n.message}"`;
}

const safe = (text: string) => displaySafe(text, { singleLine: true });
const round3 = (p: number) => Math.round(p * 1000) / 1000;
const signed = (v: number) => `${v >= 0 ? "+" : "−"}${Math.abs(v).toFixed(2)}`;
