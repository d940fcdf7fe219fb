/**
 * Settings of everything that shows customer insights and nudges (CLI commands, server), read once
 * from the environment at the composition root and validated; each bad setting is named in one
 * message (secret values are never echoed).
 */
import { z } from "zod";
import { DEFAULT_KEEP_LOGS, DEFAULT_MAX_LOG_BYTES, DEFAULT_USAGE_LOG } from "../log/index.ts";
import {
  DEFAULT_LLM_BASE_URL,
  DEFAULT_LLM_MODEL,
  DEFAULT_LLM_TIMEOUT_MS,
  DEFAULT_NUDGE_COOLDOWN_MS,
} from "../nudges/index.ts";
import { SettingsError } from "./settings-error.ts";
import { readEnvSettings } from "./env-settings.ts";

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

const schema = z.object({
  LLM_BASE_URL: z.url({ protocol: /^https?$/ }).default(DEFAULT_LLM_BASE_URL),
  LLM_API_KEY: z.string().optional(),
  LLM_MODEL: z.string().min(1).max(200).default(DEFAULT_LLM_MODEL),
  LLM_TIMEOUT_MS: int(100, 60_000).default(DEFAULT_LLM_TIMEOUT_MS),
  ENGAGETRACK_MODEL_DIR: z.string().min(1).default("models/demo"),
  ENGAGETRACK_SNAPSHOTS_DIR: z.string().min(1).default("data/snapshots"),
  ENGAGETRACK_NUDGE_STRATEGIES: z.string().optional(),
  ENGAGETRACK_NUDGE_COOLDOWN_SECONDS: int(0, 7 * 24 * 3600).default(DEFAULT_NUDGE_COOLDOWN_MS / 1000),
  ENGAGETRACK_USAGE_LOG: z.string().min(1).default(DEFAULT_USAGE_LOG),
  ENGAGETRACK_USAGE_LOG_MAX_BYTES: int(1024, 2 ** 40).default(DEFAULT_MAX_LOG_BYTES),
  ENGAGETRACK_USAGE_LOG_KEEP: int(1, 1000).default(DEFAULT_KEEP_LOGS),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});

const SECRET = new Set(["LLM_API_KEY"]);

export interface InsightConfig {
  /** The LLM endpoint, or null with the reason it is off. */
  llm: { baseUrl: string; apiKey: string; model: string; timeoutMs: number } | { off: string };
  modelDir: string;
  snapshotsDir: string;
  /** JSON file with nudge strategies per experiment, or undefined for the defaults. */
  strategiesFile?: string;
  cooldownMs: number;
  usageLog: { path: string; maxBytes: number; keep: number; level: z.infer<typeof schema>["LOG_LEVEL"] };
}

export function insightConfigFrom(env: NodeJS.ProcessEnv): InsightConfig {
  const read = readEnvSettings(schema, env, SECRET);
  if (!read.ok) throw new SettingsError(`invalid configuration: ${read.problems.join("; ")}`);
  const c = read.settings;
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
