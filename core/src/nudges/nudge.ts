import type { Variant } from "../data/schema.ts";
import type { NudgeFacts } from "./nudge-facts.ts";

/** How a nudge reaches the customer. */
export const NUDGE_CHANNELS = ["in-app", "email", "csm-call"] as const;
export type NudgeChannel = (typeof NUDGE_CHANNELS)[number];

/** What kind of help a nudge offers. */
export const NUDGE_CATEGORIES = [
  "onboarding",
  "feature-discovery",
  "habit-formation",
  "billing",
  "support",
  "contract",
  "add-on",
  "win-back",
] as const;
export type NudgeCategory = (typeof NUDGE_CATEGORIES)[number];

/** What asked for the nudge: a person or notebook on demand, or an app event. */
export const NUDGE_TRIGGERS = ["on-demand", "login", "refresh"] as const;
export type NudgeTrigger = (typeof NUDGE_TRIGGERS)[number];
export type NudgeEvent = Exclude<NudgeTrigger, "on-demand">;

/** Which engine chose the action and wrote the message. */
export type NudgeEngineName = "rules" | "llm";

/** One reason a nudge was chosen, in words, with the rule or driver behind it. */
export interface NudgeReason {
  kind: "strategy" | "eligibility" | "driver" | "what-if" | "rank" | "channel" | "engine";
  /** A stable identifier of the rule: "eligible:autopay-setup/manual-payment", "strategy:B", "driver:Contract". */
  rule: string;
  text: string;
}

/** A nudge for one customer: what to do, how to reach them, what to say, and why. */
export interface Nudge {
  actionId: string;
  title: string;
  category: NudgeCategory;
  channel: NudgeChannel;
  /** What the customer reads or hears (≤ 280 characters, display-safe). */
  message: string;
  engine: NudgeEngineName;
  /** The LLM that wrote it (engine "llm"), else null. */
  llmModel: string | null;
  /** Why the rule engine answered although the LLM was asked for ("llm-timeout", "llm-answer-invented-number: 20"), else null. */
  fallbackReason: string | null;
  /** The strategy of the customer's experiment arm ("engagement", "retention"). */
  strategy: string;
  experimentKey: string;
  variant: Variant;
  trigger: NudgeTrigger;
  reasons: NudgeReason[];
  /** The other eligible actions, best first. */
  alternatives: string[];
}

/** What the engine is told besides the facts. */
export interface NudgeContext {
  experimentKey: string;
  trigger: NudgeTrigger;
  /** Actions already shown (Regenerate): another eligible one is chosen, or `NoOtherNudgeError`. */
  exclude?: readonly string[];
}

/** Anything that turns facts into a nudge (the rule engine, the LLM engine with its fallback). */
export interface NudgeEngine {
  readonly name: NudgeEngineName;
  decide(facts: NudgeFacts, context: NudgeContext): Promise<Nudge>;
}
