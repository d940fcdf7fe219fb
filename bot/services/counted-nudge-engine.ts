import type { Counter } from "prom-client";
import type { NudgeEngine } from "../../core/src/nudges/index.ts";

/**
 * Wraps a nudge engine so every nudge the rule engine wrote instead of the LLM is counted, by the
 * reason's code ("llm-timeout"; "llm-answer-invented-number: 20" counts as
 * "llm-answer-invented-number", keeping the label set small).
 *
 * @example
 * const engine = countFallbacks(createLlmNudgeEngine({ chat }), metrics.llmFallbacks);
 */
export function countFallbacks(engine: NudgeEngine, counter: Counter<"reason">): NudgeEngine {
  return {
    name: engine.name,
    async decide(facts, context) {
      const nudge = await engine.decide(facts, context);
      if (nudge.fallbackReason)
        counter.inc({ reason: nudge.fallbackReason.split(":")[0].trim().slice(0, 64) });
      return nudge;
    },
  };
}
