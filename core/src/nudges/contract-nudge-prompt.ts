import { MAX_MESSAGE_LENGTH } from "./assemble-nudge.ts";
import type { ChatMessage } from "./chat-client.ts";
import type { ContractNudgeFacts } from "./contract-nudge-facts.ts";
import type { NudgeChannel } from "./nudge.ts";
import type { WhatIfFact } from "./nudge-facts.ts";
import type { ContractNudgePlan } from "./plan-contract-nudge.ts";

/**
 * What the LLM is told about a customer of any table: the risk band and probability, the drivers
 * in the contract's words (never those the simulator made), what the nudge is for, its channel and
 * the actions to choose from. Nothing that identifies anyone — no ID, owner, contact or free text
 * (facts come from `contractNudgeFacts`' allow-list) — and no experiment arm, which changes nothing
 * in what to say.
 */
export interface ContractPromptFacts {
  riskBand: string;
  churnProbabilityPercent: number;
  purpose: string;
  channel: NudgeChannel;
  drivers: { factor: string; effect: "raises risk" | "lowers risk" }[];
  eligibleActions: { id: string; title: string; expectedEffect?: string }[];
}

export const CONTRACT_NUDGE_SYSTEM_PROMPT = [
  "You write one short nudge for a customer of a business, to keep them as a happy customer.",
  "The user message is JSON facts about the customer (no identity): factors in the business's own words, the purpose",
  "of the nudge, its channel, and eligibleActions. Choose exactly one action from eligibleActions, the one that best",
  "answers the factors that raise risk, and write for that purpose the message the customer reads (channel in-app or",
  "email) or hears from their customer-success manager (channel csm-call).",
  "Rules:",
  '- Reply with one JSON object and nothing else: {"action": "<an id from eligibleActions>", "message": "<text>"}.',
  `- The message is at most ${MAX_MESSAGE_LENGTH} characters, friendly, in the second person, in plain English.`,
  "- Never mention churn, risk, probabilities, scores, factors or this analysis.",
  "- Never invent numbers: no discounts, prices, percentages, durations or counts unless that exact number appears in the facts. Prefer no numbers at all.",
  "- Offer nothing beyond the chosen action: no discounts, gifts or free periods.",
  "- No links, e-mail addresses or phone numbers.",
].join("\n");

/** The IDs the LLM chooses from: `offer-1`… for an offering rule's what-ifs (best first), else the rule's ID. */
export function contractPromptActions(
  plan: ContractNudgePlan,
): { id: string; offer: WhatIfFact | undefined }[] {
  if (plan.rule.offers && plan.offers.length > 0)
    return plan.offers.map((offer, i) => ({ id: `offer-${i + 1}`, offer }));
  return [{ id: plan.rule.id, offer: undefined }];
}

/** The prompt facts of one customer under their plan. */
export function contractPromptFacts(facts: ContractNudgeFacts, plan: ContractNudgePlan): ContractPromptFacts {
  const simulated = new Set(facts.simulated);
  return {
    riskBand: facts.band,
    churnProbabilityPercent: facts.riskPercent,
    purpose: plan.rule.purpose,
    channel: plan.channel.channel,
    drivers: facts.drivers
      .filter((d) => d.value !== 0 && !simulated.has(d.source))
      .map((d) => ({
        factor: d.words,
        effect: d.value > 0 ? ("raises risk" as const) : ("lowers risk" as const),
      })),
    eligibleActions: contractPromptActions(plan).map(({ id, offer }) =>
      offer
        ? {
            id,
            title: offer.action,
            expectedEffect: `${offer.action}: ${offer.beforePercent}% → ${offer.afterPercent}%`,
          }
        : { id, title: plan.rule.title(undefined) },
    ),
  };
}

/** The chat messages for one customer: the fixed instructions, then the facts as JSON. */
export function contractNudgePrompt(facts: ContractPromptFacts): ChatMessage[] {
  return [
    { role: "system", content: CONTRACT_NUDGE_SYSTEM_PROMPT },
    { role: "user", content: JSON.stringify(facts) },
  ];
}
