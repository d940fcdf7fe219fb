import { createAnswerCache, factsHash, type AnswerCache } from "./answer-cache.ts";
import { assembleNudge } from "./assemble-nudge.ts";
import type { ChatClient } from "./chat-client.ts";
import type { CircuitBreaker } from "./circuit-breaker.ts";
import { checkLlmAnswer, type LlmAnswer } from "./llm-answer.ts";
import { LlmError } from "./llm-error.ts";
import type { Nudge, NudgeContext, NudgeEngine } from "./nudge.ts";
import type { NudgeFacts } from "./nudge-facts.ts";
import { nudgePrompt, promptFacts } from "./nudge-prompt.ts";
import { chooseRuleNudge, planNudge, type RuleEngineOptions } from "./rule-nudge-engine.ts";

/** Where the engine reports LLM trouble (a pino logger fits). */
export interface LlmEngineLogger {
  warn(object: Record<string, unknown>, message: string): void;
}

export interface LlmEngineOptions extends RuleEngineOptions {
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
      const key = factsHash(chat.model, pf);
      const withAnswer = (answer: LlmAnswer, cached: boolean) =>
        assembleNudge(facts, context, {
          ...plan,
          chosen: plan.ranked.find((r) => r.action.id === answer.action)!,
          engine: { name: "llm", model: chat.model, cached },
          message: answer.message,
          fallbackReason: null,
        });

      const hit = cache.get(key);
      if (hit) return withAnswer(hit, true);
      if (options.breaker && !options.breaker.allow()) return fallback(facts, context, "llm-circuit-open");
      const messages = nudgePrompt(pf);
      if (messages.some((m) => EMAIL.test(m.content))) return fallback(facts, context, "llm-prompt-unsafe");

      let text: string;
      try {
        text = await chat.complete(messages);
      } catch (err) {
        options.breaker?.failure();
        const code = err instanceof LlmError ? err.code : "error";
        options.logger?.warn(
          { code, status: err instanceof LlmError ? err.status : null, err },
          "llm nudge failed; rule engine answers",
        );
        return fallback(facts, context, `llm-${code}`);
      }
      const check = checkLlmAnswer(text, {
        eligible: plan.ranked.map((r) => r.action.id),
        factsText: messages[1].content,
      });
      if (!check.ok) {
        // An endpoint that answers but not with what was asked costs a call's latency and gives
        // nothing: it counts against the breaker like a failed call, so a model that keeps
        // answering in prose is left alone for the open time.
        options.breaker?.failure();
        options.logger?.warn(
          { code: `answer-${check.problem}`, detail: check.detail },
          "llm nudge answer rejected; rule engine answers",
        );
        return fallback(facts, context, `llm-answer-${check.problem}: ${check.detail}`);
      }
      options.breaker?.success();
      cache.set(key, check.answer);
      return withAnswer(check.answer, false);
    },
  };
}
