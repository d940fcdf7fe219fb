import { createAnswerCache, type AnswerCache } from "./answer-cache.ts";
import { askLlmForNudge, type LlmEngineLogger } from "./ask-llm-for-nudge.ts";
import { assembleNudge } from "./assemble-nudge.ts";
import type { ChatClient } from "./chat-client.ts";
import type { CircuitBreaker } from "./circuit-breaker.ts";
import type { LlmAnswer } from "./llm-answer.ts";
import type { Nudge, NudgeContext, NudgeEngine } from "./nudge.ts";
import type { NudgeFacts } from "./nudge-facts.ts";
import { nudgePrompt, promptFacts } from "./nudge-prompt.ts";
import { chooseRuleNudge, planNudge, type RuleEngineOptions } from "./rule-nudge-engine.ts";

export type { LlmEngineLogger };

export interface LlmEngineOptions extends RuleEngineOptions {
  /** The chat endpoint, or null when the LLM is off (no key). */
  chat: ChatClient | null;
  /** Why it is off, for the fallback reason; default "no API key". */
  offReason?: string;
  breaker?: CircuitBreaker;
  cache?: AnswerCache;
  logger?: LlmEngineLogger;
}

/**
 * The LLM engine: the rule engine ranks the eligible actions, the LLM picks one and words the
 * message from non-identifying facts, the answer is checked (`checkLlmAnswer`) and cached by facts
 * hash. Any failure — off, circuit open, timeout, HTTP error, bad answer — falls back to the rule
 * engine with the reason recorded in `fallbackReason`; `engine` says which one answered. Failed
 * calls and rejected answers both count against the breaker; only an accepted answer resets it.
 *
 * @example
 * const engine = createLlmNudgeEngine({ chat, breaker: createCircuitBreaker({ clock: Date.now }) });
 * const nudge = await engine.decide(facts, { experimentKey: "nudge-strategy-2026", trigger: "login" });
 * nudge.engine; // "llm", or "rules" with nudge.fallbackReason
 */
export function createLlmNudgeEngine(options: LlmEngineOptions): NudgeEngine {
  const cache = options.cache ?? createAnswerCache();
  const fallback = (facts: NudgeFacts, context: NudgeContext, reason: string): Nudge =>
    chooseRuleNudge(facts, context, options, reason);

  return {
    name: "llm",
    async decide(facts, context) {
      const chat = options.chat;
      if (!chat) return fallback(facts, context, `llm-off: ${options.offReason ?? "no API key"}`);
      const plan = planNudge(facts, context, options);
      const pf = promptFacts(
        facts,
        plan.ranked,
        { name: plan.strategy.name, description: plan.strategy.strategy.description },
        context.trigger,
      );
      const withAnswer = (answer: LlmAnswer, cached: boolean) =>
        assembleNudge(facts, context, {
          ...plan,
          chosen: plan.ranked.find((r) => r.action.id === answer.action)!,
          engine: { name: "llm", model: chat.model, cached },
          message: answer.message,
          fallbackReason: null,
        });
      const attempt = await askLlmForNudge(
        chat,
        { ...options, cache },
        {
          promptFacts: pf,
          messages: () => nudgePrompt(pf),
          eligible: plan.ranked.map((r) => r.action.id),
          fallbackEngine: "rule engine",
        },
      );
      if ("fallbackReason" in attempt) return fallback(facts, context, attempt.fallbackReason);
      return withAnswer(attempt.answer, attempt.cached);
    },
  };
}
