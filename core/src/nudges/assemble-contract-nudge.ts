import { displaySafe } from "../data/display-safe.ts";
import { MAX_MESSAGE_LENGTH } from "./assemble-nudge.ts";
import type { ContractNudge, ContractNudgeContext, ContractNudgeReason } from "./contract-nudge.ts";
import type { ContractNudgeFacts } from "./contract-nudge-facts.ts";
import type { WhatIfFact } from "./nudge-facts.ts";
import type { ContractNudgePlan } from "./plan-contract-nudge.ts";

export interface ContractNudgeChoice {
  /** The offered what-if (an offering rule), else undefined. */
  offer: WhatIfFact | undefined;
  engine: { name: "rules" } | { name: "llm"; model: string; cached: boolean };
  message: string;
  fallbackReason: string | null;
}

const signed = (x: number) => `${x >= 0 ? "+" : ""}${x.toFixed(2)}`;
const actions = (n: number) => `${n} offerable action${n === 1 ? "" : "s"}`;

/** A generic nudge with every reason that chose it: experiment, rank, eligibility, drivers, what-ifs, channel, engine. */
export function assembleContractNudge(
  facts: ContractNudgeFacts,
  context: ContractNudgeContext,
  plan: ContractNudgePlan,
  choice: ContractNudgeChoice,
): ContractNudge {
  const { rule, offers, withheld } = plan;
  const offer = rule.offers ? choice.offer : undefined;
  const simulated = new Set(facts.simulated);
  const reasons: ContractNudgeReason[] = [
    facts.experiment
      ? {
          kind: "experiment",
          rule: `experiment:${facts.experiment.key}/${facts.experiment.arm}`,
          text: `arm ${facts.experiment.arm} of ${facts.experiment.key} (recorded; every arm gets the same rules)`,
        }
      : { kind: "experiment", rule: "experiment:none", text: "no experiment arm: none is claimed" },
    rankReason(facts, plan, offer),
    ...rule.conditions.map((c) => ({
      kind: "eligibility" as const,
      rule: `eligible:${rule.id}/${c.id}`,
      text: c.text,
    })),
    ...facts.drivers
      .filter((d) => d.value > 0)
      .map((d) => ({
        kind: "driver" as const,
        rule: `driver:${d.source}`,
        text: `${d.words} raises risk (${signed(d.value)} log-odds)${simulated.has(d.source) ? "; a simulated value, never quoted to the customer" : ""}`,
      })),
    ...(offer
      ? [
          {
            kind: "what-if" as const,
            rule: `what-if:${offer.column}`,
            text: `${offer.action}: ${offer.beforePercent}% → ${offer.afterPercent}%`,
          },
        ]
      : []),
    ...withheld.map((w) => ({
      kind: "what-if" as const,
      rule: `what-if-withheld:${w.whatIf.column}`,
      text: `not offered: ${w.whatIf.action} (${w.text})`,
    })),
    plan.channel.reason,
    choice.engine.name === "llm"
      ? {
          kind: "engine",
          rule: choice.engine.cached ? "engine:llm-cached" : "engine:llm",
          text: `worded by ${choice.engine.model}${offers.length > 1 && offer ? `, which chose among ${actions(offers.length)}` : ""}${choice.engine.cached ? " (cached answer for the same facts)" : ""}`,
        }
      : {
          kind: "engine",
          rule: choice.fallbackReason ? "engine:rules-fallback" : "engine:rules",
          text: choice.fallbackReason
            ? `rule engine (LLM not used: ${choice.fallbackReason})`
            : "rule engine",
        },
  ];
  return {
    contract: facts.contract,
    actionId: rule.id,
    title: displaySafe(rule.title(offer), { singleLine: true }),
    channel: plan.channel.channel,
    offer: offer ?? null,
    message: displaySafe(choice.message, { singleLine: true }).slice(0, MAX_MESSAGE_LENGTH),
    engine: choice.engine.name,
    llmModel: choice.engine.name === "llm" ? choice.engine.model : null,
    fallbackReason: choice.fallbackReason,
    experiment: facts.experiment,
    trigger: context.trigger,
    reasons,
    alternatives: offer ? offers.filter((o) => o !== offer).map((o) => o.action) : [],
  };
}

function rankReason(
  facts: ContractNudgeFacts,
  plan: ContractNudgePlan,
  offer: WhatIfFact | undefined,
): ContractNudgeReason {
  const { offers } = plan;
  if (offer) {
    return {
      kind: "rank",
      rule: "rank:risk-removed",
      text: `removes ${offer.logOddsReduction.toFixed(2)} log-odds of risk, ${offer === offers[0] ? "the most" : "not the most"} among ${actions(offers.length)}`,
    };
  }
  if (facts.band === "Low") {
    return {
      kind: "rank",
      rule: "rank:low-risk",
      text: `Low risk (${facts.riskPercent}%): no offer is spent and no one's time is booked${offers.length ? `; ${actions(offers.length)} kept for Medium and High risk` : ""}`,
    };
  }
  return {
    kind: "rank",
    rule: "rank:no-offer",
    text:
      facts.declaredActions === 0
        ? "the contract declares no actions: nothing to offer, so the check-in is about the top drivers"
        : facts.whatIf.length === 0
          ? `none of the contract's ${facts.declaredActions} action${facts.declaredActions === 1 ? "" : "s"} applies to this customer and lowers risk: nothing to offer`
          : offers.length === 0
            ? `no feasible action is worth offering (${plan.withheld.length} withheld, below)`
            : `${actions(offers.length)}, but this rule offers none`,
  };
}
