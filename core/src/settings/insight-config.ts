/**
 * Settings of everything that shows customer insights and nudges (CLI commands, server), read once
 * from the environment at the composition root and validated; each bad setting is named in one
 * message (secret values are never echoed).
 */
import { DATA_SETTINGS } from "./data-settings.ts";
import { parseSettings } from "./declare-settings.ts";
import { LLM_SETTINGS } from "./llm-settings.ts";
import { LOG_LEVELS, LOG_SETTINGS } from "./log-settings.ts";
import { NUDGE_SETTINGS } from "./nudge-settings.ts";

const { ENGAGETRACK_MODEL_DIR, ENGAGETRACK_SNAPSHOTS_DIR } = DATA_SETTINGS.settings;
/** The settings `insightConfigFrom` reads. */
export const INSIGHT_SETTINGS = {
  ...LLM_SETTINGS.settings,
  ENGAGETRACK_MODEL_DIR,
  ENGAGETRACK_SNAPSHOTS_DIR,
  ...NUDGE_SETTINGS.settings,
  ...LOG_SETTINGS.settings,
};

export interface InsightConfig {
  /** The LLM endpoint, or null with the reason it is off. */
  llm: { baseUrl: string; apiKey: string; model: string; timeoutMs: number } | { off: string };
  modelDir: string;
  snapshotsDir: string;
  /** JSON file with nudge strategies per experiment, or undefined for the defaults. */
  strategiesFile?: string;
  cooldownMs: number;
  usageLog: { path: string; maxBytes: number; keep: number; level: (typeof LOG_LEVELS)[number] };
}

export function insightConfigFrom(env: NodeJS.ProcessEnv): InsightConfig {
  const c = parseSettings(env, INSIGHT_SETTINGS);
  return {
    llm: c.LLM_API_KEY
      ? {
          baseUrl: c.LLM_BASE_URL,
          apiKey: c.LLM_API_KEY.trim(),
          model: c.LLM_MODEL,
          timeoutMs: c.LLM_TIMEOUT_MS,
        }
      : { off: "LLM_API_KEY is not set" },
    modelDir: c.ENGAGETRACK_MODEL_DIR,
    snapshotsDir: c.ENGAGETRACK_SNAPSHOTS_DIR,
    strategiesFile: c.ENGAGETRACK_NUDGE_STRATEGIES,
    cooldownMs: c.ENGAGETRACK_NUDGE_COOLDOWN_SECONDS * 1000,
    usageLog: {
      path: c.ENGAGETRACK_USAGE_LOG,
      maxBytes: c.ENGAGETRACK_USAGE_LOG_MAX_BYTES,
      keep: c.ENGAGETRACK_USAGE_LOG_KEEP,
      level: c.LOG_LEVEL,
    },
  };
}
