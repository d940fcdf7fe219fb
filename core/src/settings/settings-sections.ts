import { DATA_SETTINGS } from "./data-settings.ts";
import type { SettingsSection } from "./declare-settings.ts";
import { DIGEST_SETTINGS } from "./digest-settings.ts";
import { LLM_SETTINGS } from "./llm-settings.ts";
import { LOG_SETTINGS } from "./log-settings.ts";
import { NOTEBOOK_SETTINGS } from "./notebook-settings.ts";
import { NUDGE_SETTINGS } from "./nudge-settings.ts";
import { SERVER_SETTINGS } from "./server-settings.ts";
import { SLACK_SETTINGS_SECTION } from "./slack-settings.ts";
import { STORE_SETTINGS } from "./store-settings.ts";
import { TERMINAL_SETTINGS } from "./terminal-settings.ts";

/**
 * Every section core declares. The Teams section is declared next to the Teams adapter
 * (bot/teams/teams-settings.ts) through the same mechanism; bot/settings-catalog.ts lists all.
 */
export const CORE_SETTINGS_SECTIONS: readonly SettingsSection[] = [
  DATA_SETTINGS,
  STORE_SETTINGS,
  LOG_SETTINGS,
  NUDGE_SETTINGS,
  LLM_SETTINGS,
  SERVER_SETTINGS,
  NOTEBOOK_SETTINGS,
  DIGEST_SETTINGS,
  SLACK_SETTINGS_SECTION,
  TERMINAL_SETTINGS,
];
