/** Log level and the usage/audit log. */
import { z } from "zod";
import { DEFAULT_KEEP_LOGS, DEFAULT_MAX_LOG_BYTES, DEFAULT_USAGE_LOG } from "../log/index.ts";
import { declareSettings, setting } from "./declare-settings.ts";
import { intSetting, pathSetting } from "./setting-schemas.ts";

export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

export const LOG_SETTINGS = declareSettings("logging", "README.md", {
  LOG_LEVEL: setting(z.enum(LOG_LEVELS).default("info"), "pino log level."),
  ENGAGETRACK_USAGE_LOG: setting(
    pathSetting().default(DEFAULT_USAGE_LOG),
    "Usage and audit log (JSON lines).",
  ),
  ENGAGETRACK_USAGE_LOG_MAX_BYTES: setting(
    intSetting(1024, 2 ** 40).default(DEFAULT_MAX_LOG_BYTES),
    "Size at which the usage log rotates.",
  ),
  ENGAGETRACK_USAGE_LOG_KEEP: setting(
    intSetting(1, 1000).default(DEFAULT_KEEP_LOGS),
    "Rotated usage logs kept.",
  ),
});
