import type { ChatMessage } from "./chat-client.ts";
import { channelFor } from "./channel-for.ts";
import type { NudgeTrigger } from "./nudge.ts";
import type { NudgeFacts } from "./nudge-facts.ts";
import type { RankedAction } from "./rank-actions.ts";
import { MAX_MESSAGE_LENGTH } from "./assemble-nudge.ts";

/**
 * What the LLM is told about a customer: persona, plan, risk band and probability, drivers in
 * words, the eligible actions and the experiment arm. Nothing that identifies anyone: no ID, no
 * name, no contact detail, no free text from the data (driver words come from validated categories
 * and numbers through `describeValue`).
 */
export interface PromptFacts {
  persona: string;
  plan: string;
  riskBand: string;
  churnProbabilityPercent: number;
  variant: string;
  strategy: string;
  drivers: { factor: string; effect: "raises risk" | "lowers risk" }[];
  eligibleActions: {
    id: string;
    title: string;
    category: string;
    channel: string;
    expectedEffect?: string;
  }[];
}

export const NUDGE_SYSTEM_PROMPT = [
  "You write one short nudge for a customer of a subscription service, to keep them as a happy customer.",
  "The user message is JSON facts about the customer (no identity). Choose exactly one action from eligibleActions,",
  "the one that best answers the drivers that raise risk and suits the strategy, and write the message the customer",
  "reads (channel in-app or email) or hears from their customer-success manager (channel csm-call).",
  "Rules:",
  '- Reply with one JSON object and nothing else: {"action": "<an id from eligibleActions>", "message": "<text>"}.',
  `- The message is at most ${MAX_MESSAGE_LENGTH} characters, friendly, in the second person, in plain English.`,
  "- Never mention churn, risk, probabilities, scores, drivers or this analysis.",
  "- Never invent numbers: no discounts, prices, percentages, durations or counts unless that exact number appears in the facts. Prefer no numbers at all.",
  "- No links, e-mail addresses or phone numbers.",
].join("\n");

/** The prompt facts of one customer and their ranked eligible actions. */
export function promptFacts(
  facts: NudgeFacts,
  ranked: readonly RankedAction[],
  strategy: { name: string; description: string },
  trigger: NudgeTrigger,
): PromptFacts {
  return {
    persona: facts.persona,
    plan: facts.planTier,
    riskBand: facts.band,
    churnProbabilityPercent: facts.riskPercent,
    variant: facts.variant,
    strategy: `${strategy.name}: ${strategy.description}`,
    drivers: facts.drivers
      .filter((d) => d.value !== 0)
      .map((d) => ({
        factor: d.words,
        effect: d.value > 0 ? ("raises risk" as const) : ("lowers risk" as const),
      })),
    eligibleActions: ranked.map((r) => ({
      id: r.action.id,
      title: r.action.title,
      category: r.action.category,
      channel: channelFor(r.action, facts, trigger).channel,
      ...(r.whatIf
        ? { expectedEffect: `${r.whatIf.action}: ${r.whatIf.beforePercent}% → ${r.whatIf.afterPercent}%` }
        : {}),
    })),
  };
}

/** The chat messages for one customer: the fixed instructions, then the facts as JSON. */
export function nudgePrompt(facts: PromptFacts): ChatMessage[] {
  return [
    { role: "system", content: NUDGE_SYSTEM_PROMPT },
    { role: "user", content: JSON.stringify(facts) },
  ];
}
