/** The optional OpenAI-compatible LLM endpoint. */
import { z } from "zod";
import { DEFAULT_LLM_BASE_URL, DEFAULT_LLM_MODEL, DEFAULT_LLM_TIMEOUT_MS } from "../nudges/index.ts";
import { declareSettings, setting } from "./declare-settings.ts";
import { intSetting } from "./setting-schemas.ts";

export const LLM_SETTINGS = declareSettings("llm", "README.md", {
  LLM_BASE_URL: setting(
    z.url({ protocol: /^https?$/ }).default(DEFAULT_LLM_BASE_URL),
    "OpenAI-compatible chat-completions endpoint.",
  ),
  LLM_API_KEY: setting(z.string().optional(), "Key for that endpoint; empty: LLM off.", { secret: true }),
  LLM_MODEL: setting(z.string().min(1).max(200).default(DEFAULT_LLM_MODEL), "Model of LLM nudges."),
  LLM_TIMEOUT_MS: setting(
    intSetting(100, 60_000).default(DEFAULT_LLM_TIMEOUT_MS),
    "Time budget of one LLM nudge, retries included.",
  ),
});
