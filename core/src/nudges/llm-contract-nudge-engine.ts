import { createAnswerCache, factsHash, type AnswerCache } from "./answer-cache.ts";
import { assembleContractNudge } from "./assemble-contract-nudge.ts";
import type { ChatClient } from "./chat-client.ts";
import type { CircuitBreaker } from "./circuit-breaker.ts";
import type { ContractNudge, ContractNudgeContext, ContractNudgeEngine } from "./contract-nudge.ts";
import type { ContractNudgeFacts } from "./contract-nudge-facts.ts";
import { contractNudgePrompt, contractPromptActions, contractPromptFacts } from "./contract-nudge-prompt.ts";
import { checkLlmAnswer, type LlmAnswer } from "./llm-answer.ts";
import { LlmError } from "./llm-error.ts";
import type { LlmEngineLogger } from "./llm-nudge-engine.ts";
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

// A prompt must never carry an e-mail address; facts come from an allow-list, this is the backstop.
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/;

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
      const key = factsHash(chat.model, pf);
      const withAnswer = (answer: LlmAnswer, cached: boolean) =>
        assembleContractNudge(facts, context, plan, {
          offer: choices.find((c) => c.id === answer.action)!.offer,
          engine: { name: "llm", model: chat.model, cached },
          message: answer.message,
          fallbackReason: null,
        });

      const hit = cache.get(key);
      if (hit) return withAnswer(hit, true);
      if (options.breaker && !options.breaker.allow()) return fallback(facts, context, "llm-circuit-open");
      const messages = contractNudgePrompt(pf);
      if (messages.some((m) => EMAIL.test(m.content))) return fallback(facts, context, "llm-prompt-unsafe");

      let text: string;
      try {
        text = await chat.complete(messages);
      } catch (err) {
        options.breaker?.failure();
        const code = err instanceof LlmError ? err.code : "error";
        options.logger?.warn(
          { code, status: err instanceof LlmError ? err.status : null, err },
          "llm nudge failed; generic rule engine answers",
        );
        return fallback(facts, context, `llm-${code}`);
      }
      const check = checkLlmAnswer(text, {
        eligible: choices.map((c) => c.id),
        factsText: messages[1].content,
      });
      if (!check.ok) {
        // As in the simulator's engine: an answer that is not what was asked counts against the breaker.
        options.breaker?.failure();
        options.logger?.warn(
          { code: `answer-${check.problem}`, detail: check.detail },
          "llm nudge answer rejected; generic rule engine answers",
        );
        return fallback(facts, context, `llm-answer-${check.problem}: ${check.detail}`);
      }
      options.breaker?.success();
      cache.set(key, check.answer);
      return withAnswer(check.answer, false);
    },
  };
}
