import type { ContractNudgeFacts, ExperimentArm } from "./contract-nudge-facts.ts";
import type { NudgeChannel, NudgeEngineName, NudgeReason, NudgeTrigger } from "./nudge.ts";
import type { WhatIfFact } from "./nudge-facts.ts";

/**
 * One reason a generic nudge was chosen. The kinds of `NudgeReason`, plus `experiment`: the arm the
 * customer is in, or that there is none (a generic nudge never names a strategy).
 */
export interface ContractNudgeReason {
  kind: NudgeReason["kind"] | "experiment";
  /** A stable identifier of the rule: "eligible:offer-what-if/medium-or-high-risk", "driver:churn_calls". */
  rule: string;
  text: string;
}

/**
 * A nudge for one customer of any table (a model trained under a dataset contract). Beside
 * `Nudge` rather than in it: there is no simulator experiment here, so no strategy and no A/B
 * variant — `experiment` is the arm of the contract's own experiment, or null, and a nudge for a
 * contract without one claims no arm.
 */
export interface ContractNudge {
  /** The dataset contract's name. */
  contract: string;
  /** The generic catalogue's rule: "offer-what-if", "csm-check-in", "stay-in-touch". */
  actionId: string;
  /** Short title for cards: "Best action: move off the international plan". */
  title: string;
  channel: NudgeChannel;
  /** The contract action offered (rule "offer-what-if"), else null. */
  offer: WhatIfFact | null;
  /** What the customer reads or hears (≤ 280 characters, display-safe). */
  message: string;
  engine: NudgeEngineName;
  /** The LLM that wrote it (engine "llm"), else null. */
  llmModel: string | null;
  /** Why the rule engine answered although the LLM was asked for, else null. */
  fallbackReason: string | null;
  /** The arm of the contract's experiment, or null: no arm is claimed. */
  experiment: ExperimentArm | null;
  trigger: NudgeTrigger;
  reasons: ContractNudgeReason[];
  /** The other actions that could have been offered, best first (their words). */
  alternatives: string[];
}

/** What the engine is told besides the facts (the experiment, if any, is in the facts). */
export interface ContractNudgeContext {
  trigger: NudgeTrigger;
  /** Nudges already shown (`contractNudgeKey`, Regenerate): another one, or `NoOtherNudgeError`. */
  exclude?: readonly string[];
}

/** Anything that turns generic facts into a nudge (the generic rule engine, the LLM engine with its fallback). */
export interface ContractNudgeEngine {
  readonly name: NudgeEngineName;
  decide(facts: ContractNudgeFacts, context: ContractNudgeContext): Promise<ContractNudge>;
}
