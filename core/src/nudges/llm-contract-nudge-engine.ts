import { createAnswerCache, type AnswerCache } from "./answer-cache.ts";
import { askLlmForNudge, type LlmEngineLogger } from "./ask-llm-for-nudge.ts";
import { assembleContractNudge } from "./assemble-contract-nudge.ts";
import type { ChatClient } from "./chat-client.ts";
import type { CircuitBreaker } from "./circuit-breaker.ts";
import type { ContractNudge, ContractNudgeContext, ContractNudgeEngine } from "./contract-nudge.ts";
import type { ContractNudgeFacts } from "./contract-nudge-facts.ts";
import { contractNudgePrompt, contractPromptActions, contractPromptFacts } from "./contract-nudge-prompt.ts";
import type { LlmAnswer } from "./llm-answer.ts";
import { planContractNudge, type ContractRuleEngineOptions } from "./plan-contract-nudge.ts";
import { chooseContractRuleNudge } from "./rule-contract-nudge-engine.ts";

export interface LlmContractEngineOptions extends ContractRuleEngineOptions {
  /** The chat endpoint, or null when the LLM is off (no key). */
  chat: ChatClient | null;
  /** Why it is off, for the fallback reason; default "no API key". */
  offReason?: string;
  breaker?: CircuitBreaker;
  cache?: AnswerCache;
  logger?: LlmEngineLogger;
}

/**
 * The LLM engine for generic facts, as `createLlmNudgeEngine` is for the simulator's: the generic
 * rule engine picks the rule and channel, the LLM chooses among the offerable actions (if the rule
 * offers one) and words the message from non-identifying facts; the answer is checked by
 * `checkLlmAnswer` (schema, eligible action, no invented number, no contact detail) and cached by
 * facts hash. Any failure — off, circuit open, timeout, HTTP error, bad answer — falls back to the
 * generic rule engine with the reason in `fallbackReason`.
 *
 * @example
 * const engine = createLlmContractNudgeEngine({ chat, breaker: createCircuitBreaker({ clock: Date.now }) });
 * const nudge = await engine.decide(facts, { trigger: "on-demand" });
 * nudge.engine; // "llm", or "rules" with nudge.fallbackReason
 */
export function createLlmContractNudgeEngine(options: LlmContractEngineOptions): ContractNudgeEngine {
  const cache = options.cache ?? createAnswerCache();
  const fallback = (
    facts: ContractNudgeFacts,
    context: ContractNudgeContext,
    reason: string,
  ): ContractNudge => chooseContractRuleNudge(facts, context, options, reason);

  return {
    name: "llm",
    async decide(facts, context) {
      const chat = options.chat;
      if (!chat) return fallback(facts, context, `llm-off: ${options.offReason ?? "no API key"}`);
      const plan = planContractNudge(facts, context, options);
      const pf = contractPromptFacts(facts, plan);
      const choices = contractPromptActions(plan);
      const withAnswer = (answer: LlmAnswer, cached: boolean) =>
        assembleContractNudge(facts, context, plan, {
          offer: choices.find((c) => c.id === answer.action)!.offer,
          engine: { name: "llm", model: chat.model, cached },
          message: answer.message,
          fallbackReason: null,
        });
      const attempt = await askLlmForNudge(
        chat,
        { ...options, cache },
        {
          promptFacts: pf,
          messages: () => contractNudgePrompt(pf),
          eligible: choices.map((c) => c.id),
          fallbackEngine: "generic rule engine",
        },
      );
      if ("fallbackReason" in attempt) return fallback(facts, context, attempt.fallbackReason);
      return withAnswer(attempt.answer, attempt.cached);
    },
  };
}
