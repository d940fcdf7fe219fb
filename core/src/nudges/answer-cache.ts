import { createHash } from "node:crypto";
import { stableStringify } from "../model/stable-json.ts";
import type { ContractPromptFacts } from "./contract-nudge-prompt.ts";
import type { LlmAnswer } from "./llm-answer.ts";
import type { PromptFacts } from "./nudge-prompt.ts";

/** Validated LLM answers by facts hash, so identical facts cost one call. Swappable (e.g. for a shared cache). */
export interface AnswerCache {
  get(key: string): LlmAnswer | undefined;
  set(key: string, answer: LlmAnswer): void;
}

/** sha256 of the model name and the prompt facts (stable JSON): the cache key. */
export function factsHash(model: string, facts: PromptFacts | ContractPromptFacts): string {
  return createHash("sha256")
    .update(`${model}\u0000${stableStringify(facts)}`)
    .digest("hex");
}

/**
 * A bounded in-memory cache (least recently used entry dropped beyond `maxEntries`).
 *
 * @example
 * const cache = createAnswerCache({ maxEntries: 5000 });
 */
export function createAnswerCache(options: { maxEntries?: number } = {}): AnswerCache {
  const maxEntries = options.maxEntries ?? 5000;
  if (!(Number.isInteger(maxEntries) && maxEntries > 0))
    throw new RangeError(`invalid answer cache size: ${maxEntries}`);
  const entries = new Map<string, LlmAnswer>();
  return {
    get(key) {
      const hit = entries.get(key);
      if (hit) {
        entries.delete(key);
        entries.set(key, hit);
      }
      return hit;
    },
    set(key, answer) {
      entries.delete(key);
      entries.set(key, answer);
      if (entries.size > maxEntries) entries.delete(entries.keys().next().value as string);
    },
  };
}
