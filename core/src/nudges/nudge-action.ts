import type { NudgeCategory, NudgeChannel } from "./nudge.ts";
import type { NudgeFacts } from "./nudge-facts.ts";

/** One eligibility condition of an action, named so a nudge can say which rules let it through. */
export interface NudgeCondition {
  /** Stable ID, unique within its action: "manual-payment". */
  id: string;
  /** The condition in words: "pays by check (no autopay)". */
  text: string;
  test(facts: NudgeFacts): boolean;
}

/** One entry of the nudge catalogue. */
export interface NudgeAction {
  /** Stable ID: "autopay-setup". */
  id: string;
  /** Short title for cards and summaries: "Set up autopay". */
  title: string;
  category: NudgeCategory;
  /** Usual channel. */
  channel: NudgeChannel;
  /** A customer-success manager calls instead when the customer is High risk. */
  escalateWhenHigh: boolean;
  /** Source columns (drivers) whose risk this action addresses. */
  drivers: readonly string[];
  /** What-if columns this action enacts; their predicted effect counts in its favour. */
  whatIfColumns: readonly string[];
  /** All must hold for the action to be offered. */
  conditions: readonly NudgeCondition[];
  /** The customer-facing message; uses only numbers that are in the facts. */
  message(facts: NudgeFacts): string;
}
