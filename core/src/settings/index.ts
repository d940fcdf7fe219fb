/**
 * Every environment setting, declared once (name, zod schema, default, one-line description,
 * secret or not) in sections; each process reads the sections it needs, once, at its composition
 * root. The readers of the CLI, the server and the digests build on them.
 */
export { readEnvSettings, type EnvSettings } from "./env-settings.ts";
export {
  declareSettings,
  defaultOf,
  parseSettings,
  readSettings,
  setting,
  type ReadSettings,
  type Setting,
  type Settings,
  type SettingsOf,
  type SettingsSection,
} from "./declare-settings.ts";
export {
  boolSetting,
  intSetting,
  moneySetting,
  pathSetting,
  postgresUrlSetting,
  secondsSetting,
} from "./setting-schemas.ts";
export {
  DATA_SETTINGS,
  DEFAULT_CUSTOMER_VALUE,
  DEFAULT_MODEL_DIR,
  DEFAULT_OFFER_COST,
  DEFAULT_SEED,
  DEFAULT_SIMULATE_ROWS,
  DEFAULT_SNAPSHOTS_DIR,
} from "./data-settings.ts";
export { DEFAULT_STORE_DIR, STORE_SETTINGS } from "./store-settings.ts";
export { LOG_LEVELS, LOG_SETTINGS } from "./log-settings.ts";
export { LLM_SETTINGS } from "./llm-settings.ts";
export { NUDGE_SETTINGS } from "./nudge-settings.ts";
export {
  DEFAULT_CHART_URL_TTL_SECONDS,
  DEFAULT_HOST,
  DEFAULT_IDLE_TIMEOUT_SECONDS,
  DEFAULT_MAX_CONNECTIONS,
  DEFAULT_PORT,
  DEFAULT_RATE_LIMIT_PER_MINUTE,
  DEFAULT_SHUTDOWN_TIMEOUT_SECONDS,
  DEFAULT_SNAPSHOT_POLL_SECONDS,
  MIN_SECRET_LENGTH,
  SERVER_SETTINGS,
} from "./server-settings.ts";
export { DEFAULT_NOTEBOOK_CUSTOMERS, NOTEBOOK_SETTINGS } from "./notebook-settings.ts";
export {
  DEFAULT_DIGESTS_FILE,
  DEFAULT_LEASE_SECONDS,
  DEFAULT_OLD_LEDGER_DIR,
  DEFAULT_OUTBOX_DIR,
  DEFAULT_START_DELAY_SECONDS,
  DIGEST_SETTINGS,
} from "./digest-settings.ts";
export { MIN_SIGNING_SECRET_LENGTH, SLACK_SETTINGS_SECTION } from "./slack-settings.ts";
export { TERMINAL_SETTINGS } from "./terminal-settings.ts";
export { CORE_SETTINGS_SECTIONS } from "./settings-sections.ts";
export { insightConfigFrom, INSIGHT_SETTINGS, type InsightConfig } from "./insight-config.ts";
export { SettingsError } from "./settings-error.ts";
