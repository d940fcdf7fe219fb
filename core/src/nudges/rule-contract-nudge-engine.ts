import { assembleContractNudge } from "./assemble-contract-nudge.ts";
import type { ContractNudge, ContractNudgeContext, ContractNudgeEngine } from "./contract-nudge.ts";
import type { ContractNudgeFacts } from "./contract-nudge-facts.ts";
import { planContractNudge, type ContractRuleEngineOptions } from "./plan-contract-nudge.ts";

/**
 * The generic rule engine: the catalogue rule that applies, its best offer (if it offers one), the
 * channel for the customer's band, the rule's message, and every reason. Pure and deterministic;
 * works for any contract, with or without actions. `fallbackReason` is recorded when it answers in
 * place of the LLM.
 *
 * @example
 * const nudge = chooseContractRuleNudge(contractNudgeFacts(contract, row, explanation), { trigger: "on-demand" });
 * nudge.actionId; // "offer-what-if"
 * nudge.channel; // "csm-call" (High risk)
 */
export function chooseContractRuleNudge(
  facts: ContractNudgeFacts,
  context: ContractNudgeContext,
  options: ContractRuleEngineOptions = {},
  fallbackReason: string | null = null,
): ContractNudge {
  const plan = planContractNudge(facts, context, options);
  const offer = plan.rule.offers ? plan.offers[0] : undefined;
  return assembleContractNudge(facts, context, plan, {
    offer,
    engine: { name: "rules" },
    message: plan.rule.message(facts, offer, plan.channel.channel),
    fallbackReason,
  });
}

/** The generic rule engine behind the `ContractNudgeEngine` interface. */
export function createContractRuleNudgeEngine(options: ContractRuleEngineOptions = {}): ContractNudgeEngine {
  return {
    name: "rules",
    decide: async (facts, context) => chooseContractRuleNudge(facts, context, options),
  };
}
