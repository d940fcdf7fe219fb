import { contractChannelFor } from "./contract-channel-for.ts";
import type { ContractNudgeContext, ContractNudgeReason } from "./contract-nudge.ts";
import { CONTRACT_NUDGE_CATALOGUE } from "./contract-nudge-catalogue.ts";
import type { ContractNudgeFacts } from "./contract-nudge-facts.ts";
import type { ContractNudgeRule } from "./contract-nudge-rule.ts";
import type { NudgeChannel } from "./nudge.ts";
import type { WhatIfFact } from "./nudge-facts.ts";
import { offerableWhatIfs, type WithheldWhatIf } from "./offerable-what-ifs.ts";

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
  return { rule, offers, withheld, channel: contractChannelFor(rule, facts.band, context.trigger) };
}
