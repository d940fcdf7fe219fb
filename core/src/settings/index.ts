/**
 * Settings read from the environment by every process that shows insights and nudges (the CLI,
 * the server, the digests): one reader, one validation, one error.
 */
export { readEnvSettings, type EnvSettings } from "./env-settings.ts";
export { insightConfigFrom, type InsightConfig } from "./insight-config.ts";
export { SettingsError } from "./settings-error.ts";
