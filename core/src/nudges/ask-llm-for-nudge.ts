import { factsHash, type AnswerCache } from "./answer-cache.ts";
import type { ChatClient, ChatMessage } from "./chat-client.ts";
import type { CircuitBreaker } from "./circuit-breaker.ts";
import { checkLlmAnswer, type LlmAnswer } from "./llm-answer.ts";
import { LlmError } from "./llm-error.ts";

/** Where the engines report LLM trouble (a pino logger fits). */
export interface LlmEngineLogger {
  warn(object: Record<string, unknown>, message: string): void;
}

/** The LLM's checked answer (from the cache or a call), or why the rule engine answers instead. */
export type LlmNudgeAttempt = { answer: LlmAnswer; cached: boolean } | { fallbackReason: string };

export interface LlmNudgeRequest {
  /** The facts sent, hashed with the model into the cache key (`factsHash`). */
  promptFacts: Parameters<typeof factsHash>[1];
  /** The prompt for those facts; built only when the cache has no answer. */
  messages: () => ChatMessage[];
  /** The action IDs the answer may choose. */
  eligible: readonly string[];
  /** Which engine answers when the LLM does not ("rule engine", "generic rule engine"), for the log. */
  fallbackEngine: string;
}

// A prompt must never carry an e-mail address; facts come from an allow-list, this is the backstop.
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/;

/**
 * One LLM turn of a nudge engine, the same for the simulator's facts and a contract's: the cached
 * answer for these facts if any; else, unless the breaker is open or the prompt carries an e-mail
 * address, one call whose answer is checked by `checkLlmAnswer` (schema, eligible action, no
 * invented number, no contact detail) and cached. A failed call and a rejected answer both count
 * against the breaker — an endpoint that keeps answering in prose costs a call's latency and gives
 * nothing, so it is left alone for the open time; only an accepted answer resets it.
 *
 * @example
 * const attempt = await askLlmForNudge(chat, { cache, breaker }, { promptFacts, messages: () => nudgePrompt(promptFacts), eligible, fallbackEngine: "rule engine" });
 * "answer" in attempt ? attempt.answer.message : attempt.fallbackReason; // e.g. "llm-circuit-open"
 */
export async function askLlmForNudge(
  chat: ChatClient,
  options: { cache: AnswerCache; breaker?: CircuitBreaker; logger?: LlmEngineLogger },
  request: LlmNudgeRequest,
): Promise<LlmNudgeAttempt> {
  const key = factsHash(chat.model, request.promptFacts);
  const hit = options.cache.get(key);
  if (hit) return { answer: hit, cached: true };
  if (options.breaker && !options.breaker.allow()) return { fallbackReason: "llm-circuit-open" };
  const messages = request.messages();
  if (messages.some((m) => EMAIL.test(m.content))) return { fallbackReason: "llm-prompt-unsafe" };

  let text: string;
  try {
    text = await chat.complete(messages);
  } catch (err) {
    options.breaker?.failure();
    const code = err instanceof LlmError ? err.code : "error";
    options.logger?.warn(
      { code, status: err instanceof LlmError ? err.status : null, err },
      `llm nudge failed; ${request.fallbackEngine} answers`,
    );
    return { fallbackReason: `llm-${code}` };
  }
  const check = checkLlmAnswer(text, { eligible: request.eligible, factsText: messages[1].content });
  if (!check.ok) {
    options.breaker?.failure();
    options.logger?.warn(
      { code: `answer-${check.problem}`, detail: check.detail },
      `llm nudge answer rejected; ${request.fallbackEngine} answers`,
    );
    return { fallbackReason: `llm-answer-${check.problem}: ${check.detail}` };
  }
  options.breaker?.success();
  options.cache.set(key, check.answer);
  return { answer: check.answer, cached: false };
}
