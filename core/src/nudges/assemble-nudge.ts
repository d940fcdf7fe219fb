import { displaySafe } from "../data/display-safe.ts";
import { channelFor } from "./channel-for.ts";
import type { Nudge, NudgeContext, NudgeReason } from "./nudge.ts";
import type { NudgeFacts } from "./nudge-facts.ts";
import type { NudgeStrategy } from "./nudge-strategy.ts";
import type { RankedAction } from "./rank-actions.ts";

/** Maximum length of a nudge message (one SMS-sized paragraph). */
export const MAX_MESSAGE_LENGTH = 280;

export interface NudgeChoice {
  chosen: RankedAction;
  ranked: readonly RankedAction[];
  targeted: boolean;
  strategy: { name: string; strategy: NudgeStrategy; configured: boolean };
  engine: { name: "rules" } | { name: "llm"; model: string; cached: boolean };
  message: string;
  fallbackReason: string | null;
  /** See `NudgePlan.highRisk`. */
  highRisk?: "strategy" | "widened";
}

const signed = (x: number) => `${x >= 0 ? "+" : ""}${x.toFixed(2)}`;

/** A nudge with every reason that chose it: strategy, rank, eligibility, drivers, what-if, channel, engine. */
export function assembleNudge(facts: NudgeFacts, context: NudgeContext, choice: NudgeChoice): Nudge {
  const { chosen, ranked, strategy } = choice;
  const action = chosen.action;
  const channel = channelFor(action, facts, context.trigger);
  const reasons: NudgeReason[] = [
    {
      kind: "strategy",
      rule: `strategy:${context.experimentKey}/${facts.variant}`,
      text: `variant ${facts.variant} of ${context.experimentKey}${strategy.configured ? "" : " (not configured: default arms)"} → ${strategy.name} strategy (${strategy.strategy.description})`,
    },
    rankReason(choice),
    ...(action.conditions.length
      ? action.conditions.map((c) => ({
          kind: "eligibility" as const,
          rule: `eligible:${action.id}/${c.id}`,
          text: c.text,
        }))
      : [{ kind: "eligibility" as const, rule: `eligible:${action.id}/always`, text: "always eligible" }]),
    ...chosen.addressed.map((d) => ({
      kind: "driver" as const,
      rule: `driver:${d.source}`,
      text: `${d.words} raises risk (${signed(d.value)} log-odds)`,
    })),
    ...(chosen.whatIf
      ? [
          {
            kind: "what-if" as const,
            rule: `what-if:${chosen.whatIf.column}`,
            text: `${chosen.whatIf.action}: ${chosen.whatIf.beforePercent}% → ${chosen.whatIf.afterPercent}%`,
          },
        ]
      : []),
    channel.reason,
    choice.engine.name === "llm"
      ? {
          kind: "engine",
          rule: choice.engine.cached ? "engine:llm-cached" : "engine:llm",
          text: `chosen and worded by ${choice.engine.model} among ${ranked.length} eligible actions${choice.engine.cached ? " (cached answer for the same facts)" : ""}`,
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
    actionId: action.id,
    title: action.title,
    category: action.category,
    channel: channel.channel,
    message: displaySafe(choice.message, { singleLine: true }).slice(0, MAX_MESSAGE_LENGTH),
    engine: choice.engine.name,
    llmModel: choice.engine.name === "llm" ? choice.engine.model : null,
    fallbackReason: choice.fallbackReason,
    strategy: strategy.name,
    experimentKey: context.experimentKey,
    variant: facts.variant,
    trigger: context.trigger,
    reasons,
    alternatives: ranked.filter((r) => r !== chosen).map((r) => r.action.id),
  };
}

function rankReason(choice: NudgeChoice): NudgeReason {
  const { chosen, ranked, targeted, strategy } = choice;
  const n = `${ranked.length} eligible action${ranked.length === 1 ? "" : "s"}`;
  if (choice.highRisk === "widened") {
    return {
      kind: "rank",
      rule: "rank:high-risk-drivers",
      text: `no ${strategy.name} action addresses this High-risk customer's drivers: ${chosen.action.title.toLowerCase()} addresses ${chosen.score.toFixed(2)} log-odds of risk, among ${n} that address them`,
    };
  }
  if (targeted) {
    return {
      kind: "rank",
      rule: "rank:risk-addressed",
      text: `addresses ${chosen.score.toFixed(2)} log-odds of risk, ${chosen === ranked[0] ? "the most" : "not the most"} among ${n}`,
    };
  }
  if (strategy.strategy.driverTargeted) {
    return {
      kind: "rank",
      rule: "rank:no-target",
      text: `no eligible action addresses a risk-raising driver: generic choice by category among ${n}`,
    };
  }
  return {
    kind: "rank",
    rule: "rank:category",
    text: `${chosen.action.category} is the strategy's most preferred category among ${n}`,
  };
}
