import type { RiskBand } from "../snapshot/scored-batch.ts";
import type { ContractNudgeFacts } from "./contract-nudge-facts.ts";
import type { NudgeChannel } from "./nudge.ts";
import type { WhatIfFact } from "./nudge-facts.ts";

/** One eligibility condition of a generic rule, named so a nudge can say which rules let it through. */
export interface ContractNudgeCondition {
  /** Stable ID, unique within its rule: "medium-or-high-risk". */
  id: string;
  text: string;
  test(facts: ContractNudgeFacts): boolean;
}

/** One entry of the generic nudge catalogue: a rule that works for any dataset contract. */
export interface ContractNudgeRule {
  /** Stable ID: "offer-what-if". */
  id: string;
  /** Short title for cards; the offered action when there is one. */
  title(offer: WhatIfFact | undefined): string;
  /** Whether the rule offers the customer's best offerable what-if (see `offerableWhatIfs`). */
  offers: boolean;
  /** What the nudge is for, in one line (the LLM is told). */
  purpose: string;
  /** The channel on demand, by risk band (an app event always shows the nudge in the app). */
  channels: Readonly<Record<RiskBand, NudgeChannel>>;
  /** All must hold for the rule to apply. */
  conditions: readonly ContractNudgeCondition[];
  /** The customer-facing message: only the contract's words and numbers already in the facts. */
  message(facts: ContractNudgeFacts, offer: WhatIfFact | undefined, channel: NudgeChannel): string;
}
