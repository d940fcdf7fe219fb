import { contractChannelFor } from "./contract-channel-for.ts";
import type { ContractNudgeContext, ContractNudgeReason } from "./contract-nudge.ts";
import { CONTRACT_NUDGE_CATALOGUE } from "./contract-nudge-catalogue.ts";
import type { ContractNudgeFacts } from "./contract-nudge-facts.ts";
import type { ContractNudgeRule } from "./contract-nudge-rule.ts";
import type { NudgeChannel } from "./nudge.ts";
import type { WhatIfFact } from "./nudge-facts.ts";
import { offerableWhatIfs, type WithheldWhatIf } from "./offerable-what-ifs.ts";
import { contractNudgeKey } from "./contract-nudge-key.ts";
import { NoOtherNudgeError } from "./no-other-nudge-error.ts";

export interface ContractRuleEngineOptions {
  /** The generic rules, tried in order; default `CONTRACT_NUDGE_CATALOGUE`. */
  catalogue?: readonly ContractNudgeRule[];
}

/** The rule that applies to a customer, what it may offer, and the channel (what both generic engines start from). */
export interface ContractNudgePlan {
  rule: ContractNudgeRule;
  /** The what-ifs that may be offered, best first (offered only when `rule.offers`). */
  offers: WhatIfFact[];
  withheld: WithheldWhatIf[];
  channel: { channel: NudgeChannel; reason: ContractNudgeReason };
}

/**
 * The first catalogue rule whose conditions all hold, with the offerable what-ifs and the channel.
 * Pure and deterministic. The built-in catalogue always has exactly one rule that applies; a
 * custom one that leaves a customer uncovered is an error.
 *
 * @example
 * planContractNudge(facts, { trigger: "on-demand" }).rule.id; // "offer-what-if"
 */
export function planContractNudge(
  facts: ContractNudgeFacts,
  context: ContractNudgeContext,
  options: ContractRuleEngineOptions = {},
): ContractNudgePlan {
  const catalogue = options.catalogue ?? CONTRACT_NUDGE_CATALOGUE;
  const rule = catalogue.find((r) => r.conditions.every((c) => c.test(facts)));
  if (!rule) throw new Error(`no generic nudge rule applies to a ${facts.band}-risk customer`);
  const { offers, withheld } = offerableWhatIfs(facts);
  const plan = { rule, offers, withheld, channel: contractChannelFor(rule, facts.band, context.trigger) };
  return context.exclude?.length ? withoutShown(plan, context.exclude) : plan;
}

/** Regenerate: the offers not shown yet; `NoOtherNudgeError` when the rule has nothing new to say. */
function withoutShown(plan: ContractNudgePlan, exclude: readonly string[]): ContractNudgePlan {
  const { rule } = plan;
  if (rule.offers && plan.offers.length > 0) {
    const keys = plan.offers.map((o) => contractNudgeKey({ actionId: rule.id, offer: o }));
    const offers = plan.offers.filter((_, i) => !exclude.includes(keys[i]));
    if (offers.length === 0) throw new NoOtherNudgeError(keys);
    return { ...plan, offers };
  }
  if (exclude.includes(rule.id)) throw new NoOtherNudgeError([rule.id]);
  return plan;
}
