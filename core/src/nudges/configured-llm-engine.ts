import { createAnswerCache } from "./answer-cache.ts";
import { createChatClient } from "./chat-client.ts";
import { createCircuitBreaker } from "./circuit-breaker.ts";
import { createLlmNudgeEngine, type LlmEngineLogger } from "./llm-nudge-engine.ts";
import { createLlmContractNudgeEngine } from "./llm-contract-nudge-engine.ts";
import type { ContractNudgeEngine } from "./contract-nudge.ts";
import type { NudgeEngine } from "./nudge.ts";
import type { NudgeStrategyConfig } from "./nudge-strategy.ts";

/** An OpenAI-compatible endpoint's settings (LLM_BASE_URL, LLM_API_KEY, LLM_MODEL, LLM_TIMEOUT_MS). */
export interface LlmSettings {
  baseUrl: string;
  apiKey: string;
  model: string;
  timeoutMs: number;
}

/**
 * The LLM nudge engine as the CLI and the server run it: a chat client for the endpoint, a circuit
 * breaker, an answer cache, and the rule engine as the fallback.
 *
 * @example
 * const engine = createConfiguredLlmEngine(settings, { strategies, logger });
 */
export function createConfiguredLlmEngine(
  llm: LlmSettings,
  options: {
    strategies?: NudgeStrategyConfig;
    logger?: LlmEngineLogger;
    /** Random source of retry jitter; default Math.random. */
    random?: () => number;
    /** Milliseconds since the epoch (the breaker's open time); default Date.now. */
    clock?: () => number;
  } = {},
): NudgeEngine {
  return createLlmNudgeEngine({
    chat: createChatClient({
      baseUrl: llm.baseUrl,
      apiKey: llm.apiKey,
      model: llm.model,
      timeoutMs: llm.timeoutMs,
      random: options.random ?? Math.random,
    }),
    breaker: createCircuitBreaker({ clock: options.clock ?? Date.now }),
    cache: createAnswerCache(),
    logger: options.logger,
    strategies: options.strategies,
  });
}

/**
 * `createConfiguredLlmEngine` for tables described by a dataset contract (generic facts, the
 * generic rule engine as the fallback).
 */
export function createConfiguredLlmContractEngine(
  llm: LlmSettings,
  options: { logger?: LlmEngineLogger; random?: () => number; clock?: () => number } = {},
): ContractNudgeEngine {
  return createLlmContractNudgeEngine({
    chat: createChatClient({
      baseUrl: llm.baseUrl,
      apiKey: llm.apiKey,
      model: llm.model,
      timeoutMs: llm.timeoutMs,
      random: options.random ?? Math.random,
    }),
    breaker: createCircuitBreaker({ clock: options.clock ?? Date.now }),
    cache: createAnswerCache(),
    logger: options.logger,
  });
}
